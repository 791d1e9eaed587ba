import { Transform, type TransformCallback } from 'node:stream';

/**
 * What a protocol step asks of the byte stream:
 *  read   hold the next `size` bytes and hand them to the protocol (headers: small and bounded),
 *  emit   forward these bytes (a header the protocol read and accepted, or rewrote),
 *  pass   forward the next `size` bytes as they stream, without holding them (payloads),
 *  drop   discard the next `size` bytes as they stream (a payload the policy refuses).
 */
export type StreamOp = { kind: 'read'; size: number } | { kind: 'emit'; bytes: Buffer } | { kind: 'pass'; size: number } | { kind: 'drop'; size: number };

export const read = (size: number): StreamOp => ({ kind: 'read', size });
export const emit = (bytes: Buffer): StreamOp => ({ kind: 'emit', bytes });
export const pass = (size: number): StreamOp => ({ kind: 'pass', size });
export const drop = (size: number): StreamOp => ({ kind: 'drop', size });

/** A protocol as a coroutine: it yields operations and receives the bytes of each `read`. */
export type Protocol = Generator<StreamOp, void, Buffer>;

/**
 * Runs a protocol over a byte stream. Memory per stream is bounded by the largest `read` the protocol makes
 * (a few KiB for RFB) plus the stream buffers: payloads are never collected, so a client that declares a
 * 1 GiB message costs nothing but the time to discard it. A protocol that throws ends the stream with that error.
 */
export class ProtocolFilter extends Transform {
  private op: StreamOp;
  private held: Buffer[] = [];
  private heldBytes = 0;
  /** Bytes discarded because the policy refused them, for logs and tests. */
  dropped = 0;

  constructor(private readonly protocol: Protocol) {
    super();
    this.op = this.next(undefined);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    try {
      let offset = 0;
      while (offset < chunk.length) {
        const taken = this.step(chunk, offset);
        offset += taken;
      }
      done();
    } catch (error) {
      done(error as Error);
    }
  }

  /** Applies the current operation to `chunk` from `offset`; returns how many bytes it consumed. */
  private step(chunk: Buffer, offset: number): number {
    const op = this.op;
    const available = chunk.length - offset;
    if (op.kind === 'pass' || op.kind === 'drop') {
      const size = Math.min(op.size, available);
      if (op.kind === 'pass') this.push(chunk.subarray(offset, offset + size));
      else this.dropped += size;
      this.op = op.size === size ? this.next(undefined) : { kind: op.kind, size: op.size - size };
      return size;
    }
    if (op.kind === 'read') {
      const size = Math.min(op.size - this.heldBytes, available);
      this.held.push(chunk.subarray(offset, offset + size));
      this.heldBytes += size;
      if (this.heldBytes === op.size) {
        const bytes = this.held.length === 1 ? (this.held[0] as Buffer) : Buffer.concat(this.held);
        this.held = [];
        this.heldBytes = 0;
        this.op = this.next(bytes);
      }
      return size;
    }
    return 0;
  }

  /** Advances the protocol, carrying out `emit`s and empty operations at once, to the next one that needs input. */
  private next(input: Buffer | undefined): StreamOp {
    let result = this.protocol.next(input as Buffer);
    for (;;) {
      if (result.done) throw new Error('the protocol ended');
      const op = result.value;
      if (op.kind === 'emit') {
        if (op.bytes.length) this.push(op.bytes);
        result = this.protocol.next(undefined as unknown as Buffer);
      } else if (op.size === 0) {
        result = this.protocol.next(Buffer.alloc(0));
      } else {
        return op;
      }
    }
  }
}
