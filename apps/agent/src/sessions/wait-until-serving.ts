import type Docker from 'dockerode';
import { waitForRfbBanner } from './wait-for-rfb';

/** How much of a workspace's own output a failed start quotes. */
const LOG_TAIL_LINES = 3;

/**
 * Waits until the workspace serves RFB on its socket (the image contract, docs/workspace-images.md). Fails early
 * when the container exits first, and at the deadline otherwise, each time with a reason a person can act on:
 * the exit code and the last lines the workspace printed.
 */
export async function waitUntilServing(container: Docker.Container, socketPath: string, timeoutMs: number): Promise<void> {
  const exited = watchExit(container);
  try {
    await Promise.race([
      waitForRfbBanner(socketPath, timeoutMs).catch(async () => {
        throw new Error(`The workspace did not open its desktop socket within ${Math.round(timeoutMs / 1000)} s.${await lastWords(container)}`);
      }),
      exited.promise,
    ]);
  } finally {
    exited.stop();
  }
}

function watchExit(container: Docker.Container): { promise: Promise<never>; stop(): void } {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const promise = new Promise<never>((_, reject) => {
    const check = async () => {
      if (stopped) return;
      const state = await container.inspect().then(
        (info) => info.State,
        () => undefined,
      );
      if (state && !state.Running && state.Status !== 'created') {
        reject(new Error(`The workspace exited (code ${state.ExitCode}) before opening its desktop socket.${await lastWords(container)}`));
        return;
      }
      timer = setTimeout(check, 250);
    };
    timer = setTimeout(check, 250);
  });
  promise.catch(() => undefined);
  return {
    promise,
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

/** The workspace's last lines of output, quoted and bounded, or nothing. */
async function lastWords(container: Docker.Container): Promise<string> {
  const buffer = await container.logs({ stdout: true, stderr: true, tail: LOG_TAIL_LINES }).catch(() => undefined);
  const text = stripDockerFrames(buffer as unknown as Buffer | undefined)
    .replace(/[^\x20-\x7e\n]/g, '')
    .trim()
    .slice(-400);
  return text ? ` It said: ${text.replace(/\n+/g, ' / ')}` : '';
}

/** Docker's log stream of a container without a TTY: 8-byte headers before each frame. */
function stripDockerFrames(buffer: Buffer | undefined): string {
  if (!buffer || !Buffer.isBuffer(buffer)) return '';
  const parts: string[] = [];
  for (let offset = 0; offset + 8 <= buffer.length;) {
    const length = buffer.readUInt32BE(offset + 4);
    parts.push(buffer.subarray(offset + 8, offset + 8 + length).toString('utf8'));
    offset += 8 + length;
  }
  return parts.join('');
}
