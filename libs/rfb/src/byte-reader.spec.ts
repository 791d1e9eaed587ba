import { PassThrough } from 'node:stream';
import { ByteReader } from './byte-reader';

const bytes = (...values: number[]) => Buffer.from(values);

describe('ByteReader', () => {
  it('reads exact sizes across chunk boundaries and hands back the rest on release', async () => {
    const stream = new PassThrough();
    const reader = new ByteReader(stream);
    stream.write(bytes(1, 2));
    stream.write(bytes(3, 4, 5));
    expect([...(await reader.read(3))]).toEqual([1, 2, 3]);
    expect(await reader.readUint8()).toBe(4);
    stream.write(bytes(6, 7));
    expect([...(await reader.read(0))]).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect([...reader.release()]).toEqual([5, 6, 7]);
  });

  it('waits for a read larger than everything buffered, and joins many chunks once', async () => {
    const stream = new PassThrough();
    const reader = new ByteReader(stream);
    const pending = reader.read(64 * 1024 + 1);
    const concat = jest.spyOn(Buffer, 'concat');
    for (let i = 0; i < 64; i++) stream.write(Buffer.alloc(1024, i));
    stream.write(bytes(200, 201));
    const read = await pending;
    expect(read.length).toBe(64 * 1024 + 1);
    expect(read[1024 * 63]).toBe(63);
    expect(read[64 * 1024]).toBe(200);
    // One join for the whole read: joining on every chunk copied the growing buffer each time (quadratic).
    expect(concat).toHaveBeenCalledTimes(1);
    concat.mockRestore();
    expect([...reader.release()]).toEqual([201]);
  });

  it('keeps a copy of fed bytes, so their owner may reuse the memory', async () => {
    const stream = new PassThrough();
    const reader = new ByteReader(stream, { fed: true });
    const memory = bytes(9, 8, 7);
    reader.push(memory);
    memory.fill(0);
    expect([...(await reader.read(2))]).toEqual([9, 8]);
    stream.write(bytes(1));
    expect([...reader.release()]).toEqual([7]);
  });

  it('rejects a read when the stream ends first', async () => {
    const stream = new PassThrough();
    const reader = new ByteReader(stream);
    const pending = reader.read(4);
    stream.end(bytes(1));
    await expect(pending).rejects.toThrow('connection closed during the RFB handshake');
  });
});

describe('ByteReader.skip', () => {
  it('discards exactly the bytes asked for, across chunks, without joining them', async () => {
    const stream = new PassThrough();
    const reader = new ByteReader(stream);
    const skipped = reader.skip(5000);
    const concat = jest.spyOn(Buffer, 'concat');
    for (let i = 0; i < 5; i++) stream.write(Buffer.alloc(1000, i));
    stream.write(bytes(42, 43));
    await skipped;
    expect(concat).not.toHaveBeenCalled();
    concat.mockRestore();
    expect([...(await reader.read(2))]).toEqual([42, 43]);
  });
});

describe('ByteReader bound', () => {
  it('fails, and takes nothing more, when more than maxBufferedBytes arrive unread', async () => {
    const stream = new PassThrough();
    const reader = new ByteReader(stream, { fed: true, maxBufferedBytes: 8 });
    reader.push(Buffer.alloc(8));
    expect(reader.failed).toBe(false);
    reader.push(Buffer.alloc(1));
    expect(reader.failed).toBe(true);
    await expect(reader.read(1)).rejects.toThrow('more than 8 bytes arrived unread');
  });
});

describe('ByteReader on a destroyed stream', () => {
  it('rejects a waiting read when the stream is destroyed without ending', async () => {
    const stream = new PassThrough();
    const reader = new ByteReader(stream);
    const pending = reader.read(4);
    stream.destroy();
    await expect(pending).rejects.toThrow('connection closed during the RFB handshake');
  });
});
