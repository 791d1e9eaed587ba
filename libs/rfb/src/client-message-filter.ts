import { Transform, type TransformCallback } from 'node:stream';

/** What a client may send, by RFB client message type. */
export interface ClientPolicy {
  /** Keyboard and pointer events reach the desktop (false: view-only). */
  input: boolean;
  /** ClientCutText (clipboard from the browser) reaches the desktop. */
  clipboard: boolean;
}

const KEY_EVENT = 4;
const POINTER_EVENT = 5;
const CLIENT_CUT_TEXT = 6;

/** Total length of the message at the start of `data`, or undefined while more bytes are needed. */
export function clientMessageLength(data: Buffer): number | undefined {
  const need = (n: number) => (data.length >= n ? n : undefined);
  switch (data[0]) {
    case 0:
      return 20; // SetPixelFormat
    case 2:
      return data.length >= 4 ? 4 + 4 * data.readUInt16BE(2) : undefined; // SetEncodings
    case 3:
      return 10; // FramebufferUpdateRequest
    case KEY_EVENT:
      return 8;
    case POINTER_EVENT:
      return 6;
    // Extended clipboard (noVNC, TigerVNC) sends a negative length: the payload is |length| bytes.
    case CLIENT_CUT_TEXT:
      return data.length >= 8 ? 8 + Math.abs(data.readInt32BE(4)) : undefined;
    case 150:
      return 10; // EnableContinuousUpdates
    case 248:
      return data.length >= 9 ? 9 + data.readUInt8(8) : undefined; // ClientFence
    case 251:
      return data.length >= 8 ? 8 + 16 * data.readUInt8(6) : undefined; // SetDesktopSize
    case 255:
      return need(2) && (data[1] === 0 ? 12 : undefined); // QEMU extended key event
    default:
      throw new Error(`unknown RFB client message type ${data[0]}`);
  }
}

/**
 * Splits the client's byte stream into RFB messages and drops those the policy forbids.
 * An unknown message type cannot be framed, so it ends the connection rather than pass unchecked.
 */
export class ClientMessageFilter extends Transform {
  private pending: Buffer = Buffer.alloc(0);

  constructor(private readonly policy: ClientPolicy) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    try {
      for (;;) {
        if (this.pending.length === 0) break;
        const length = clientMessageLength(this.pending);
        if (length === undefined || this.pending.length < length) break;
        const message = this.pending.subarray(0, length);
        this.pending = this.pending.subarray(length);
        if (this.allows(message[0] as number)) this.push(message);
      }
      done();
    } catch (error) {
      done(error as Error);
    }
  }

  private allows(type: number): boolean {
    if (type === KEY_EVENT || type === POINTER_EVENT || type === 255) return this.policy.input;
    if (type === CLIENT_CUT_TEXT) return this.policy.clipboard;
    return true;
  }
}
