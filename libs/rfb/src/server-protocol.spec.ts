import { clientProtocol } from './client-protocol';
import { ENCODINGS } from './encodings';
import { PixelFormatState } from './pixel-format';
import { ProtocolFilter } from './protocol-filter';
import { serverProtocol, type ServerPolicy } from './server-protocol';
import { inPieces, runFilter } from './testing-streams';

const allowed: ServerPolicy = { clipboardDown: true, clipboardUp: true, maxCutTextBytes: 1024 };
const noDown: ServerPolicy = { clipboardDown: false, clipboardUp: true, maxCutTextBytes: 1024 };
const noClipboard: ServerPolicy = { clipboardDown: false, clipboardUp: false, maxCutTextBytes: 1024 };

/** ServerInit: 1280x720, 32 bpp, depth 24, true colour, 8 bits per channel, named "atrium". */
function serverInit(): Buffer {
  const init = Buffer.alloc(24);
  init.writeUInt16BE(1280, 0);
  init.writeUInt16BE(720, 2);
  Buffer.from([32, 24, 0, 1, 0, 255, 0, 255, 0, 255, 16, 8, 0, 0, 0, 0]).copy(init, 4);
  init.writeUInt32BE(6, 20);
  return Buffer.concat([init, Buffer.from('atrium')]);
}

const rect = (width: number, height: number, encoding: number, body: number[] | Buffer = []) => {
  const header = Buffer.alloc(12);
  header.writeUInt16BE(width, 4);
  header.writeUInt16BE(height, 6);
  header.writeInt32BE(encoding, 8);
  return Buffer.concat([header, Buffer.from(body)]);
};
const update = (...rects: Buffer[]) => Buffer.concat([Buffer.from([0, 0, rects.length >> 8, rects.length & 0xff]), ...rects]);
const bytes = (n: number, fill = 7) => Buffer.alloc(n, fill);
const serverCutText = (text: string, length = Buffer.byteLength(text)) => {
  const header = Buffer.from([3, 0, 0, 0, 0, 0, 0, 0]);
  header.writeInt32BE(length, 4);
  return Buffer.concat([header, Buffer.from(text)]);
};
/** Extended clipboard: negative length, 4 bytes of action flags, then data. */
const extendedCutText = (flags: number, data: Buffer) => {
  const header = Buffer.from([3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  header.writeInt32BE(-(4 + data.length), 4);
  header.writeUInt32BE(flags, 8);
  return Buffer.concat([header, data]);
};

const everyEncoding = update(
  rect(2, 2, ENCODINGS.raw, bytes(16)),
  rect(10, 10, ENCODINGS.copyRect, [0, 1, 0, 2]),
  rect(64, 64, ENCODINGS.tight, [0x80, 1, 2, 3]), // fill: one 3-byte TPIXEL
  rect(64, 64, ENCODINGS.tight, Buffer.concat([Buffer.from([0x90, 0xc8, 0x01]), bytes(200)])), // JPEG, compact length 200
  rect(10, 2, ENCODINGS.tight, Buffer.concat([Buffer.from([0x40, 1, 1]), bytes(6), bytes(4)])), // palette of 2: 2 rows of 2 bytes, raw
  rect(4, 4, ENCODINGS.tight, Buffer.concat([Buffer.from([0x00, 10]), bytes(10)])), // copy filter, 48 bytes compressed to 10
  rect(30, 30, ENCODINGS.zrle, Buffer.concat([Buffer.from([0, 0, 0, 5]), bytes(5)])),
  rect(2, 2, ENCODINGS.cursor, bytes(16 + 2)),
  rect(1280, 720, ENCODINGS.desktopSize),
  rect(1280, 720, ENCODINGS.extendedDesktopSize, Buffer.concat([Buffer.from([1, 0, 0, 0]), bytes(16)])),
  rect(0, 0, ENCODINGS.lastRect),
);
const bell = Buffer.from([2]);

const run = (policy: ServerPolicy, stream: Buffer, pieceSize = stream.length, refusals: string[] = []) =>
  runFilter(
    serverProtocol(policy, new PixelFormatState(), (reason) => refusals.push(reason)),
    inPieces(Buffer.concat([serverInit(), stream]), pieceSize),
  );

describe('serverProtocol', () => {
  it.each([1, 5, 64, 100_000])('should frame every allowed encoding and pass it whole, whatever the chunking (%i)', async (pieces) => {
    const stream = Buffer.concat([everyEncoding, bell, serverCutText('copied'), bell]);
    const { output, error } = await run(allowed, stream, pieces);
    expect(error).toBeUndefined();
    expect(output).toEqual(Buffer.concat([serverInit(), stream]));
  });

  it('should drop text copied in the desktop when clipboard down is denied, and keep framing after it', async () => {
    const refusals: string[] = [];
    const { output } = await run(noDown, Buffer.concat([serverCutText('secret'), everyEncoding, bell]), 3, refusals);
    expect(output).toEqual(Buffer.concat([serverInit(), everyEncoding, bell]));
    expect(output.includes('secret')).toBe(false);
    expect(refusals).toEqual(['clipboard not allowed']);
  });

  it('should drop extended-clipboard text but pass its notifications while the other direction is allowed', async () => {
    const notify = extendedCutText(1 << 27, Buffer.from([0, 0, 0, 1]));
    const provide = extendedCutText((1 << 28) | 1, Buffer.from('zlib-compressed secret'));
    const { output } = await run(noDown, Buffer.concat([notify, provide, bell]));
    expect(output).toEqual(Buffer.concat([serverInit(), notify, bell]));
    const { output: none } = await run(noClipboard, Buffer.concat([notify, provide, bell]));
    expect(none).toEqual(Buffer.concat([serverInit(), bell]));
  });

  it('should end the stream on an encoding it cannot frame', async () => {
    const { error } = await run(allowed, update(rect(16, 16, 5 /* hextile */, bytes(1))));
    expect(error?.message).toContain('cannot frame');
  });

  it('should use a SetPixelFormat from the next update on', async () => {
    const format = new PixelFormatState();
    const protocol = serverProtocol(allowed, format, () => undefined);
    const raw16 = update(rect(2, 2, ENCODINGS.raw, bytes(8)));
    const stream = [serverInit(), update(rect(2, 2, ENCODINGS.raw, bytes(16)))];
    const running = new ProtocolFilter(protocol);
    const out: Buffer[] = [];
    running.on('data', (chunk: Buffer) => out.push(chunk));
    for (const chunk of stream) running.write(chunk);
    format.requestChange({ bitsPerPixel: 16, depth: 16, trueColour: true, redMax: 31, greenMax: 63, blueMax: 31 });
    running.write(raw16);
    running.write(bell);
    await new Promise((resolve) => setImmediate(resolve));
    expect(Buffer.concat(out)).toEqual(Buffer.concat([...stream, raw16, bell]));
  });
});

describe('a client that declares a huge clipboard', () => {
  it('should cost only the time to discard it: 256 MiB of a declared 1 GiB dropped in 1 MiB chunks', async () => {
    const header = Buffer.from([1, 6, 0, 0, 0, 0x40, 0, 0, 0]); // ClientInit, then ClientCutText of 1 GiB
    const chunk = Buffer.alloc(1 << 20, 0x41);
    const before = process.memoryUsage().rss;
    const { filter, output } = await runFilter(
      clientProtocol({ input: true, resize: true, clipboardUp: true, clipboardDown: true, maxCutTextBytes: 1 << 20 }, new PixelFormatState(), () => undefined),
      [header, ...Array.from({ length: 256 }, () => chunk)],
    );
    expect(filter.dropped).toBe(256 << 20);
    expect(output).toEqual(Buffer.from([1]));
    expect(process.memoryUsage().rss - before).toBeLessThan(64 << 20);
  });
});
