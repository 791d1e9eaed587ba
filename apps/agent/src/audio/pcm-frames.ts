import { Transform, type TransformCallback } from 'node:stream';

/**
 * Cuts a raw PCM stream into frames of exactly `frameBytes` (one Opus frame each): the sound server hands over
 * whatever it has, in any size.
 */
export class PcmFrames extends Transform {
  private pending = Buffer.alloc(0);

  constructor(private readonly frameBytes: number) {
    super({ readableObjectMode: true });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    let data = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    while (data.length >= this.frameBytes) {
      this.push(Buffer.from(data.subarray(0, this.frameBytes)));
      data = data.subarray(this.frameBytes);
    }
    this.pending = Buffer.from(data);
    done();
  }
}
