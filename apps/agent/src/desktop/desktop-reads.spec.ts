import type { OnReadOpts } from 'node:net';
import { PassThrough } from 'node:stream';
import { ByteReader } from '@atrium/rfb';
import { DESKTOP_HANDSHAKE_MAX_BYTES, DesktopReads } from './desktop-reads';

/** What the socket does with `onread`: asks for a buffer, fills it, hands it back; the answer says whether to go on. */
function socketRead(onread: OnReadOpts, bytes: Buffer): boolean {
  const buffer = (onread.buffer as () => Buffer)();
  bytes.copy(buffer);
  return onread.callback(bytes.length, buffer) !== false;
}

describe('DesktopReads', () => {
  it('hands reads to the handshake reader, then to the relay, led by what came past the handshake', async () => {
    const reads = new DesktopReads();
    expect(socketRead(reads.onread, Buffer.from('RFB 003.008\n'))).toBe(true); // before the reader exists
    const reader = new ByteReader(new PassThrough(), { fed: true });
    reads.handshakeWith(reader);
    expect((await reader.read(12)).toString()).toBe('RFB 003.008\n');
    socketRead(reads.onread, Buffer.from([1, 2, 3]));
    await reader.read(1);
    const relayed: number[] = [];
    reads.relayTo((held) => (relayed.push(...held.bytes), held.release(), true), reader.release());
    socketRead(reads.onread, Buffer.from([4]));
    expect(relayed).toEqual([2, 3, 4]);
  });

  it('stops reading and reports it when the desktop floods its handshake', () => {
    const reads = new DesktopReads();
    const failures: string[] = [];
    reads.onFailure = (error) => failures.push(error.message);
    const reader = new ByteReader(new PassThrough(), { fed: true, maxBufferedBytes: DESKTOP_HANDSHAKE_MAX_BYTES });
    reads.handshakeWith(reader);
    expect(socketRead(reads.onread, Buffer.alloc(60 * 1024))).toBe(true);
    expect(socketRead(reads.onread, Buffer.alloc(60 * 1024))).toBe(false);
    expect(reader.failed).toBe(true);
    // The bridge closes the connection on this report, at once rather than at the handshake's deadline.
    expect(failures).toEqual(['the desktop sent more than a handshake before the relay started']);
  });

  it('turns a failure inside a read callback into a stopped read and one report, never a throw', () => {
    const reads = new DesktopReads();
    const failures: string[] = [];
    const buffer = (reads.onread.buffer as () => Buffer)();
    const elsewhere = Buffer.alloc(buffer.length);
    expect(reads.onread.callback(4, elsewhere)).toBe(false); // not the buffer it was given
    reads.onFailure = (error) => failures.push(error.message);
    expect(failures).toEqual(['a read landed outside the buffer it was given']);
    expect(socketRead(reads.onread, Buffer.from([1]))).toBe(false);
  });

  it('fails a desktop that sends more than a handshake before the handshake reader exists', () => {
    const reads = new DesktopReads();
    const failures: string[] = [];
    reads.onFailure = (error) => failures.push(error.message);
    for (let i = 0; i < 2; i++) socketRead(reads.onread, Buffer.alloc(40 * 1024));
    expect(failures).toEqual([`the desktop sent more than ${DESKTOP_HANDSHAKE_MAX_BYTES} bytes before its handshake`]);
  });
});
