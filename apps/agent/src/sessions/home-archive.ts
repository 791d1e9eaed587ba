import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export class ArchiveTooLargeError extends Error {}

/**
 * The home folders of stopped sessions. A workspace's home is a tmpfs (bounded, and gone when the container
 * stops), so stopping a session keeps it as a tar here, beside the agent's session directories but never
 * inside one (a workspace sees only its own session directory). The agent never unpacks it: Docker puts it
 * back into the same container when the session starts again. Each archive is capped while it streams.
 */
export class HomeArchives {
  private readonly directory: string;

  constructor(
    sessionsDir: string,
    agentName: string,
    private readonly maxBytes: number,
  ) {
    this.directory = join(sessionsDir, agentName, '.stopped-homes');
  }

  /** `maxBytes`: this session's own bound, when its home is larger than the default (a kept home's profile size). */
  async save(sessionId: string, archive: Readable, maxBytes = this.maxBytes): Promise<number> {
    await mkdir(this.directory, { recursive: true, mode: 0o700 });
    return saveArchive(this.pathOf(sessionId), archive, maxBytes, 0o600);
  }

  /** The saved home, or undefined when the session was never stopped. */
  async open(sessionId: string): Promise<Readable | undefined> {
    const exists = await stat(this.pathOf(sessionId)).then(
      () => true,
      () => false,
    );
    return exists ? createReadStream(this.pathOf(sessionId)) : undefined;
  }

  async remove(sessionId: string): Promise<void> {
    await rm(this.pathOf(sessionId), { force: true });
  }

  private pathOf(sessionId: string): string {
    return join(this.directory, `${sessionId}.tar`);
  }
}

/**
 * Writes an archive to a temporary name, capped at `maxBytes` while it streams, then renames it over `path`: a failed
 * save never leaves half a home behind (`whole`, when given, must confirm the writer finished), and the file is always
 * created anew (never written through a link).
 * Returns its size.
 */
export async function saveArchive(path: string, archive: Readable, maxBytes: number, mode: number, whole?: () => Promise<boolean>): Promise<number> {
  const partial = `${path}.partial`;
  try {
    await rm(partial, { force: true });
    await pipeline(archive, capAt(maxBytes), createWriteStream(partial, { mode, flags: 'wx' }));
    // The writer (tar in the container) may end its stream and only then say it failed: never replace with half.
    if (whole && !(await whole())) throw new Error('the archive is not whole (tar failed)');
    await rename(partial, path);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  return (await stat(path)).size;
}

function capAt(maxBytes: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen > maxBytes) done(new ArchiveTooLargeError(`the home folder is larger than ${maxBytes} bytes`));
      else done(null, chunk);
    },
  });
}
