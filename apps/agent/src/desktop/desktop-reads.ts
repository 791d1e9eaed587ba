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

/**
 * Where the VNC socket's reads go: to the RFB handshake's reader first (which copies what it keeps), then,
 * once both handshakes are done, to the relay. `onread` is what the socket is opened with.
 */
export class DesktopReads {
  private readonly slabs = new ReadSlabs(DESKTOP_READS);
  private reader?: ByteReader;
  /** Reads that came before the handshake reader existed (copies). */
  private readonly early: Buffer[] = [];
  private relay?: (held: HeldBytes) => boolean;

  readonly onread: OnReadOpts = {
    buffer: () => this.slabs.nextReadBuffer(),
    callback: (nread, buffer) => this.route(this.slabs.take(nread, buffer as Buffer)),
  };

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
    if (this.reader) this.reader.push(held.bytes);
    else this.early.push(Buffer.from(held.bytes));
    held.release();
    return true;
  }
}
