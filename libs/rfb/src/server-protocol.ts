import { cutText, cutTextPolicy, type ClipboardPolicy } from './cut-text';
import { ENCODINGS } from './encodings';
import { bytesPerPixel, parsePixelFormat, tightPixelSize, type PixelFormat, type PixelFormatState } from './pixel-format';
import { emit, pass, read, type Protocol } from './protocol-filter';

/** What one viewer may receive from the desktop: its clipboard policy is all that decides it. */
export type ServerPolicy = ClipboardPolicy;

const FRAMEBUFFER_UPDATE = 0;
const SET_COLOUR_MAP_ENTRIES = 1;
const BELL = 2;
const SERVER_CUT_TEXT = 3;
const END_OF_CONTINUOUS_UPDATES = 150;
const SERVER_FENCE = 248;

/**
 * The desktop-to-browser half of RFB after the security handshake: ServerInit, then server messages, each
 * framed so that ServerCutText can be filtered. Framebuffer updates are framed rectangle by rectangle for
 * the encodings the client was allowed to ask for (see encodings.ts); their pixels pass as they stream.
 */
export function* serverProtocol(policy: ServerPolicy, pixelFormat: PixelFormatState, refused: (reason: string) => void): Protocol {
  const init = yield read(24);
  pixelFormat.current = parsePixelFormat(init.subarray(4, 20));
  yield emit(init);
  yield pass(init.readUInt32BE(20)); // the desktop's name
  const clipboard = cutTextPolicy(policy, 'down');
  for (;;) {
    const type = (yield read(1)).readUInt8(0);
    switch (type) {
      case FRAMEBUFFER_UPDATE:
        yield* framebufferUpdate(pixelFormat.atUpdateStart());
        break;
      case SET_COLOUR_MAP_ENTRIES: {
        const header = yield read(5);
        yield emit(Buffer.concat([Buffer.from([type]), header]));
        yield pass(6 * header.readUInt16BE(3));
        break;
      }
      case BELL:
      case END_OF_CONTINUOUS_UPDATES:
        yield emit(Buffer.from([type]));
        break;
      case SERVER_CUT_TEXT:
        yield* cutText(type, clipboard, refused);
        break;
      case SERVER_FENCE: {
        const header = yield read(8);
        yield emit(Buffer.concat([Buffer.from([type]), header]));
        yield pass(header.readUInt8(7));
        break;
      }
      default:
        throw new Error(`unknown RFB server message type ${type}`);
    }
  }
}

function* framebufferUpdate(format: PixelFormat): Protocol {
  const header = yield read(3);
  yield emit(Buffer.concat([Buffer.from([FRAMEBUFFER_UPDATE]), header]));
  const count = header.readUInt16BE(1);
  for (let index = 0; index < count; index++) {
    const rect = yield read(12);
    yield emit(rect);
    const encoding = rect.readInt32BE(8);
    if (encoding === ENCODINGS.lastRect) return;
    yield* rectangleBody(encoding, rect.readUInt16BE(4), rect.readUInt16BE(6), format);
  }
}

/** The data after a rectangle's header, by encoding. */
function* rectangleBody(encoding: number, width: number, height: number, format: PixelFormat): Protocol {
  switch (encoding) {
    case ENCODINGS.raw:
      yield pass(width * height * bytesPerPixel(format));
      return;
    case ENCODINGS.copyRect:
      yield pass(4);
      return;
    case ENCODINGS.tight:
      yield* tightRectangle(width, height, format);
      return;
    case ENCODINGS.zrle:
      yield* lengthPrefixed();
      return;
    case ENCODINGS.cursor:
      yield pass(width * height * bytesPerPixel(format) + Math.ceil(width / 8) * height);
      return;
    case ENCODINGS.desktopName:
      yield* lengthPrefixed();
      return;
    case ENCODINGS.extendedDesktopSize: {
      const header = yield read(4);
      yield emit(header);
      yield pass(16 * header.readUInt8(0));
      return;
    }
    case ENCODINGS.desktopSize:
    case ENCODINGS.qemuExtendedKeyEvent:
      return;
    default:
      throw new Error(`the server used encoding ${encoding}, which the agent cannot frame`);
  }
}

/** A 4-byte length, then that many bytes (ZRLE data, a desktop name). */
function* lengthPrefixed(): Protocol {
  const length = yield read(4);
  yield emit(length);
  yield pass(length.readUInt32BE(0));
}

const TIGHT_FILL = 0x08;
const TIGHT_JPEG = 0x09;
const TIGHT_FILTER_PALETTE = 1;
const TIGHT_FILTER_GRADIENT = 2;
/** Tight sends data shorter than this uncompressed, without a length. */
const TIGHT_MIN_TO_COMPRESS = 12;

/** Tight (RFB encoding 7): a compression-control byte, then fill colour, JPEG, or filtered zlib data. */
function* tightRectangle(width: number, height: number, format: PixelFormat): Protocol {
  const control = (yield read(1)).readUInt8(0);
  yield emit(Buffer.from([control]));
  const pixel = tightPixelSize(format);
  const kind = control >> 4;
  if (kind === TIGHT_FILL) {
    yield pass(pixel);
    return;
  }
  if (kind === TIGHT_JPEG) {
    yield* compactLengthPrefixed();
    return;
  }
  if (kind > TIGHT_JPEG) throw new Error(`unknown Tight compression ${kind}`);
  let rowSize = width * pixel;
  if (control & 0x40) {
    const filter = (yield read(1)).readUInt8(0);
    yield emit(Buffer.from([filter]));
    if (filter === TIGHT_FILTER_PALETTE) {
      const colours = (yield read(1)).readUInt8(0) + 1;
      yield emit(Buffer.from([colours - 1]));
      yield pass(colours * pixel);
      rowSize = colours === 2 ? Math.ceil(width / 8) : width;
    } else if (filter !== TIGHT_FILTER_GRADIENT && filter !== 0) {
      throw new Error(`unknown Tight filter ${filter}`);
    }
  }
  const size = rowSize * height;
  if (size < TIGHT_MIN_TO_COMPRESS) yield pass(size);
  else yield* compactLengthPrefixed();
}

/** Tight's compact length (1 to 3 bytes, 7 bits each but the last), then that many bytes. */
function* compactLengthPrefixed(): Protocol {
  let length = 0;
  for (const shift of [0, 7, 14]) {
    const byte = (yield read(1)).readUInt8(0);
    yield emit(Buffer.from([byte]));
    if (shift === 14) {
      length |= byte << 14;
      break;
    }
    length |= (byte & 0x7f) << shift;
    if (!(byte & 0x80)) break;
  }
  yield pass(length);
}
