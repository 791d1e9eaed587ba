import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileNameSchema, TRANSFER_FOLDERS, type DownloadableFile, type UploadResult } from '@atrium/contracts';
import { createError } from '@atrium/http';
import type Docker from 'dockerode';
import { exitCodeOf } from '../sessions/container-home';
import { WORKSPACE_HOME } from '../sessions/workspace-container-spec';
import { startWorkspaceExec } from '../sessions/workspace-exec';
import { DockerStdout } from './docker-stdout';
import { FILES_SCRIPT, SCRIPT_REFUSALS } from './workspace-files-script';

/** The download list's output is bounded: at most this many bytes of names and sizes, this many files. */
const MAX_LIST_BYTES = 1024 * 1024;
const MAX_LISTED_FILES = 1000;

const folderOf = (direction: keyof typeof TRANSFER_FOLDERS) => `${WORKSPACE_HOME}/${TRANSFER_FOLDERS[direction]}`;

/** A download on its way: its size (from the workspace) and its bytes, which end when the file does. */
export interface OpenDownload {
  size: number;
  body: Readable;
}

/** The refusal a script exit code stands for; anything unexpected is a 502 with the script's own words logged. */
function refusalOf(exitCode: number | null, stderr: string) {
  const known = exitCode === null ? undefined : SCRIPT_REFUSALS[exitCode];
  if (known) return createError(known.status, known.code, known.sentence);
  return createError(502, 'transfer_failed', `The workspace could not move the file (${stderr.slice(0, 200) || `exit ${exitCode}`}).`);
}

/**
 * Moves files between a running workspace and a stream, through `FILES_SCRIPT` run inside the container as the
 * workspace user. Every byte streams with backpressure both ways: nothing is held whole in the agent's memory.
 */
export class WorkspaceFiles {
  constructor(private readonly containerOf: (sessionId: string) => Promise<Docker.Container>) {}

  /** The regular files directly in `~/Downloads`, newest first (links, folders and odd names left out). */
  async list(sessionId: string): Promise<DownloadableFile[]> {
    const { exec, output } = await this.run(sessionId, ['list', folderOf('download')], false);
    const chunks: Buffer[] = [];
    let bytes = 0;
    for await (const chunk of output) {
      bytes += (chunk as Buffer).length;
      if (bytes <= MAX_LIST_BYTES) chunks.push(chunk as Buffer);
    }
    const exitCode = await exitCodeOf(exec);
    if (exitCode !== 0) throw refusalOf(exitCode, output.stderr());
    return parseListing(Buffer.concat(chunks).toString('utf8'));
  }

  /** Opens `~/Downloads/<name>` for reading; refuses a link or a missing file before any byte is sent. */
  async openDownload(sessionId: string, name: string): Promise<OpenDownload> {
    const { exec, stream, output } = await this.run(sessionId, ['read', folderOf('download'), name], false);
    const header = new SizeHeader();
    output.pipe(header);
    const size = await header.size;
    if (size === undefined) {
      output.resume();
      throw refusalOf(await exitCodeOf(exec), output.stderr());
    }
    const body = header.pipe(new Cap(size));
    // A download the browser cancels (or the budget refuses) must not leave the reader blocked in the workspace with
    // its socket open in the agent: closing the exec's stream ends it (its next write fails).
    body.once('close', () => stream.destroy());
    return { size, body };
  }

  /**
   * Writes `body` (exactly `size` bytes, or the upload is dropped) as `~/Uploads/<name>`, under a free name
   * when that one is taken. An upload cut short leaves nothing behind: the script keeps only a whole file.
   */
  async upload(sessionId: string, name: string, size: number, body: Readable): Promise<UploadResult> {
    const { exec, stream, output } = await this.run(sessionId, ['write', folderOf('upload'), name, String(size)], true);
    const answer: Buffer[] = [];
    output.on('data', (chunk: Buffer) => answer.length < 64 && answer.push(chunk));
    const outputEnded = new Promise<void>((resolve) =>
      output
        .once('end', resolve)
        .once('close', resolve)
        .once('error', () => resolve()),
    );
    // The hijacked socket's end closes the script's stdin; a client that stops early ends it short.
    await pipeline(body, new Cap(size), stream, { end: true }).catch(() => stream.end());
    await outputEnded;
    const exitCode = await exitCodeOf(exec);
    if (exitCode !== 0) throw refusalOf(exitCode, output.stderr());
    const stored = Buffer.concat(answer).toString('utf8');
    return { name: fileNameSchema.safeParse(stored).success ? stored : name, size };
  }

  private async run(sessionId: string, args: string[], stdin: boolean) {
    const { exec, stream } = await startWorkspaceExec(await this.containerFor(sessionId), ['sh', '-c', FILES_SCRIPT, 'atrium-files', ...args], stdin);
    const output = new DockerStdout();
    stream.pipe(output);
    // A socket destroyed (the browser went away) emits no 'end': the output must still end.
    stream.once('close', () => output.writableEnded || output.end());
    return { exec, stream, output };
  }

  private async containerFor(sessionId: string): Promise<Docker.Container> {
    try {
      const container = await this.containerOf(sessionId);
      const { State } = await container.inspect();
      if (State.Running && !State.Paused) return container;
    } catch {
      // No container of this session on this agent: the same answer as one that is not running.
    }
    throw createError(409, 'session_not_running', 'The session is not running, so its files cannot move.');
  }
}

/** `size mtime name\0` records from `find -printf`, as the download list. */
export function parseListing(text: string): DownloadableFile[] {
  const files: DownloadableFile[] = [];
  for (const record of text.split('\0')) {
    const match = /^(\d+) (\d+(?:\.\d+)?) (.+)$/s.exec(record);
    if (!match || !fileNameSchema.safeParse(match[3]).success) continue;
    files.push({ name: match[3] as string, size: Number(match[1]), modifiedAt: new Date(Number(match[2]) * 1000).toISOString() });
  }
  files.sort((a, b) => b.modifiedAt.localeCompare(a.modifiedAt) || a.name.localeCompare(b.name));
  return files.slice(0, MAX_LISTED_FILES);
}

/** Reads the first line (the file's size, which the script prints before the bytes) and passes the rest on. */
class SizeHeader extends Transform {
  readonly size: Promise<number | undefined>;
  private resolveSize!: (size: number | undefined) => void;
  private head: Buffer | undefined = Buffer.alloc(0);

  constructor() {
    super();
    this.size = new Promise((resolve) => (this.resolveSize = resolve));
    this.once('close', () => this.resolveSize(undefined));
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    if (!this.head) return done(null, chunk);
    this.head = Buffer.concat([this.head, chunk]);
    const newline = this.head.indexOf(10);
    if (newline < 0) return this.head.length > 32 ? done(new Error('no size line from the workspace')) : done();
    const size = Number(this.head.subarray(0, newline).toString('ascii'));
    const rest = this.head.subarray(newline + 1);
    this.head = undefined;
    this.resolveSize(Number.isSafeInteger(size) && size >= 0 ? size : undefined);
    done(null, rest.length ? rest : undefined);
  }

  override _flush(done: TransformCallback): void {
    this.resolveSize(undefined);
    done();
  }
}

/** Passes at most `limit` bytes: a file that grows while it is read is sent as large as it was announced. */
class Cap extends Transform {
  private left: number;

  constructor(limit: number) {
    super();
    this.left = limit;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    const kept = chunk.subarray(0, Math.max(0, this.left));
    this.left -= kept.length;
    done(null, kept.length ? kept : undefined);
  }
}
