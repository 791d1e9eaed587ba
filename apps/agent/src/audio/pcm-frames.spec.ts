import { Readable } from 'node:stream';
import { PcmFrames } from './pcm-frames';

describe('PcmFrames', () => {
  it('cuts any chunking into whole frames in order and keeps the remainder for the next chunk', async () => {
    const bytes = Buffer.from(Array.from({ length: 25 }, (_, index) => index));
    const frames: Buffer[] = [];
    for await (const frame of Readable.from([bytes.subarray(0, 3), bytes.subarray(3, 11), bytes.subarray(11)]).pipe(new PcmFrames(4)))
      frames.push(frame as Buffer);
    expect(frames).toHaveLength(6);
    expect(Buffer.concat(frames)).toEqual(bytes.subarray(0, 24));
  });
});
