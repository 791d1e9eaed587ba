import { ClientMessageFilter } from './client-message-filter';

const key = Buffer.from([4, 1, 0, 0, 0, 0, 0, 0x61]);
const pointer = Buffer.from([5, 1, 0, 10, 0, 20]);
const updateRequest = Buffer.from([3, 1, 0, 0, 0, 0, 0, 100, 0, 100]);
const cutText = Buffer.concat([Buffer.from([6, 0, 0, 0, 0, 0, 0, 3]), Buffer.from('abc')]);
const setEncodings = Buffer.from([2, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 7]);

async function run(policy: { input: boolean; clipboard: boolean }, chunks: Buffer[]): Promise<Buffer> {
  const filter = new ClientMessageFilter(policy);
  const out: Buffer[] = [];
  filter.on('data', (chunk: Buffer) => out.push(chunk));
  for (const chunk of chunks) filter.write(chunk);
  filter.end();
  await new Promise((resolve) => filter.on('end', resolve));
  return Buffer.concat(out);
}

describe('ClientMessageFilter', () => {
  const stream = Buffer.concat([setEncodings, updateRequest, key, pointer, cutText, updateRequest]);

  it('should pass everything with full permission', async () => {
    expect(await run({ input: true, clipboard: true }, [stream])).toEqual(stream);
  });

  it('should drop key and pointer events when view-only, keeping the rest in order', async () => {
    expect(await run({ input: false, clipboard: true }, [stream])).toEqual(Buffer.concat([setEncodings, updateRequest, cutText, updateRequest]));
  });

  it('should drop clipboard text when the clipboard is not allowed', async () => {
    expect(await run({ input: true, clipboard: false }, [stream])).toEqual(Buffer.concat([setEncodings, updateRequest, key, pointer, updateRequest]));
  });

  it('should frame messages split at any byte boundary', async () => {
    const bytes = [...stream].map((byte) => Buffer.from([byte]));
    expect(await run({ input: false, clipboard: false }, bytes)).toEqual(Buffer.concat([setEncodings, updateRequest, updateRequest]));
  });

  it('should frame extended-clipboard ClientCutText, whose length is negative, and keep later input flowing', async () => {
    const caps = Buffer.alloc(8 + 12);
    caps.writeUInt8(6, 0);
    caps.writeInt32BE(-12, 4);
    const stream = Buffer.concat([caps, key, pointer]);
    expect(await run({ input: true, clipboard: false }, [stream])).toEqual(Buffer.concat([key, pointer]));
    expect(await run({ input: true, clipboard: true }, [stream])).toEqual(stream);
  });

  it('should end the stream on a message type it cannot frame', async () => {
    const filter = new ClientMessageFilter({ input: true, clipboard: true });
    const failed = new Promise<Error>((resolve) => filter.on('error', resolve));
    filter.write(Buffer.from([99, 0, 0]));
    expect((await failed).message).toContain('unknown RFB client message type 99');
  });
});
