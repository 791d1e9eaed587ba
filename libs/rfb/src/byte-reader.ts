import type { Duplex } from 'node:stream';

/**
 * Reads exact byte counts from a stream during a handshake, then hands back whatever arrived early,
 * so the caller can switch to plain piping without losing a byte.
 */
export class ByteReader {
  private buffered: Buffer = Buffer.alloc(0);
  private waiting?: { size: number; resolve: (bytes: Buffer) => void; reject: (error: Error) => void };
  private failure?: Error;

  constructor(private readonly stream: Duplex) {
    stream.on('data', this.onData);
    stream.once('end', () => this.fail(new Error('connection closed during the RFB handshake')));
    stream.once('error', (error: Error) => this.fail(error));
  }

  read(size: number): Promise<Buffer> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiting = { size, resolve, reject };
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
    this.stream.off('data', this.onData);
    this.stream.pause();
    const rest = this.buffered;
    this.buffered = Buffer.alloc(0);
    return rest;
  }

  private readonly onData = (chunk: Buffer) => {
    this.buffered = Buffer.concat([this.buffered, chunk]);
    this.drain();
  };

  private drain(): void {
    if (!this.waiting || this.buffered.length < this.waiting.size) return;
    const { size, resolve } = this.waiting;
    this.waiting = undefined;
    const bytes = this.buffered.subarray(0, size);
    this.buffered = this.buffered.subarray(size);
    resolve(bytes);
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.waiting?.reject(error);
    this.waiting = undefined;
  }
}
