import { connect } from 'node:net';

/** Polls a VNC server's Unix socket until it answers with an RFB banner, or rejects at the deadline. */
export async function waitForRfbBanner(socketPath: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await answersBanner(socketPath)) return;
    if (Date.now() > deadline) throw new Error(`workspace did not answer on its VNC socket within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function answersBanner(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ path });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once('data', (data) => done(data.toString('latin1').startsWith('RFB ')));
    socket.once('error', () => done(false));
  });
}
