import { Writable } from 'node:stream';
import { emit, pass, ProtocolFramer, read, type Protocol } from '@atrium/rfb';
import { DesktopToBrowser } from './desktop-to-browser';

/** Messages of a 2-byte header (a 0xaa mark, then a length) and that many bytes; a bad mark is an error. */
function* lengthPrefixed(): Protocol {
  for (;;) {
    const header = yield read(2);
    if (header.readUInt8(0) !== 0xaa) throw new Error('bad mark');
    yield emit(header);
    yield pass(header.readUInt8(1));
  }
}

/** A browser whose writes complete only when the test says so. */
function slowBrowser(highWaterMark: number) {
  const written: Buffer[] = [];
  const pending: (() => void)[] = [];
  const browser = new Writable({
    highWaterMark,
    write(chunk: Buffer, _encoding, done) {
      written.push(Buffer.from(chunk));
      pending.push(() => done());
    },
  });
  const completeAll = async () => {
    while (pending.length) {
      pending.shift()?.();
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  return { browser, written, completeAll };
}

const held = (bytes: number[]) => {
  const state = { released: 0 };
  return { state, held: { bytes: Buffer.from(bytes), release: () => void state.released++ } };
};

describe('DesktopToBrowser', () => {
  it('writes what the protocol lets pass, and releases a read only when its last write has gone out', async () => {
    const { browser, written, completeAll } = slowBrowser(1024);
    const relay = new DesktopToBrowser(new ProtocolFramer(lengthPrefixed()), browser, () => undefined);
    const first = held([0xaa, 3, 1, 2, 3, 0xaa, 2, 4]);
    expect(relay.relay(first.held)).toBe(true);
    expect(first.state.released).toBe(0);
    await completeAll();
    expect(first.state.released).toBe(1);
    expect(Buffer.concat(written)).toEqual(Buffer.from([0xaa, 3, 1, 2, 3, 0xaa, 2, 4]));
  });

  it('releases at once a read that produced nothing to write', () => {
    const { browser } = slowBrowser(1024);
    const relay = new DesktopToBrowser(new ProtocolFramer(lengthPrefixed()), browser, () => undefined);
    const first = held([0xaa]); // half a header: the framer holds a copy, nothing is written yet
    expect(relay.relay(first.held)).toBe(true);
    expect(first.state.released).toBe(1);
  });

  it('asks to stop reading while the browser is over its mark', async () => {
    const { browser, completeAll } = slowBrowser(4);
    const relay = new DesktopToBrowser(new ProtocolFramer(lengthPrefixed()), browser, () => undefined);
    expect(relay.relay(held([0xaa, 6, 1, 2, 3, 4, 5, 6]).held)).toBe(false);
    const drained = new Promise((resolve) => browser.once('drain', resolve));
    await completeAll();
    await drained;
  });

  it('reports a protocol error once, releases the read and writes nothing more', () => {
    const { browser, written } = slowBrowser(1024);
    const failures: Error[] = [];
    const relay = new DesktopToBrowser(new ProtocolFramer(lengthPrefixed()), browser, (error) => failures.push(error));
    const bad = held([0x55, 1]);
    expect(relay.relay(bad.held)).toBe(false);
    const after = held([0xaa, 1, 9]);
    expect(relay.relay(after.held)).toBe(false);
    expect(failures.map((error) => error.message)).toEqual(['bad mark']);
    expect(bad.state.released + after.state.released).toBe(2);
    expect(written).toEqual([]);
  });

  it('joins a flood of one-byte messages from a read into one write, and keeps large payloads as they are', async () => {
    function* oneByteMessages(): Protocol {
      for (;;) yield emit(yield read(1));
    }
    const { browser, written, completeAll } = slowBrowser(1024);
    const relay = new DesktopToBrowser(new ProtocolFramer(oneByteMessages()), browser, () => undefined);
    const flood = Buffer.alloc(10_000, 2); // ten thousand Bell messages
    relay.relay({ bytes: flood, release: () => undefined });
    await completeAll();
    expect(written.length).toBe(1);
    expect(written[0]).toEqual(flood);

    function* uint32Prefixed(): Protocol {
      for (;;) {
        const header = yield read(4);
        yield emit(header);
        yield pass(header.readUInt32BE(0));
      }
    }
    const framed = slowBrowser(1024 * 1024);
    const mixed = new DesktopToBrowser(new ProtocolFramer(uint32Prefixed()), framed.browser, () => undefined);
    const header = (length: number) => Buffer.from([0, 0, length >> 8, length & 0xff]);
    const stream = Buffer.concat([header(5000), Buffer.alloc(5000, 7), header(1), Buffer.from([9])]);
    mixed.relay({ bytes: stream, release: () => undefined });
    await framed.completeAll();
    // The large payload is a write of its own; the short pieces around it are joined.
    expect(framed.written.map((chunk) => chunk.length)).toEqual([4, 5000, 5]);
    expect(Buffer.concat(framed.written)).toEqual(stream);
  });
});
