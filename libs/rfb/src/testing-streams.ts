import { ProtocolFilter, type Protocol } from './protocol-filter';

/** Runs a protocol over `chunks` as a stream would deliver them; resolves with what came out (and the size of each buffer pushed), or the error. */
export async function runFilter(protocol: Protocol, chunks: Buffer[]): Promise<{ output: Buffer; pieces: number[]; error?: Error; filter: ProtocolFilter }> {
  const filter = new ProtocolFilter(protocol);
  const out: Buffer[] = [];
  filter.on('data', (chunk: Buffer) => out.push(chunk));
  const finished = new Promise<Error | undefined>((resolve) => {
    filter.once('error', resolve);
    filter.once('end', () => resolve(undefined));
  });
  for (const chunk of chunks) {
    if (!filter.write(chunk)) await new Promise((resolve) => setImmediate(resolve));
  }
  filter.end();
  const error = await finished;
  return { output: Buffer.concat(out), pieces: out.map((piece) => piece.length), ...(error && { error }), filter };
}

/** The same bytes cut into pieces of `size` (1: byte by byte), to prove framing does not depend on chunking. */
export const inPieces = (bytes: Buffer, size: number) =>
  Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) => bytes.subarray(i * size, (i + 1) * size));
