/** A read's bytes, and what to call once nothing refers to them any more (they were written on). */
export interface HeldBytes {
  bytes: Buffer;
  release: () => void;
}

interface Slab {
  memory: Buffer;
  /** Bytes of `memory` filled by reads so far. */
  used: number;
  /** Reads from this slab that are still in flight. */
  holds: number;
  /** No further read goes into this slab: it is recycled when its last hold is released. */
  retired: boolean;
}

export interface ReadSlabsOptions {
  /** Size of each slab. */
  slabBytes: number;
  /** A read is offered at least this much room: below it, the next read starts a new slab. */
  minReadBytes: number;
  /** Spare slabs kept for reuse; more are left to the garbage collector. */
  spareSlabs: number;
  /** The spares are let go once no read has filled a minimum read's room for this long (the stream idles). */
  sparesIdleMs: number;
  /** The clock, in ms (tests pass their own). */
  now?: () => number;
}

/**
 * The memory a desktop stream is read into, reused instead of allocated per read. A socket opened with
 * `onread: { buffer: () => slabs.nextReadBuffer(), callback }` reads straight into the unread tail of the
 * current slab; `take` claims what a read put there, and a slab whose reads have all been released is
 * reused. Reading a fast stream this way allocates nothing per read, where Node's default allocates 64 KiB
 * for every read and leaves the garbage collector to find it (a fifth of the agent's time when it profiled
 * a full-screen stream), and a read may be larger than 64 KiB.
 *
 * Memory is bounded by what is in flight: the caller stops reading while its writes are backed up, so only
 * the slabs those writes still refer to, one being filled and `spareSlabs` spares exist.
 */
export class ReadSlabs {
  private current: Slab;
  private readonly spare: Slab[] = [];
  private counted = 0;
  /** When a read last filled at least a minimum read's room: the stream was busy then. */
  private lastBusyAt: number;
  private sparesTimer?: NodeJS.Timeout;
  private readonly now: () => number;

  constructor(private readonly options: ReadSlabsOptions) {
    if (options.minReadBytes > options.slabBytes) throw new Error('a read cannot be larger than a slab');
    this.now = options.now ?? (() => performance.now());
    this.lastBusyAt = this.now();
    this.current = this.newSlab();
  }

  /** The buffer the next read fills: the current slab's unfilled tail, or a fresh slab if too little is left. */
  nextReadBuffer(): Buffer {
    if (this.current.memory.length - this.current.used < this.options.minReadBytes) this.startNextSlab();
    return this.current.memory.subarray(this.current.used);
  }

  /**
   * Claims the `nread` bytes that the last read put into `buffer` (the one `nextReadBuffer` handed out).
   * Throws if `buffer` is not that one: reading into memory still in flight would corrupt the stream.
   */
  take(nread: number, buffer: Buffer): HeldBytes {
    const slab = this.current;
    if (buffer.buffer !== slab.memory.buffer || buffer.byteOffset !== slab.memory.byteOffset + slab.used) {
      throw new Error('a read landed outside the buffer it was given');
    }
    const bytes = slab.memory.subarray(slab.used, slab.used + nread);
    slab.used += nread;
    slab.holds++;
    if (nread >= this.options.minReadBytes) this.lastBusyAt = this.now();
    let released = false;
    return {
      bytes,
      release: () => {
        if (released) return;
        released = true;
        slab.holds--;
        if (slab.retired && slab.holds === 0) this.recycle(slab);
      },
    };
  }

  /** Slabs that exist now (filled, in flight or spare): for tests and bounds. */
  get slabCount(): number {
    return this.counted;
  }

  /**
   * A viewer's first full-screen update fills a few slabs, which then stay as spares; on a desktop that idles
   * afterwards (most of them, most of the time, without a single read) a timer lets them go, so an idle
   * viewer holds one slab. The timer runs only while there are spares, and never keeps the agent alive.
   */
  private watchSpares(): void {
    if (this.sparesTimer) return;
    const check = () => {
      const idleFor = this.now() - this.lastBusyAt;
      if (idleFor < this.options.sparesIdleMs) {
        this.sparesTimer = setTimeout(check, this.options.sparesIdleMs - idleFor).unref();
        return;
      }
      this.sparesTimer = undefined;
      this.counted -= this.spare.length;
      this.spare.length = 0;
    };
    this.sparesTimer = setTimeout(check, this.options.sparesIdleMs).unref();
  }

  private startNextSlab(): void {
    const previous = this.current;
    previous.retired = true;
    if (previous.holds === 0) this.recycle(previous);
    this.current = this.spare.pop() ?? this.newSlab();
  }

  private recycle(slab: Slab): void {
    if (this.spare.length >= this.options.spareSlabs) {
      this.counted--;
      return;
    }
    slab.used = 0;
    slab.holds = 0;
    slab.retired = false;
    this.spare.push(slab);
    this.watchSpares();
  }

  private newSlab(): Slab {
    this.counted++;
    // Outside Node's small-buffer pool: a slab's memory is never shared with anything else.
    return { memory: Buffer.allocUnsafeSlow(this.options.slabBytes), used: 0, holds: 0, retired: false };
  }
}
