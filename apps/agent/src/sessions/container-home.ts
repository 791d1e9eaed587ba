import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type Docker from 'dockerode';

/**
 * Copies a workspace's home folder out of and back into its container with `tar` run inside the container,
 * as the workspace user: Docker's archive API reads the image's layers, not the tmpfs mounted over them, and
 * running tar inside means nothing the workspace wrote is ever unpacked outside it.
 */
export async function readHome(docker: Docker, container: Docker.Container, home: string, user: string, exclude: string[] = []): Promise<HomeRead> {
  const excluded = exclude.map((path) => `--exclude=${path}`);
  const exec = await container.exec({ Cmd: ['tar', '-C', home, ...excluded, '-cf', '-', '.'], AttachStdout: true, AttachStderr: true, User: user });
  const stream = await exec.start({ hijack: true, stdin: false });
  const archive = new PassThrough();
  docker.modem.demuxStream(stream, archive, new PassThrough().resume());
  stream.once('end', () => archive.end());
  stream.once('error', (error: Error) => archive.destroy(error));
  return {
    archive,
    // tar exits 1 when a file changed while it was read (the desktop still runs): the copy is still whole.
    succeeded: async () => ((await exitCodeOf(exec)) ?? 2) <= 1,
  };
}

export interface HomeRead {
  archive: Readable;
  /** Call after the archive ended: whether tar copied the whole folder. */
  succeeded(): Promise<boolean>;
}

/** Unpacks `archive` into the container's home, as the workspace user; resolves when tar has finished. */
export async function writeHome(container: Docker.Container, home: string, user: string, archive: Readable): Promise<void> {
  const exec = await container.exec({ Cmd: ['tar', '-C', home, '-xf', '-'], AttachStdin: true, AttachStdout: true, AttachStderr: true, User: user });
  const stream = await exec.start({ hijack: true, stdin: true });
  const finished = new Promise<void>((resolve, reject) => {
    stream.once('end', resolve);
    stream.once('close', resolve);
    stream.once('error', reject);
  });
  stream.resume();
  // A hijacked Docker stream may close without a clean end; tar's exit code below is the verdict.
  await pipeline(archive, stream).catch(() => undefined);
  await finished;
  const { ExitCode } = await exec.inspect();
  if (ExitCode !== 0) throw new Error(`restoring the home folder failed (tar exit code ${ExitCode})`);
}

/** The exec's exit code once it has exited (its output may end a moment before), or null after 5 s. */
export async function exitCodeOf(exec: Docker.Exec): Promise<number | null> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const state = await exec.inspect();
    if (!state.Running) return state.ExitCode;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return null;
}
