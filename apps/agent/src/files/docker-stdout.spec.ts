import { Readable } from 'node:stream';
import { DockerStdout } from './docker-stdout';

const frame = (type: number, payload: string) => {
  const header = Buffer.alloc(8);
  header[0] = type;
  header.writeUInt32BE(Buffer.byteLength(payload), 4);
  return Buffer.concat([header, Buffer.from(payload)]);
};

async function demux(chunks: Buffer[]) {
  const stdout = new DockerStdout();
  const out: Buffer[] = [];
  for await (const chunk of Readable.from(chunks).pipe(stdout)) out.push(chunk as Buffer);
  return { stdout: Buffer.concat(out).toString(), stderr: stdout.stderr() };
}

describe('DockerStdout', () => {
  it('passes stdout payloads and keeps stderr aside', async () => {
    expect(await demux([frame(1, 'hello '), frame(2, 'oops'), frame(1, 'world')])).toEqual({ stdout: 'hello world', stderr: 'oops' });
  });

  it('reassembles headers and payloads split across chunks at every byte', async () => {
    const whole = Buffer.concat([frame(1, 'abcdef'), frame(2, 'err'), frame(1, 'ghij')]);
    for (let cut = 1; cut < whole.length; cut++) {
      expect(await demux([whole.subarray(0, cut), whole.subarray(cut)])).toEqual({ stdout: 'abcdefghij', stderr: 'err' });
    }
  });

  it('keeps at most 4 KiB of stderr', async () => {
    const { stderr } = await demux([frame(2, 'x'.repeat(10_000))]);
    expect(stderr).toHaveLength(4096);
  });
});
