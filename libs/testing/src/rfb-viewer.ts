import type { Duplex } from 'node:stream';
import { ByteReader, vncAuthResponse } from '@atrium/rfb';

export interface ServerInit {
  width: number;
  height: number;
  name: string;
  securityTypes: number[];
}

/** A server message as the viewer saw it. */
export type ServerMessage = { type: 'update'; bytes: number; size?: { width: number; height: number } } | { type: 'cutText'; text: string } | { type: 'bell' };

const RAW = 0;
const COPY_RECT = 1;
const ZRLE = 16;
const DESKTOP_SIZE = -223;
const EXTENDED_DESKTOP_SIZE = -308;

/**
 * A small RFB 3.8 viewer for tests and benchmarks: handshake (None, or VncAuth with a password), ask for
 * framebuffer updates (raw, or ZRLE and CopyRect, which it reads without decoding), read them whole, send pointer and key events, clipboard text, resize requests or
 * any bytes at all. Not a UI; it counts bytes.
 */
export class RfbViewer {
  private readonly reader: ByteReader;
  /** Resolves when the connection has closed, from either side. */
  readonly closed: Promise<void>;

  constructor(private readonly stream: Duplex) {
    this.reader = new ByteReader(stream);
    // A WebSocket stream the server closed only ends its readable side: 'end' is the sign, 'close' may not come.
    this.closed = new Promise((resolve) => {
      stream.once('end', () => resolve());
      stream.once('close', () => resolve());
    });
  }

  async handshake(password?: string, encodings: number[] = [RAW]): Promise<ServerInit> {
    const version = (await this.reader.read(12)).toString('latin1');
    if (!version.startsWith('RFB 003.')) throw new Error(`not an RFB server: ${JSON.stringify(version)}`);
    this.stream.write('RFB 003.008\n');
    const securityTypes = [...(await this.reader.read(await this.reader.readUint8()))];
    if (password !== undefined) {
      this.stream.write(Buffer.from([2]));
      this.stream.write(vncAuthResponse(password, await this.reader.read(16)));
    } else {
      this.stream.write(Buffer.from([1]));
    }
    if ((await this.reader.readUint32()) !== 0) throw new Error('RFB security handshake failed');
    this.stream.write(Buffer.from([1])); // ClientInit: shared
    const init = await this.reader.read(24);
    const name = (await this.reader.read(init.readUInt32BE(20))).toString('utf8');
    const setEncodings = Buffer.alloc(4 + 4 * encodings.length);
    setEncodings.writeUInt8(2, 0);
    setEncodings.writeUInt16BE(encodings.length, 2);
    encodings.forEach((encoding, index) => setEncodings.writeInt32BE(encoding, 4 + 4 * index));
    this.stream.write(setEncodings);
    return { width: init.readUInt16BE(0), height: init.readUInt16BE(2), name, securityTypes };
  }

  requestUpdate(width: number, height: number, incremental: boolean): void {
    const request = Buffer.alloc(10);
    request.writeUInt8(3, 0);
    request.writeUInt8(incremental ? 1 : 0, 1);
    request.writeUInt16BE(width, 6);
    request.writeUInt16BE(height, 8);
    this.stream.write(request);
  }

  /** Asks for one area of the screen (FramebufferUpdateRequest with its position). */
  requestArea(area: { x: number; y: number; width: number; height: number }, incremental: boolean): void {
    const request = Buffer.alloc(10);
    request.writeUInt8(3, 0);
    request.writeUInt8(incremental ? 1 : 0, 1);
    request.writeUInt16BE(area.x, 2);
    request.writeUInt16BE(area.y, 4);
    request.writeUInt16BE(area.width, 6);
    request.writeUInt16BE(area.height, 8);
    this.stream.write(request);
  }

  /**
   * Reads one FramebufferUpdate of raw rectangles (32 bpp) and returns them with their pixels; other server
   * messages before it are passed over. Needs a handshake with the default (raw) encoding.
   */
  async readRawRects(): Promise<{ x: number; y: number; width: number; height: number; pixels: Buffer }[]> {
    for (;;) {
      const message = await this.reader.readUint8();
      if (message === 0) break;
      if (message === 3) await this.reader.read(Math.abs((await this.reader.read(7)).readInt32BE(3)));
      else if (message !== 2) throw new Error(`unexpected server message type ${message}`);
    }
    const rects: { x: number; y: number; width: number; height: number; pixels: Buffer }[] = [];
    for (let count = (await this.reader.read(3)).readUInt16BE(1); count > 0; count--) {
      const rect = await this.reader.read(12);
      const [x, y, width, height, encoding] = [rect.readUInt16BE(0), rect.readUInt16BE(2), rect.readUInt16BE(4), rect.readUInt16BE(6), rect.readInt32BE(8)];
      if (encoding === DESKTOP_SIZE) continue;
      if (encoding === EXTENDED_DESKTOP_SIZE) {
        await this.reader.read(16 * (await this.reader.read(4)).readUInt8(0));
        continue;
      }
      if (encoding !== RAW) throw new Error(`unexpected encoding ${encoding}`);
      rects.push({ x, y, width, height, pixels: await this.reader.read(width * height * 4) });
    }
    return rects;
  }

  /** Reads one whole FramebufferUpdate (raw rectangles at 32 bpp); returns its size in bytes. */
  async readUpdate(): Promise<number> {
    const message = await this.readMessage();
    if (message.type !== 'update') throw new Error(`expected FramebufferUpdate, got ${message.type}`);
    return message.bytes;
  }

  /** Reads the next server message: an update (raw and desktop-size rectangles), clipboard text or a bell. */
  async readMessage(): Promise<ServerMessage> {
    const type = await this.reader.readUint8();
    if (type === 2) return { type: 'bell' };
    if (type === 3) {
      const length = (await this.reader.read(7)).readInt32BE(3);
      return { type: 'cutText', text: (await this.reader.read(Math.abs(length))).toString('latin1') };
    }
    if (type !== 0) throw new Error(`unexpected server message type ${type}`);
    let bytes = 4;
    let size: { width: number; height: number } | undefined;
    for (let rects = (await this.reader.read(3)).readUInt16BE(1); rects > 0; rects--) {
      const rect = await this.reader.read(12);
      const [width, height, encoding] = [rect.readUInt16BE(4), rect.readUInt16BE(6), rect.readInt32BE(8)];
      if (encoding === DESKTOP_SIZE || encoding === EXTENDED_DESKTOP_SIZE) {
        size = { width, height };
        if (encoding === EXTENDED_DESKTOP_SIZE) await this.reader.read(16 * (await this.reader.read(4)).readUInt8(0));
        continue;
      }
      if (encoding === ZRLE) {
        // A length, then zlib data: counted, not inflated (the bench measures the stream, not a decoder).
        const length = (await this.reader.read(4)).readUInt32BE(0);
        await this.reader.skip(length);
        bytes += 16 + length;
        continue;
      }
      if (encoding === COPY_RECT) {
        await this.reader.read(4);
        bytes += 16;
        continue;
      }
      if (encoding !== RAW) throw new Error(`unexpected encoding ${encoding}`);
      // Counted, not kept: joining a full screen's pixels cost the viewer more than the stream it measures.
      await this.reader.skip(width * height * 4);
      bytes += 12 + width * height * 4;
    }
    return { type: 'update', bytes, ...(size && { size }) };
  }

  /**
   * Asks for the whole screen in raw pixels and counts the colours a person would notice: those covering at least
   * `minShare` of it (0.01 %: a prompt's text counts, an anti-aliased edge does not). A black screen is one; an
   * application drawn is several. Needs a handshake with the default (raw) encoding.
   */
  async screenColours(width: number, height: number, minShare = 0.0001): Promise<number> {
    this.requestUpdate(width, height, false);
    const counts = new Map<number, number>();
    for (;;) {
      const type = await this.reader.readUint8();
      if (type === 2) continue;
      if (type === 3) {
        await this.reader.read(Math.abs((await this.reader.read(7)).readInt32BE(3)));
        continue;
      }
      if (type !== 0) throw new Error(`unexpected server message type ${type}`);
      break;
    }
    for (let rects = (await this.reader.read(3)).readUInt16BE(1); rects > 0; rects--) {
      const rect = await this.reader.read(12);
      const [rectWidth, rectHeight, encoding] = [rect.readUInt16BE(4), rect.readUInt16BE(6), rect.readInt32BE(8)];
      if (encoding === DESKTOP_SIZE) continue;
      if (encoding === EXTENDED_DESKTOP_SIZE) {
        await this.reader.read(16 * (await this.reader.read(4)).readUInt8(0));
        continue;
      }
      if (encoding !== RAW) throw new Error(`unexpected encoding ${encoding}`);
      const pixels = await this.reader.read(rectWidth * rectHeight * 4);
      for (let offset = 0; offset < pixels.length; offset += 4) {
        const colour = pixels.readUInt32LE(offset) & 0xffffff;
        counts.set(colour, (counts.get(colour) ?? 0) + 1);
      }
    }
    const noticeable = width * height * minShare;
    return [...counts.values()].filter((count) => count >= noticeable).length;
  }

  /** Reads messages until `ms` passed or the connection closed; returns the clipboard texts among them. */
  async cutTextWithin(ms: number): Promise<string[]> {
    const texts: string[] = [];
    const deadline = new Promise<'time'>((resolve) => setTimeout(() => resolve('time'), ms));
    for (;;) {
      const next = await Promise.race([this.readMessage().catch(() => 'closed' as const), deadline]);
      if (next === 'time' || next === 'closed') return texts;
      if (next.type === 'cutText') texts.push(next.text);
    }
  }

  /** Sends clipboard text to the desktop (ClientCutText). */
  sendCutText(text: string): void {
    const header = Buffer.from([6, 0, 0, 0, 0, 0, 0, 0]);
    header.writeInt32BE(Buffer.byteLength(text, 'latin1'), 4);
    this.stream.write(Buffer.concat([header, Buffer.from(text, 'latin1')]));
  }

  /** Asks the desktop to take this size (SetDesktopSize, one screen). */
  setDesktopSize(width: number, height: number): void {
    const message = Buffer.alloc(8 + 16);
    message.writeUInt8(251, 0);
    message.writeUInt16BE(width, 2);
    message.writeUInt16BE(height, 4);
    message.writeUInt8(1, 6);
    message.writeUInt16BE(width, 8 + 8);
    message.writeUInt16BE(height, 8 + 10);
    this.stream.write(message);
  }

  /** Sends any bytes, waiting while the connection is full (backpressure); false once it has closed. */
  async sendRaw(bytes: Buffer): Promise<boolean> {
    if (this.stream.destroyed) return false;
    if (!this.stream.write(bytes)) {
      const outcome = await Promise.race([new Promise<boolean>((resolve) => this.stream.once('drain', () => resolve(true))), this.closed.then(() => false)]);
      return outcome;
    }
    return true;
  }

  click(x: number, y: number): void {
    for (const buttons of [0, 1, 0]) {
      const event = Buffer.alloc(6);
      event.writeUInt8(5, 0);
      event.writeUInt8(buttons, 1);
      event.writeUInt16BE(x, 2);
      event.writeUInt16BE(y, 4);
      this.stream.write(event);
    }
  }

  /** Types text with KeyEvents (printable ASCII keysyms are their code points), then Return. */
  type(text: string): void {
    for (const keysym of [...text].map((char) => char.charCodeAt(0)).concat(0xff0d)) {
      for (const down of [1, 0]) {
        const event = Buffer.alloc(8);
        event.writeUInt8(4, 0);
        event.writeUInt8(down, 1);
        event.writeUInt32BE(keysym, 4);
        this.stream.write(event);
      }
    }
  }

  close(): void {
    this.stream.destroy();
  }
}
