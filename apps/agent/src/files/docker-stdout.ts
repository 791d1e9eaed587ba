import { Transform, type TransformCallback } from 'node:stream';

/** Bytes of stderr kept for the error sentence; the rest is dropped. */
const MAX_STDERR_BYTES = 4096;
const HEADER_BYTES = 8;
const STDOUT = 1;
const STDERR = 2;

/**
 * Docker's multiplexed exec stream (frames of an 8-byte header: stream type, three zero bytes, a big-endian
 * length) as a Transform that emits the stdout payload and keeps a bounded part of stderr. Unlike dockerode's
 * `demuxStream`, which writes without waiting, it honours backpressure: a slow browser slows the exec instead of
 * filling the agent's memory.
 */
export class DockerStdout extends Transform {
  private pending = Buffer.alloc(0);
  private frameType = 0;
  private frameLeft = 0;
  private stderrKept: Buffer[] = [];
  private stderrBytes = 0;

  /** The first few KiB of the process's stderr. */
  stderr(): string {
    return Buffer.concat(this.stderrKept).toString('utf8').trim();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    let data = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = Buffer.alloc(0);
    while (data.length) {
      if (this.frameLeft === 0) {
        if (data.length < HEADER_BYTES) {
          this.pending = Buffer.from(data);
          break;
        }
        this.frameType = data[0] as number;
        this.frameLeft = data.readUInt32BE(4);
        data = data.subarray(HEADER_BYTES);
        continue;
      }
      const take = Math.min(this.frameLeft, data.length);
      this.route(data.subarray(0, take));
      this.frameLeft -= take;
      data = data.subarray(take);
    }
    done();
  }

  private route(payload: Buffer): void {
    if (this.frameType === STDOUT) this.push(payload);
    else if (this.frameType === STDERR && this.stderrBytes < MAX_STDERR_BYTES) {
      const kept = payload.subarray(0, MAX_STDERR_BYTES - this.stderrBytes);
      this.stderrKept.push(Buffer.from(kept));
      this.stderrBytes += kept.length;
    }
  }
}
