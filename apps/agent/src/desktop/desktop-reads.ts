import type { OnReadOpts } from 'node:net';
import type { ByteReader } from '@atrium/rfb';
import { ReadSlabs, type HeldBytes } from './read-slabs';

/**
 * The desktop's reads: into 256 KiB slabs, at least 64 KiB at a time (a full-screen stream averaged 170 KiB
 * a read: about what a Unix socket holds). Four spares cover what is in flight at the browser's buffer mark
 * (256 KiB), so a fast stream reuses the same few slabs: with one spare it allocated a slab per 870 KiB.
 * After 10 s without a large read the spares go, and an idle viewer holds one slab.
 */
const DESKTOP_READS = { slabBytes: 256 * 1024, minReadBytes: 64 * 1024, spareSlabs: 4, sparesIdleMs: 10_000 };

/** What a VNC server may send before the relay starts: its handshake is well under 1 KiB. */
export const DESKTOP_HANDSHAKE_MAX_BYTES = 64 * 1024;

/**
 * Where the VNC socket's reads go: to the RFB handshake's reader first (which copies what it keeps, up to
 * DESKTOP_HANDSHAKE_MAX_BYTES), then, once both handshakes are done, to the relay. `onread` is what the
 * socket is opened with. Whatever goes wrong in a read callback (it must not throw: nothing would catch it)
 * stops reading and goes to `onFailure`, set by the bridge once the socket exists.
 */
export class DesktopReads {
  private readonly slabs = new ReadSlabs(DESKTOP_READS);
  private reader?: ByteReader;
  /** Reads that came before the handshake reader existed (copies). */
  private readonly early: Buffer[] = [];
  private earlyBytes = 0;
  private relay?: (held: HeldBytes) => boolean;
  private failure?: Error;
  private failureHandler?: (error: Error) => void;

  readonly onread: OnReadOpts = {
    buffer: () => this.slabs.nextReadBuffer(),
    callback: (nread, buffer) => {
      if (this.failure) return false;
      try {
        return this.route(this.slabs.take(nread, buffer as Buffer));
      } catch (error) {
        this.fail(error as Error);
        return false;
      }
    },
  };

  /** Told once, at once if a read has failed already. */
  set onFailure(handler: (error: Error) => void) {
    this.failureHandler = handler;
    if (this.failure) handler(this.failure);
  }

  /** The handshake reads through `reader` from now on; reads that came before go to it first. */
  handshakeWith(reader: ByteReader): void {
    this.reader = reader;
    for (const bytes of this.early.splice(0)) reader.push(bytes);
  }

  /**
   * Reads go to `relay` from now on, led by what the handshake reader had received beyond the handshake.
   * Answers whether reading may go on (false: the relay's destination is backed up).
   */
  relayTo(relay: (held: HeldBytes) => boolean, pastHandshake: Buffer): boolean {
    this.relay = relay;
    return pastHandshake.length ? relay({ bytes: pastHandshake, release: () => undefined }) : true;
  }

  /** Returns false to pause the socket. */
  private route(held: HeldBytes): boolean {
    if (this.relay) return this.relay(held);
    try {
      if (this.reader) {
        this.reader.push(held.bytes);
        if (this.reader.failed) this.fail(new Error('the desktop sent more than a handshake before the relay started'));
        return !this.reader.failed;
      }
      this.earlyBytes += held.bytes.length;
      if (this.earlyBytes > DESKTOP_HANDSHAKE_MAX_BYTES)
        throw new Error(`the desktop sent more than ${DESKTOP_HANDSHAKE_MAX_BYTES} bytes before its handshake`);
      this.early.push(Buffer.from(held.bytes));
      return true;
    } finally {
      held.release();
    }
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.failureHandler?.(error);
  }
}
