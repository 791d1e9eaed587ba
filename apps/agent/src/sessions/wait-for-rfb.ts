import { connect } from 'node:net';

/** Polls host:port until it answers with an RFB banner, or rejects at the deadline. */
export async function waitForRfbBanner(host: string, port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await answersBanner(host, port)) return;
    if (Date.now() > deadline) throw new Error(`workspace did not answer on ${host}:${port} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function answersBanner(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once('data', (data) => done(data.toString('latin1').startsWith('RFB ')));
    socket.once('error', () => done(false));
  });
}
