import { Writable } from 'node:stream';
import type { ExecRequest, ExecResult } from '@atrium/contracts';
import type Docker from 'dockerode';

export interface ExecLimits {
  timeoutMs: number;
  /** Bytes kept of each of stdout and stderr; the rest is read and dropped. */
  maxOutputBytes: number;
}

/** A sink that keeps the first `max` bytes and counts the rest. */
function cappedSink(max: number) {
  const chunks: Buffer[] = [];
  let kept = 0;
  let dropped = false;
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      const room = max - kept;
      if (room > 0) chunks.push(chunk.subarray(0, room));
      kept += Math.min(room, chunk.length);
      if (chunk.length > room) dropped = true;
      done();
    },
  });
  return { sink, text: () => Buffer.concat(chunks).toString('utf8'), dropped: () => dropped };
}

/**
 * Runs `cmd` with `sh -c` inside the workspace as its own user (the caller cannot choose root or privileges),
 * waits up to `timeoutMs`, and keeps a bounded part of the output.
 */
export async function execInWorkspace(
  docker: Docker,
  container: Docker.Container,
  user: string,
  request: ExecRequest,
  limits: ExecLimits,
): Promise<ExecResult> {
  const exec = await container.exec({
    Cmd: ['sh', '-c', request.cmd],
    Env: Object.entries(request.environment).map(([name, value]) => `${name}=${value}`),
    ...(request.workdir && { WorkingDir: request.workdir }),
    User: user,
    Privileged: false,
    AttachStdout: true,
    AttachStderr: true,
  });
  const stream = await exec.start({ hijack: true, stdin: false });
  const stdout = cappedSink(limits.maxOutputBytes);
  const stderr = cappedSink(limits.maxOutputBytes);
  docker.modem.demuxStream(stream, stdout.sink, stderr.sink);
  const finished = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), limits.timeoutMs);
    const done = () => {
      clearTimeout(timer);
      resolve(true);
    };
    stream.once('end', done);
    stream.once('close', done);
    stream.once('error', done);
  });
  if (!finished) stream.destroy();
  const { ExitCode, Running } = await exec.inspect();
  return {
    exitCode: Running ? null : (ExitCode ?? null),
    stdout: stdout.text(),
    stderr: stderr.text(),
    timedOut: !finished || Running,
    truncated: stdout.dropped() || stderr.dropped(),
  };
}
