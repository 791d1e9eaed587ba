import type { Writable } from 'node:stream';
import { joinShortRuns, type ProtocolFramer } from '@atrium/rfb';
import type { HeldBytes } from './read-slabs';

/**
 * The desktop-to-browser half of a bridge, driven by the VNC socket's reads: each read is framed by the
 * server protocol, what may pass is written to the browser, and the read's memory is released once the
 * last of those writes has gone out (writes complete in order, so the last one means all of them).
 *
 * `relay` answers whether reading may go on: false while the browser's buffer is over its mark, and the
 * caller resumes reading on the browser's 'drain'. A protocol error is handed to `fail`, once.
 *
 * Runs of short pieces (message headers, or a desktop that sends thousands of one-byte messages in a read)
 * are joined into one write (`joinShortRuns`), so a read becomes at most a few writes whatever the desktop
 * sends: the browser's buffer mark counts bytes, not writes.
 */
export class DesktopToBrowser {
  private failed = false;
  private readonly pieces: Buffer[] = [];
  private readonly collect = (bytes: Buffer) => void this.pieces.push(bytes);

  constructor(
    private readonly framer: ProtocolFramer,
    private readonly browser: Writable,
    private readonly fail: (error: Error) => void,
  ) {}

  relay(held: HeldBytes): boolean {
    if (this.failed || this.browser.destroyed) {
      held.release();
      return false;
    }
    try {
      this.framer.feed(held.bytes, this.collect);
    } catch (error) {
      this.pieces.length = 0;
      held.release();
      this.failed = true;
      this.fail(error as Error);
      return false;
    }
    return this.writePieces(held.release);
  }

  private writePieces(release: () => void): boolean {
    const writes = joinShortRuns(this.pieces);
    this.pieces.length = 0;
    if (writes.length === 0) {
      release();
      return true;
    }
    let room = true;
    for (let index = 0; index < writes.length; index++) {
      const last = index === writes.length - 1;
      // A write that fails or is cut short by destroy still calls back; and a slab never released is only
      // not reused: the garbage collector takes it with the connection.
      room = this.browser.write(writes[index], last ? release : undefined);
    }
    return room;
  }
}
