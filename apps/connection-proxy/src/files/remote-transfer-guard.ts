import { TRANSFER_CANCEL_OPCODE, TRANSFER_REFUSED_OPCODE, type ConnectionFiles, type TransferReport } from '@atrium/contracts';
import { isAppError, type TransferBudget } from '@atrium/http';
import { encodeInstruction, type Instruction } from '../guac/instructions';

/** What one instruction becomes: text for guacd and text for the browser (either may be empty). */
export interface Routed {
  toGuacd: string;
  toBrowser: string;
}

export interface TransferEvents {
  /** A transfer ended (for the audit log). */
  report(report: Omit<TransferReport, 'sessionId'>): void;
  /** An upload was stopped part way: remove what the remote side kept of it, where this role can (a drive). */
  removePartial(path: string): void;
}

interface Moving {
  /** The path guacd was given (uploads) or named (downloads). */
  path: string;
  bytes: number;
}

/** guacamole-common-js's mimetype of a folder listing: browsing, not a download. */
const STREAM_INDEX_MIMETYPE = 'application/vnd.glyptodon.guacamole.stream-index+json';

/** Guacamole status codes of a refusal: not allowed, and too much data. */
const FORBIDDEN = 0x0303;
const TOO_MUCH = 0x030d;

/** Where the stream index is in each instruction that opens a stream: a reused index is a new stream. */
const OPENS_STREAM: Record<string, number> = { body: 2, put: 2, file: 1, img: 1, audio: 1, video: 1, clipboard: 1, pipe: 1, argv: 1 };

const pass = (instruction: Instruction): Routed => ({ toGuacd: instruction.text, toBrowser: '' });
const passBack = (instruction: Instruction): Routed => ({ toGuacd: '', toBrowser: instruction.text });
const DROP: Routed = { toGuacd: '', toBrowser: '' };

/** Bytes a base64 blob carries. */
export const base64Bytes = (data: string) => Math.floor((data.length * 3) / 4) - (data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0);

const refusedInstruction = (stream: string, code: string, message: string) => encodeInstruction(TRANSFER_REFUSED_OPCODE, stream, code, message);

/**
 * Governs the file streams of one Guacamole connection (SFTP for SSH, the drive for RDP), whatever guacd's own
 * settings allow: a direction the policy turned off never starts (the browser gets a refusal it can show), every
 * blob is counted against the per-file limit and the session's total before it is passed on, and each transfer
 * is reported once with how it ended. Browser streams (uploads) and guacd streams (downloads) have separate
 * index spaces; a stopped stream's late instructions are dropped until its index opens a new stream.
 */
export class RemoteTransferGuard {
  private readonly uploads = new Map<string, Moving>();
  private readonly downloads = new Map<string, Moving>();
  private readonly stoppedUploads = new Set<string>();
  private readonly stoppedDownloads = new Set<string>();

  constructor(
    private readonly sessionId: string,
    private readonly files: ConnectionFiles,
    private readonly budget: TransferBudget,
    private readonly events: TransferEvents,
  ) {}

  /** An instruction the browser sent, on its way to guacd. */
  fromBrowser(instruction: Instruction): Routed {
    const [opcode = '', first = '', second = '', third = '', fourth = ''] = instruction.elements;
    this.forgetReusedIndex(opcode, instruction.elements, this.stoppedUploads, this.uploads);
    switch (opcode) {
      case 'put': // put,object,stream,mimetype,path
        return this.openUpload(instruction, second, fourth);
      case 'file': // file,stream,mimetype,name: into the drive's (or SFTP's) upload folder
        return this.openUpload(instruction, first, `/${third}`);
      case 'blob':
        return this.uploadBlob(instruction, first, second);
      case 'end':
        return this.endUpload(instruction, first);
      case 'ack':
        return this.browserAck(instruction, first, third);
      case TRANSFER_CANCEL_OPCODE:
        return this.cancelUpload(first);
      default:
        return pass(instruction);
    }
  }

  /** An instruction guacd sent, on its way to the browser. */
  fromGuacd(instruction: Instruction): Routed {
    const [opcode = '', first = '', second = '', third = '', fourth = ''] = instruction.elements;
    this.forgetReusedIndex(opcode, instruction.elements, this.stoppedDownloads, this.downloads);
    switch (opcode) {
      case 'body': // body,object,stream,mimetype,name
        return third === STREAM_INDEX_MIMETYPE ? passBack(instruction) : this.openDownload(instruction, second, fourth);
      case 'file': // file,stream,mimetype,name: guacd offers a file (the RDP drive's Download folder)
        return this.openDownload(instruction, first, third);
      case 'blob':
        return this.downloadBlob(instruction, first, second);
      case 'end':
        return this.endDownload(instruction, first);
      case 'ack':
        return this.guacdAck(instruction, first, second, third);
      default:
        return passBack(instruction);
    }
  }

  /** The connection closed: whatever was still moving was cut off. */
  end(): void {
    for (const [stream, upload] of this.uploads) this.stopUpload(stream, upload, 'cancelled', 'connection_closed');
    for (const [stream, download] of this.downloads) this.finish(stream, 'download', download, 'cancelled', 'connection_closed');
  }

  private forgetReusedIndex(opcode: string, elements: string[], stopped: Set<string>, moving: Map<string, Moving>): void {
    const position = OPENS_STREAM[opcode];
    if (position === undefined) return;
    const stream = elements[position] ?? '';
    stopped.delete(stream);
    moving.delete(stream);
  }

  private openUpload(instruction: Instruction, stream: string, path: string): Routed {
    if (!this.files.upload) {
      this.stoppedUploads.add(stream);
      this.events.report({ direction: 'upload', name: path, bytes: 0, outcome: 'refused', reason: 'uploads_disabled' });
      return { toGuacd: '', toBrowser: encodeInstruction('ack', stream, 'Uploads are turned off by your policy.', String(FORBIDDEN)) };
    }
    this.uploads.set(stream, { path, bytes: 0 });
    return pass(instruction);
  }

  private uploadBlob(instruction: Instruction, stream: string, data: string): Routed {
    if (this.stoppedUploads.has(stream)) return DROP;
    const upload = this.uploads.get(stream);
    if (!upload) return pass(instruction); // not a file (clipboard, sound input)
    const refusal = this.take(upload, base64Bytes(data));
    if (!refusal) return pass(instruction);
    this.stopUpload(stream, upload, 'refused', refusal.code);
    // guacd closes the file it was writing; the browser learns why from the acknowledgement it waits for.
    return { toGuacd: encodeInstruction('end', stream), toBrowser: encodeInstruction('ack', stream, refusal.message, String(TOO_MUCH)) };
  }

  private endUpload(instruction: Instruction, stream: string): Routed {
    if (this.stoppedUploads.has(stream)) return DROP;
    const upload = this.uploads.get(stream);
    if (upload) this.finish(stream, 'upload', upload, 'completed');
    return pass(instruction);
  }

  private cancelUpload(stream: string): Routed {
    const upload = this.uploads.get(stream);
    if (!upload) return DROP;
    this.stopUpload(stream, upload, 'cancelled', 'cancelled');
    return { toGuacd: encodeInstruction('end', stream), toBrowser: '' };
  }

  private browserAck(instruction: Instruction, stream: string, status: string): Routed {
    if (this.stoppedDownloads.has(stream)) return DROP; // guacd already closed it
    const download = this.downloads.get(stream);
    if (download && Number(status) !== 0) this.finish(stream, 'download', download, 'cancelled', 'cancelled');
    return pass(instruction);
  }

  private openDownload(instruction: Instruction, stream: string, path: string): Routed {
    if (!this.files.download) {
      this.stoppedDownloads.add(stream);
      this.events.report({ direction: 'download', name: path, bytes: 0, outcome: 'refused', reason: 'downloads_disabled' });
      // The browser is waiting for this stream: it gets it, with the refusal and its end, so it can say why.
      return {
        toGuacd: encodeInstruction('ack', stream, 'Downloads are turned off by the policy.', String(FORBIDDEN)),
        toBrowser:
          instruction.text + refusedInstruction(stream, 'downloads_disabled', 'Downloads are turned off by your policy.') + encodeInstruction('end', stream),
      };
    }
    this.downloads.set(stream, { path, bytes: 0 });
    return passBack(instruction);
  }

  private downloadBlob(instruction: Instruction, stream: string, data: string): Routed {
    if (this.stoppedDownloads.has(stream)) return DROP;
    const download = this.downloads.get(stream);
    if (!download) return passBack(instruction); // an image, sound, the clipboard
    const refusal = this.take(download, base64Bytes(data));
    if (!refusal) return passBack(instruction);
    this.stoppedDownloads.add(stream);
    this.finish(stream, 'download', download, 'refused', refusal.code);
    return {
      toGuacd: encodeInstruction('ack', stream, refusal.message, String(TOO_MUCH)),
      toBrowser: refusedInstruction(stream, refusal.code, refusal.message) + encodeInstruction('end', stream),
    };
  }

  private endDownload(instruction: Instruction, stream: string): Routed {
    if (this.stoppedDownloads.has(stream)) return DROP;
    const download = this.downloads.get(stream);
    if (download) this.finish(stream, 'download', download, 'completed');
    return passBack(instruction);
  }

  /** guacd refusing or failing an upload (SFTP's own switch, a full disk): the transfer ends there. */
  private guacdAck(instruction: Instruction, stream: string, message: string, status: string): Routed {
    const upload = this.uploads.get(stream);
    if (upload && Number(status) !== 0) {
      this.finish(stream, 'upload', upload, Number(status) === FORBIDDEN ? 'refused' : 'failed', message.slice(0, 64) || status);
    }
    return passBack(instruction);
  }

  /** Counts `bytes` more of a file, or says why not (file_too_large, session_transfer_limit). */
  private take(moving: Moving, bytes: number): { code: string; message: string } | undefined {
    try {
      this.budget.reserve(this.sessionId, bytes, moving.bytes);
      moving.bytes += bytes;
      return undefined;
    } catch (error) {
      if (!isAppError(error)) throw error;
      return { code: error.code, message: error.message };
    }
  }

  private stopUpload(stream: string, upload: Moving, outcome: 'refused' | 'cancelled', reason: string): void {
    this.stoppedUploads.add(stream);
    this.finish(stream, 'upload', upload, outcome, reason);
    this.events.removePartial(upload.path);
  }

  private finish(stream: string, direction: 'upload' | 'download', moving: Moving, outcome: TransferReport['outcome'], reason?: string): void {
    (direction === 'upload' ? this.uploads : this.downloads).delete(stream);
    this.events.report({ direction, name: moving.path, bytes: moving.bytes, outcome, ...(reason && { reason }) });
  }
}
