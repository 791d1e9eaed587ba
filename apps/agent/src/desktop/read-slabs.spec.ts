import { ReadSlabs } from './read-slabs';

const options = { slabBytes: 1024, minReadBytes: 256, spareSlabs: 2, sparesIdleMs: 1000 };

/** What a socket does: fills the buffer it was given, then hands it back with the count. */
function readInto(slabs: ReadSlabs, bytes: number[]) {
  const buffer = slabs.nextReadBuffer();
  Buffer.from(bytes).copy(buffer);
  return slabs.take(bytes.length, buffer);
}

describe('ReadSlabs', () => {
  afterEach(() => jest.useRealTimers());

  it('puts consecutive reads one after another in the same slab', () => {
    const slabs = new ReadSlabs(options);
    const first = readInto(slabs, [1, 2, 3]);
    const second = readInto(slabs, [4, 5]);
    expect([...first.bytes]).toEqual([1, 2, 3]);
    expect([...second.bytes]).toEqual([4, 5]);
    expect(second.bytes.byteOffset).toBe(first.bytes.byteOffset + 3);
    expect(slabs.nextReadBuffer().length).toBe(1024 - 5);
  });

  it('starts another slab when less than a minimum read is left, and never reuses one still in flight', () => {
    const slabs = new ReadSlabs(options);
    const inFlight = readInto(
      slabs,
      Array.from({ length: 800 }, () => 7),
    );
    const next = slabs.nextReadBuffer();
    expect(next.length).toBe(1024);
    expect(next.buffer).not.toBe(inFlight.bytes.buffer);
    Buffer.alloc(1024, 9).copy(next);
    expect(inFlight.bytes.every((byte) => byte === 7)).toBe(true);
  });

  it('reuses a slab once all its reads are released', () => {
    const slabs = new ReadSlabs(options);
    const held = readInto(
      slabs,
      Array.from({ length: 800 }, () => 1),
    ); // slab A
    const memories = new Set([held.bytes.buffer]);
    const second = readInto(
      slabs,
      Array.from({ length: 800 }, () => 2),
    ); // A is nearly full: slab B
    memories.add(second.bytes.buffer);
    second.release();
    held.release();
    const third = readInto(slabs, [3]); // B is nearly full: a released slab, not a third one
    expect(memories.has(third.bytes.buffer)).toBe(true);
    expect(slabs.slabCount).toBe(2);
  });

  it('keeps the number of slabs bounded by what is in flight, for any number of reads', () => {
    const slabs = new ReadSlabs(options);
    let previous = readInto(
      slabs,
      Array.from({ length: 300 }, () => 0),
    );
    for (let i = 0; i < 10_000; i++) {
      const current = readInto(
        slabs,
        Array.from({ length: 300 }, () => i % 256),
      );
      previous.release(); // one read in flight at a time, as a relay whose writes keep up
      previous = current;
    }
    expect(slabs.slabCount).toBeLessThanOrEqual(3);
  });

  it('refuses a read that landed anywhere but in the buffer it was given', () => {
    const slabs = new ReadSlabs(options);
    slabs.nextReadBuffer();
    expect(() => slabs.take(4, Buffer.alloc(1024))).toThrow('a read landed outside the buffer it was given');
  });

  it('counts a release once, however often it is called', () => {
    const slabs = new ReadSlabs(options);
    const held = readInto(
      slabs,
      Array.from({ length: 300 }, () => 1),
    );
    const other = readInto(
      slabs,
      Array.from({ length: 300 }, () => 2),
    );
    held.release();
    held.release();
    readInto(
      slabs,
      Array.from({ length: 300 }, () => 3),
    ).release();
    // The slab is nearly full and `other` still holds it: the next read must go elsewhere.
    readInto(
      slabs,
      Array.from({ length: 900 }, () => 4),
    );
    expect(other.bytes.every((byte) => byte === 2)).toBe(true);
  });

  it('lets the spares go once the stream has idled, without any further read, and keeps them while it is busy', () => {
    jest.useFakeTimers({ now: 0 });
    const slabs = new ReadSlabs({ ...options, now: () => Date.now() });
    const advance = (ms: number) => jest.advanceTimersByTime(ms);
    // A burst: three slabs in flight at once, released together; one stays as a spare beside the current one.
    const burst = [
      readInto(
        slabs,
        Array.from({ length: 800 }, () => 1),
      ),
    ];
    burst.push(
      readInto(
        slabs,
        Array.from({ length: 800 }, () => 2),
      ),
      readInto(
        slabs,
        Array.from({ length: 800 }, () => 3),
      ),
    );
    for (const held of burst) held.release();
    readInto(
      slabs,
      Array.from({ length: 300 }, () => 4),
    ).release();
    expect(slabs.slabCount).toBe(2);
    advance(900);
    readInto(
      slabs,
      Array.from({ length: 300 }, () => 5),
    ).release(); // a large read: the stream is busy again
    advance(900);
    expect(slabs.slabCount).toBe(2);
    advance(200); // a full idle period after the last large read, with no read at all
    expect(slabs.slabCount).toBe(1);
  });
});
