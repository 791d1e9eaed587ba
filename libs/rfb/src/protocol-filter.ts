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
 * Runs a protocol over bytes fed to it in chunks of any size, handing what may pass to `out` as it goes.
 * Memory is bounded by the largest `read` the protocol makes (a few KiB for RFB): payloads are never
 * collected, so a client that declares a 1 GiB message costs nothing but the time to discard it.
 *
 * The protocol only ever sees copies of the bytes it reads, never the fed chunk itself; the only bytes of a
 * chunk that leave `feed` are the `pass` slices given to `out`. So a caller that reuses its read buffers
 * knows exactly which memory is still in flight: the slices it was handed. A protocol that throws makes
 * `feed` throw that error.
 */
export class ProtocolFramer {
  private op: StreamOp;
  private held: Buffer[] = [];
  private heldBytes = 0;
  /** Bytes discarded because the policy refused them, for logs and tests. */
  dropped = 0;

  /** What the protocol emitted before its first read, handed out with the first chunk. */
  private opening: Buffer[] = [];

  constructor(private readonly protocol: Protocol) {
    this.op = this.next(undefined, (bytes) => this.opening.push(bytes));
  }

  /** Frames `chunk`, handing every byte that may pass to `out`, in order. */
  feed(chunk: Buffer, out: (bytes: Buffer) => void): void {
    if (this.opening.length) {
      for (const bytes of this.opening.splice(0)) out(bytes);
    }
    let offset = 0;
    while (offset < chunk.length) offset += this.step(chunk, offset, out);
  }

  /** Applies the current operation to `chunk` from `offset`; returns how many bytes it consumed. */
  private step(chunk: Buffer, offset: number, out: (bytes: Buffer) => void): number {
    const op = this.op;
    const available = chunk.length - offset;
    if (op.kind === 'pass' || op.kind === 'drop') {
      const size = Math.min(op.size, available);
      if (op.kind === 'pass') out(chunk.subarray(offset, offset + size));
      else this.dropped += size;
      this.op = op.size === size ? this.next(undefined, out) : { kind: op.kind, size: op.size - size };
      return size;
    }
    if (op.kind === 'read') {
      const size = Math.min(op.size - this.heldBytes, available);
      this.held.push(chunk.subarray(offset, offset + size));
      this.heldBytes += size;
      if (this.heldBytes === op.size) {
        const bytes = Buffer.concat(this.held, op.size);
        this.held = [];
        this.heldBytes = 0;
        this.op = this.next(bytes, out);
      } else {
        // What is held waits for the next chunk: keep a copy, the caller may reuse the chunk's memory.
        this.held = [Buffer.concat(this.held, this.heldBytes)];
      }
      return size;
    }
    return 0;
  }

  /** Advances the protocol, carrying out `emit`s and empty operations at once, to the next one that needs input. */
  private next(input: Buffer | undefined, out: (bytes: Buffer) => void): StreamOp {
    let result = this.protocol.next(input as Buffer);
    for (;;) {
      if (result.done) throw new Error('the protocol ended');
      const op = result.value;
      if (op.kind === 'emit') {
        if (op.bytes.length) out(op.bytes);
        result = this.protocol.next(undefined as unknown as Buffer);
      } else if (op.size === 0) {
        result = this.protocol.next(Buffer.alloc(0));
      } else {
        return op;
      }
    }
  }
}

/** Pieces shorter than this are joined with their short neighbours. */
const SHORT_PIECE_BYTES = 4096;

/**
 * The pieces in order, each run of consecutive short ones joined into one buffer (a copy). A chunk of
 * thousands of one-byte messages then leaves as one buffer instead of thousands: stream buffers count bytes,
 * not pieces, and a piece per byte would hold far more memory than their marks say.
 */
export function joinShortRuns(pieces: Buffer[]): Buffer[] {
  const joined: Buffer[] = [];
  let run: Buffer[] = [];
  const endRun = () => {
    if (run.length) joined.push(run.length === 1 ? (run[0] as Buffer) : Buffer.concat(run));
    run = [];
  };
  for (const piece of pieces) {
    if (piece.length < SHORT_PIECE_BYTES) {
      run.push(piece);
    } else {
      endRun();
      joined.push(piece);
    }
  }
  endRun();
  return joined;
}

/**
 * A protocol as a Transform stream: what `ProtocolFramer` lets pass is pushed, short pieces joined; a protocol
 * error ends the stream.
 */
export class ProtocolFilter extends Transform {
  private readonly framer: ProtocolFramer;
  private readonly pieces: Buffer[] = [];
  private readonly collect = (bytes: Buffer) => void this.pieces.push(bytes);

  constructor(protocol: Protocol) {
    super();
    this.framer = new ProtocolFramer(protocol);
  }

  /** Bytes discarded because the policy refused them, for logs and tests. */
  get dropped(): number {
    return this.framer.dropped;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    try {
      this.framer.feed(chunk, this.collect);
      for (const bytes of joinShortRuns(this.pieces)) this.push(bytes);
      done();
    } catch (error) {
      done(error as Error);
    } finally {
      this.pieces.length = 0;
    }
  }
}
