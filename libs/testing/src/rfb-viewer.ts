import type { Duplex } from 'node:stream';
import { ByteReader, vncAuthResponse } from '@atrium/rfb';

export interface ServerInit {
  width: number;
  height: number;
  name: string;
  securityTypes: number[];
}

/**
 * A small RFB 3.8 viewer for tests and benchmarks: handshake (None, or VncAuth with a password), ask for
 * raw framebuffer updates, read them whole, send pointer and key events. Not a UI; it counts bytes.
 */
export class RfbViewer {
  private readonly reader: ByteReader;

  constructor(private readonly stream: Duplex) {
    this.reader = new ByteReader(stream);
  }

  async handshake(password?: string): Promise<ServerInit> {
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
    this.stream.write(Buffer.from([2, 0, 0, 1, 0, 0, 0, 0])); // SetEncodings: raw only
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

  /** Reads one whole FramebufferUpdate (raw rectangles at 32 bpp); returns its size in bytes. */
  async readUpdate(): Promise<number> {
    const header = await this.reader.read(4);
    if (header.readUInt8(0) !== 0) throw new Error(`expected FramebufferUpdate, got message type ${header.readUInt8(0)}`);
    let bytes = 4;
    for (let rects = header.readUInt16BE(2); rects > 0; rects--) {
      const rect = await this.reader.read(12);
      const encoding = rect.readInt32BE(8);
      if (encoding !== 0) throw new Error(`unexpected encoding ${encoding}`);
      const pixels = rect.readUInt16BE(4) * rect.readUInt16BE(6) * 4;
      await this.reader.read(pixels);
      bytes += 12 + pixels;
    }
    return bytes;
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
