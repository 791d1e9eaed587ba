import { createError } from './app-error';

/**
 * The bounds of file transfers: the largest single file either way, and the bytes one session may move in
 * total (uploads and downloads together). A transfer reserves its size before a byte moves and gives back what
 * it did not use. Kept in the role's memory: a restarted role forgets what its sessions moved so far.
 */
export class TransferBudget {
  private readonly used = new Map<string, number>();

  constructor(
    readonly maxFileBytes: number,
    readonly sessionBytes: number,
  ) {}

  remaining(sessionId: string): number {
    return Math.max(0, this.sessionBytes - (this.used.get(sessionId) ?? 0));
  }

  /**
   * Takes `bytes` from the session's total, or refuses (413) before anything is read or written. A file counted
   * as it streams (its size unknown up front) passes what it already `moved`, for the per-file limit.
   */
  reserve(sessionId: string, bytes: number, moved = 0): void {
    if (moved + bytes > this.maxFileBytes) {
      throw createError(413, 'file_too_large', `Files larger than ${mebibytes(this.maxFileBytes)} are not transferred.`);
    }
    if (bytes > this.remaining(sessionId)) {
      throw createError(413, 'session_transfer_limit', `This session has ${mebibytes(this.remaining(sessionId))} of its transfer allowance left.`);
    }
    this.used.set(sessionId, (this.used.get(sessionId) ?? 0) + bytes);
  }

  /** Gives back what a transfer reserved and did not move. */
  release(sessionId: string, bytes: number): void {
    const left = (this.used.get(sessionId) ?? 0) - bytes;
    if (left > 0) this.used.set(sessionId, left);
    else this.used.delete(sessionId);
  }

  forget(sessionId: string): void {
    this.used.delete(sessionId);
  }
}

const mebibytes = (bytes: number) => `${Math.floor(bytes / (1024 * 1024))} MiB`;
