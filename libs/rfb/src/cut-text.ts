import { drop, emit, pass, read, type Protocol } from './protocol-filter';

/** Which way clipboard text may cross for one viewer, and how much of it. */
export interface ClipboardPolicy {
  /** Clipboard text from the browser to the desktop. */
  clipboardUp: boolean;
  /** Clipboard text from the desktop to the browser. */
  clipboardDown: boolean;
  /** Clipboard text longer than this is dropped as it streams. */
  maxCutTextBytes: number;
}

/** The cut-text rule of one direction: its own text, and control messages while either direction is open. */
export const cutTextPolicy = (policy: ClipboardPolicy, direction: 'up' | 'down'): CutTextPolicy => ({
  text: direction === 'up' ? policy.clipboardUp : policy.clipboardDown,
  control: policy.clipboardUp || policy.clipboardDown,
  maxBytes: policy.maxCutTextBytes,
});

export interface CutTextPolicy {
  /** Clipboard text may cross in this direction. */
  text: boolean;
  /** Extended-clipboard control messages (capabilities, notify, request, peek) may cross: either direction allowed. */
  control: boolean;
  /** Text longer than this is dropped as it streams. */
  maxBytes: number;
}

/** Extended clipboard (RFB extension 0xC0A1E5CE): the `provide` action carries the text itself. */
const PROVIDE = 1 << 28;

/**
 * A ClientCutText (6) or ServerCutText (3) after its type byte: 3 padding bytes, a signed 32-bit length
 * (negative: extended clipboard, whose first 4 bytes are action flags), then the payload. The payload is
 * passed or dropped as it streams; `refused` is told why when it is dropped.
 */
export function* cutText(type: number, policy: CutTextPolicy, refused: (reason: string) => void): Protocol {
  const header = yield read(7);
  const length = header.readInt32BE(3);
  const size = Math.abs(length);
  const start = Buffer.concat([Buffer.from([type]), header]);
  if (length < 0 && size >= 4) {
    const flags = yield read(4);
    const carriesText = (flags.readUInt32BE(0) & PROVIDE) !== 0;
    if (carriesText ? policy.text && size <= policy.maxBytes : policy.control) {
      yield emit(Buffer.concat([start, flags]));
      yield pass(size - 4);
      return;
    }
    refused(carriesText ? refusal(policy, size) : 'clipboard not allowed');
    yield drop(size - 4);
    return;
  }
  if (policy.text && size <= policy.maxBytes) {
    yield emit(start);
    yield pass(size);
    return;
  }
  refused(refusal(policy, size));
  yield drop(size);
}

const refusal = (policy: CutTextPolicy, size: number) =>
  policy.text ? `clipboard text of ${size} bytes is over the limit of ${policy.maxBytes}` : 'clipboard not allowed';
