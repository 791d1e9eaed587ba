/** The part of an RFB pixel format that decides how many bytes pixels take on the wire. */
export interface PixelFormat {
  bitsPerPixel: number;
  depth: number;
  trueColour: boolean;
  redMax: number;
  greenMax: number;
  blueMax: number;
}

/** Reads a 16-byte PIXEL_FORMAT (ServerInit, SetPixelFormat). */
export function parsePixelFormat(bytes: Buffer): PixelFormat {
  if (bytes.length < 16) throw new Error('a pixel format is 16 bytes');
  const format = {
    bitsPerPixel: bytes.readUInt8(0),
    depth: bytes.readUInt8(1),
    trueColour: bytes.readUInt8(3) !== 0,
    redMax: bytes.readUInt16BE(4),
    greenMax: bytes.readUInt16BE(6),
    blueMax: bytes.readUInt16BE(8),
  };
  if (![8, 16, 32].includes(format.bitsPerPixel)) throw new Error(`unsupported bits per pixel ${format.bitsPerPixel}`);
  return format;
}

export const bytesPerPixel = (format: PixelFormat) => format.bitsPerPixel / 8;

/** Tight's TPIXEL: 3 bytes for 32-bit true colour with 8 bits per channel, else a whole pixel. */
export function tightPixelSize(format: PixelFormat): number {
  const eightBitChannels = format.redMax === 255 && format.greenMax === 255 && format.blueMax === 255;
  return format.bitsPerPixel === 32 && format.depth === 24 && format.trueColour && eightBitChannels ? 3 : bytesPerPixel(format);
}

/**
 * The pixel format the server encodes in. The client's SetPixelFormat takes effect from the next
 * FramebufferUpdate on, which is when the server applies it too.
 */
export class PixelFormatState {
  private pending?: PixelFormat;

  constructor(public current?: PixelFormat) {}

  requestChange(format: PixelFormat): void {
    this.pending = format;
  }

  /** Called at the start of each FramebufferUpdate. */
  atUpdateStart(): PixelFormat {
    if (this.pending) {
      this.current = this.pending;
      this.pending = undefined;
    }
    if (!this.current) throw new Error('no pixel format before the first update');
    return this.current;
  }
}
