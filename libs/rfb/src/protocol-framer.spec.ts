import { emit, pass, ProtocolFramer, read, type Protocol } from './protocol-filter';
import { runFilter } from './testing-streams';

/** Records every header it reads, then lets the header and its payload (its second byte's length) pass. */
function* recordingProtocol(headers: Buffer[]): Protocol {
  for (;;) {
    const header = yield read(2);
    headers.push(header);
    yield emit(header);
    yield pass(header.readUInt8(1));
  }
}

const feedAll = (framer: ProtocolFramer, chunks: Buffer[]) => {
  const out: Buffer[] = [];
  for (const chunk of chunks) {
    framer.feed(chunk, (bytes) => out.push(Buffer.from(bytes)));
    chunk.fill(0xee); // the caller reuses its read buffer at once
  }
  return Buffer.concat(out);
};

describe('ProtocolFramer', () => {
  it('frames correctly when the caller reuses each chunk as soon as feed returns', () => {
    const headers: Buffer[] = [];
    const stream = [7, 2, 1, 2, 7, 3, 4, 5, 6];
    // Cut inside a header, so the framer must hold half a header across chunks.
    const output = feedAll(new ProtocolFramer(recordingProtocol(headers)), [Buffer.from(stream.slice(0, 5)), Buffer.from(stream.slice(5))]);
    expect([...output]).toEqual(stream);
  });

  it('hands the protocol copies, never the fed memory', () => {
    const headers: Buffer[] = [];
    feedAll(new ProtocolFramer(recordingProtocol(headers)), [Buffer.from([7, 1, 9, 7, 0])]);
    expect(headers.map((header) => [...header])).toEqual([
      [7, 1],
      [7, 0],
    ]);
  });

  it('hands out what the protocol emitted before its first read with the first chunk', () => {
    function* greeting(): Protocol {
      yield emit(Buffer.from('hi'));
      for (;;) yield pass((yield read(1)).readUInt8(0));
    }
    // The length byte is read, not passed: out come the greeting and the one byte after the length.
    const output = feedAll(new ProtocolFramer(greeting()), [Buffer.from([1, 65])]);
    expect(output.toString('latin1')).toBe('hiA');
  });
});

describe('ProtocolFilter', () => {
  it('pushes a chunk of thousands of one-byte messages as one buffer, and large payloads as they are', async () => {
    function* oneByteThenPayload(): Protocol {
      for (;;) {
        const type = yield read(1);
        yield emit(type);
        if (type.readUInt8(0) === 0xff) yield pass(5000);
      }
    }
    const messages = Buffer.concat([Buffer.alloc(10_000, 4), Buffer.from([0xff]), Buffer.alloc(5000, 6), Buffer.alloc(3, 4)]);
    const { output, pieces } = await runFilter(oneByteThenPayload(), [messages]);
    expect(output).toEqual(messages);
    expect(pieces).toEqual([10_001, 5000, 3]);
  });
});
