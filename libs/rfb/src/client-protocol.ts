import { cutText, cutTextPolicy, type ClipboardPolicy } from './cut-text';
import { MAX_ENCODINGS, setEncodingsMessage } from './encodings';
import { parsePixelFormat, type PixelFormatState } from './pixel-format';
import { drop, emit, read, type Protocol } from './protocol-filter';

/** What one viewer may send to the desktop. */
export interface ClientPolicy extends ClipboardPolicy {
  /** Keyboard and pointer events (false: view-only). */
  input: boolean;
  /** SetDesktopSize: the viewer may resize the remote desktop. */
  resize: boolean;
}

const SET_PIXEL_FORMAT = 0;
const SET_ENCODINGS = 2;
const UPDATE_REQUEST = 3;
const KEY_EVENT = 4;
const POINTER_EVENT = 5;
const CLIENT_CUT_TEXT = 6;
const ENABLE_CONTINUOUS_UPDATES = 150;
const CLIENT_FENCE = 248;
const SET_DESKTOP_SIZE = 251;
const QEMU = 255;

/** The fence payload is at most 64 bytes (RFB fence extension). */
const MAX_FENCE_PAYLOAD = 64;

/**
 * The browser-to-desktop half of RFB after the security handshake: ClientInit, then client messages, each
 * framed, checked against the policy and forwarded or dropped. A message type the agent cannot frame (or a
 * QEMU message other than the extended key event) ends the connection rather than pass unchecked.
 */
export function* clientProtocol(policy: ClientPolicy, pixelFormat: PixelFormatState, refused: (reason: string) => void): Protocol {
  yield emit(yield read(1)); // ClientInit (shared flag)
  const clipboard = cutTextPolicy(policy, 'up');
  for (;;) {
    const type = (yield read(1)).readUInt8(0);
    switch (type) {
      case SET_PIXEL_FORMAT: {
        const rest = yield read(19);
        pixelFormat.requestChange(parsePixelFormat(rest.subarray(3)));
        yield emit(Buffer.concat([Buffer.from([type]), rest]));
        break;
      }
      case SET_ENCODINGS: {
        const header = yield read(3);
        const count = header.readUInt16BE(1);
        if (count > MAX_ENCODINGS) throw new Error(`SetEncodings lists ${count} encodings`);
        yield emit(setEncodingsMessage(yield read(4 * count)));
        break;
      }
      case UPDATE_REQUEST:
      case ENABLE_CONTINUOUS_UPDATES:
        yield emit(Buffer.concat([Buffer.from([type]), yield read(9)]));
        break;
      case KEY_EVENT:
      case POINTER_EVENT:
        yield* inputEvent(type, type === KEY_EVENT ? 7 : 5, policy.input);
        break;
      case CLIENT_CUT_TEXT:
        yield* cutText(type, clipboard, refused);
        break;
      case CLIENT_FENCE: {
        const header = yield read(8);
        const size = header.readUInt8(7);
        if (size > MAX_FENCE_PAYLOAD) throw new Error(`fence payload of ${size} bytes`);
        yield emit(Buffer.concat([Buffer.from([type]), header, yield read(size)]));
        break;
      }
      case SET_DESKTOP_SIZE: {
        const header = yield read(7);
        const screens = yield read(16 * header.readUInt8(5));
        if (policy.resize) yield emit(Buffer.concat([Buffer.from([type]), header, screens]));
        else refused('view-only viewers may not resize the desktop');
        break;
      }
      case QEMU: {
        const subtype = (yield read(1)).readUInt8(0);
        if (subtype !== 0) throw new Error(`unsupported QEMU client message subtype ${subtype}`);
        const event = Buffer.concat([Buffer.from([type, subtype]), yield read(10)]);
        if (policy.input) yield emit(event);
        break;
      }
      default:
        throw new Error(`unknown RFB client message type ${type}`);
    }
  }
}

/** A key or pointer event: forwarded when the viewer may control the desktop, else dropped. */
function* inputEvent(type: number, size: number, allowed: boolean): Protocol {
  if (allowed) yield emit(Buffer.concat([Buffer.from([type]), yield read(size)]));
  else yield drop(size);
}
