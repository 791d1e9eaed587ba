import type { Duplex } from 'node:stream';

export interface ByteReaderOptions {
  /** The reader does not listen for the stream's data: its owner hands each chunk to `push` (a socket read with `onread` emits no data). */
  fed?: boolean;
  /** More unread bytes than this fail the reader: a peer that floods a handshake cannot make it hold more. */
  maxBufferedBytes?: number;
}

/**
 * Reads exact byte counts from a stream during a handshake, then hands back whatever arrived early,
 * so the caller can switch to plain piping without losing a byte.
 */
export class ByteReader {
  /** What arrived and was not read yet, as it arrived: joined only when a read takes it (linear, not quadratic). */
  private chunks: Buffer[] = [];
  private bufferedBytes = 0;
  /** The read in progress; a `skip` discards its bytes as they come instead of joining them. */
  private waiting?: { size: number; skip: boolean; resolve: (bytes: Buffer) => void; reject: (error: Error) => void };
  private failure?: Error;

  private readonly fed: boolean;
  private readonly maxBufferedBytes: number;

  constructor(
    private readonly stream: Duplex,
    options: ByteReaderOptions = {},
  ) {
    this.fed = options.fed ?? false;
    this.maxBufferedBytes = options.maxBufferedBytes ?? Infinity;
    if (!this.fed) stream.on('data', this.push);
    // 'close' too: a stream destroyed without ending (a handshake timed out) must not leave a read waiting for good.
    stream.once('end', () => this.fail(new Error('connection closed during the RFB handshake')));
    stream.once('close', () => this.fail(new Error('connection closed during the RFB handshake')));
    stream.once('error', (error: Error) => this.fail(error));
  }

  read(size: number): Promise<Buffer> {
    return this.wait(size, false);
  }

  /** Discards the next `size` bytes as they arrive, without ever holding them together (payloads a viewer only counts). */
  async skip(size: number): Promise<void> {
    await this.wait(size, true);
  }

  private wait(size: number, skip: boolean): Promise<Buffer> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiting = { size, skip, resolve, reject };
      this.drain();
    });
  }

  async readUint8(): Promise<number> {
    return (await this.read(1)).readUInt8(0);
  }

  async readUint32(): Promise<number> {
    return (await this.read(4)).readUInt32BE(0);
  }

  /** Stops reading; returns the bytes already received beyond what was read. */
  release(): Buffer {
    if (!this.fed) {
      this.stream.off('data', this.push);
      this.stream.pause();
    }
    const rest = Buffer.concat(this.chunks, this.bufferedBytes);
    this.chunks = [];
    this.bufferedBytes = 0;
    return rest;
  }

  /** Takes the stream's next bytes. Fed bytes are copied: their owner may reuse the memory. */
  readonly push = (chunk: Buffer) => {
    if (!chunk.length || this.failure) return;
    if (this.bufferedBytes + chunk.length > this.maxBufferedBytes) {
      this.fail(new Error(`more than ${this.maxBufferedBytes} bytes arrived unread`));
      return;
    }
    this.chunks.push(this.fed ? Buffer.from(chunk) : chunk);
    this.bufferedBytes += chunk.length;
    this.drain();
  };

  private drain(): void {
    if (this.waiting?.skip) this.discard(this.waiting);
    if (!this.waiting || this.bufferedBytes < this.waiting.size) return;
    const { size, resolve } = this.waiting;
    this.waiting = undefined;
    resolve(this.take(size));
  }

  /** Drops what is buffered, up to what the skip still needs. */
  private discard(skip: { size: number }): void {
    while (skip.size > 0 && this.chunks.length) {
      const first = this.chunks[0] as Buffer;
      const dropped = Math.min(first.length, skip.size);
      if (dropped === first.length) this.chunks.shift();
      else this.chunks[0] = first.subarray(dropped);
      this.bufferedBytes -= dropped;
      skip.size -= dropped;
    }
  }

  /** The next `size` buffered bytes (there are at least that many), as one buffer. */
  private take(size: number): Buffer {
    if (size === 0) return Buffer.alloc(0);
    const first = this.chunks[0] as Buffer;
    if (first.length >= size) {
      this.chunks[0] = first.subarray(size);
      if (!this.chunks[0].length) this.chunks.shift();
      this.bufferedBytes -= size;
      return first.subarray(0, size);
    }
    let count = 0;
    for (let covered = 0; covered < size; count++) covered += (this.chunks[count] as Buffer).length;
    const joined = Buffer.concat(this.chunks.splice(0, count));
    if (joined.length > size) this.chunks.unshift(joined.subarray(size));
    this.bufferedBytes -= size;
    return joined.subarray(0, size);
  }

  /** The reader failed (the stream ended or errored, or a peer sent more than it may hold): it takes nothing more. */
  get failed(): boolean {
    return this.failure !== undefined;
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.waiting?.reject(error);
    this.waiting = undefined;
  }
}
