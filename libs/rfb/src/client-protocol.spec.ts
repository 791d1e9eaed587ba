import { clientProtocol, type ClientPolicy } from './client-protocol';
import { ENCODINGS } from './encodings';
import { PixelFormatState } from './pixel-format';
import { inPieces, runFilter } from './testing-streams';

const full: ClientPolicy = { input: true, resize: true, clipboardUp: true, clipboardDown: true, maxCutTextBytes: 1024 };
const viewOnly: ClientPolicy = { input: false, resize: false, clipboardUp: false, clipboardDown: false, maxCutTextBytes: 1024 };

const clientInit = Buffer.from([1]);
const key = Buffer.from([4, 1, 0, 0, 0, 0, 0, 0x61]);
const pointer = Buffer.from([5, 1, 0, 10, 0, 20]);
const updateRequest = Buffer.from([3, 1, 0, 0, 0, 0, 0, 100, 0, 100]);
const qemuKey = Buffer.from([255, 0, 0, 1, 0, 0, 0, 0x61, 0, 0, 0, 30]);
const setDesktopSize = Buffer.concat([Buffer.from([251, 0, 0x05, 0x00, 0x03, 0x20, 1, 0]), Buffer.alloc(16)]);
const fence = Buffer.from([248, 0, 0, 0, 0x80, 0, 0, 0, 2, 0xaa, 0xbb]);
const cutText = (text: string) => {
  const header = Buffer.from([6, 0, 0, 0, 0, 0, 0, 0]);
  header.writeInt32BE(Buffer.byteLength(text), 4);
  return Buffer.concat([header, Buffer.from(text)]);
};
const setEncodings = (...encodings: number[]) => {
  const message = Buffer.alloc(4 + 4 * encodings.length);
  message.writeUInt8(2, 0);
  message.writeUInt16BE(encodings.length, 2);
  encodings.forEach((encoding, i) => message.writeInt32BE(encoding, 4 + 4 * i));
  return message;
};

const run = (policy: ClientPolicy, bytes: Buffer, pieceSize = bytes.length, refusals: string[] = []) =>
  runFilter(
    clientProtocol(policy, new PixelFormatState(), (reason) => refusals.push(reason)),
    inPieces(Buffer.concat([clientInit, bytes]), pieceSize),
  );

describe('clientProtocol', () => {
  const session = Buffer.concat([updateRequest, key, pointer, cutText('hello'), qemuKey, fence, setDesktopSize, updateRequest]);

  it.each([1, 3, 7, 4096])('should pass everything a full viewer sends, whatever the chunking (%i)', async (pieces) => {
    const { output, error } = await run(full, session, pieces);
    expect(error).toBeUndefined();
    expect(output).toEqual(Buffer.concat([clientInit, session]));
  });

  it('should drop input, clipboard and resizing of a view-only viewer, keeping the rest in order', async () => {
    const refusals: string[] = [];
    const { output } = await run(viewOnly, session, 5, refusals);
    expect(output).toEqual(Buffer.concat([clientInit, updateRequest, fence, updateRequest]));
    expect(refusals).toEqual(['clipboard not allowed', 'view-only viewers may not resize the desktop']);
  });

  it('should drop clipboard text over the limit as it streams, and keep going', async () => {
    const refusals: string[] = [];
    const { output, filter } = await run(full, Buffer.concat([cutText('x'.repeat(2000)), key]), 100, refusals);
    expect(output).toEqual(Buffer.concat([clientInit, key]));
    expect(filter.dropped).toBe(2000);
    expect(refusals).toEqual(['clipboard text of 2000 bytes is over the limit of 1024']);
  });

  it('should keep only the encodings the agent can frame', async () => {
    const asked = setEncodings(ENCODINGS.tight, 5 /* hextile */, ENCODINGS.zrle, -260 /* TightPNG */, -25, ENCODINGS.extendedDesktopSize, 0x574d5668);
    const { output } = await run(full, asked);
    expect(output).toEqual(Buffer.concat([clientInit, setEncodings(ENCODINGS.tight, ENCODINGS.zrle, -25, ENCODINGS.extendedDesktopSize)]));
  });

  it.each([
    ['an unknown message type', Buffer.from([99, 0, 0, 0])],
    ['a QEMU message with an unknown subtype', Buffer.from([255, 1, 0, 0, 0, 0])],
    ['an oversized encodings list', setEncodings(...Array.from({ length: 300 }, () => 0))],
    ['an oversized fence', Buffer.from([248, 0, 0, 0, 0, 0, 0, 0, 200])],
  ])('should end the connection on %s', async (_name, bytes) => {
    const { error } = await run(full, Buffer.concat([key, bytes, key]));
    expect(error?.message).toMatch(/unknown|unsupported|encodings|fence/);
  });

  it('should hand a SetPixelFormat to the server side', async () => {
    const format = new PixelFormatState();
    const message = Buffer.from([0, 0, 0, 0, 16, 16, 0, 1, 0, 31, 0, 63, 0, 31, 11, 5, 0, 0, 0, 0]);
    await runFilter(
      clientProtocol(full, format, () => undefined),
      [clientInit, message],
    );
    expect(format.atUpdateStart()).toMatchObject({ bitsPerPixel: 16, depth: 16 });
  });
});
