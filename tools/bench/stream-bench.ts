/**
 * The stream as a user sees it: a terminal that keeps scrolling (random text and file listings, in a second xterm),
 * read with ZRLE and CopyRect (what noVNC asks for) through three paths in the same run: direct to the VNC
 * socket, websockify behind an nginx of kasm_proxy's build (`websockify-peer.ts`), and Atrium (kasm_proxy +
 * the agent's bridge). Each path asks for incremental updates back to back for `--seconds` and reports
 * updates per second, bytes per second on the wire, and p50/p95 from request to update.
 * Run as root on a running RA1 host (`npm run up`). Usage: npm run bench:stream [-- --seconds 10]
 */
import { connect } from 'node:net';
import { join } from 'node:path';
import { RfbViewer } from '@atrium/testing';
import { benchClient, docker, percentile, sessionVncPassword } from './bench-client';

const args = new Map(process.argv.slice(2).map((arg, i, all) => [arg, all[i + 1]]));
const SECONDS = Number(args.get('--seconds') ?? 10);
const SESSIONS_DIR = process.env['ATRIUM_SESSIONS_DIR'] ?? '/var/lib/atrium/sessions';
const AGENT_NAME = process.env['ATRIUM_AGENT_NAME'] ?? 'ra1-agent';
const ZRLE = 16;
const COPY_RECT = 1;

interface Figures {
  updatesPerSecond: number;
  bytesPerSecond: number;
  latencies: number[];
}

async function measure(viewer: RfbViewer, password?: string): Promise<Figures> {
  const init = await viewer.handshake(password, [ZRLE, COPY_RECT]);
  viewer.requestUpdate(init.width, init.height, false);
  await viewer.readUpdate();
  const latencies: number[] = [];
  let bytes = 0;
  const started = performance.now();
  while (performance.now() - started < SECONDS * 1000) {
    const asked = performance.now();
    viewer.requestUpdate(init.width, init.height, true);
    bytes += await viewer.readUpdate();
    latencies.push(performance.now() - asked);
  }
  viewer.close();
  const seconds = (performance.now() - started) / 1000;
  return { updatesPerSecond: latencies.length / seconds, bytesPerSecond: bytes / seconds, latencies };
}

async function main(): Promise<void> {
  const client = await benchClient();
  const sessionId = await client.launch(await client.workspaceId('terminal'));
  const container = docker('ps', '-q', '--filter', `label=atrium.session=${sessionId}`);
  // A second terminal that never stops scrolling: a desktop that is drawing.
  docker(
    'exec',
    '-d',
    container,
    'sh',
    '-c',
    "DISPLAY=:1 xterm -geometry 160x50+0+0 -e sh -c 'while :; do head -c 30000 /dev/urandom | base64 -w 150; ls -lR /usr/share | head -400; done'",
  );
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const sessionDir = join(SESSIONS_DIR, AGENT_NAME, sessionId);
  const socket = join(sessionDir, 'rfb.sock');
  const password = sessionVncPassword(sessionDir);
  try {
    const direct = await measure(new RfbViewer(connect(socket)), password);
    const peer = await client.websockifyPeer(socket);
    const websockify = await measure(await client.openWebSocket(peer.url), password).finally(() => peer.stop());
    const atrium = await measure(await client.openDesktop(sessionId));
    const row = (name: string, figures: Figures) =>
      `  ${name.padEnd(34)}${figures.updatesPerSecond.toFixed(0).padStart(8)}${(figures.bytesPerSecond / 1e6).toFixed(2).padStart(10)}${`${percentile(figures.latencies, 50).toFixed(1)} ms`.padStart(11)}${`${percentile(figures.latencies, 95).toFixed(1)} ms`.padStart(11)}`;
    console.log(`stream of a scrolling terminal, ZRLE + CopyRect, ${SECONDS} s each (${new Date().toISOString()})`);
    console.log(`  ${'path'.padEnd(34)}${'upd/s'.padStart(8)}${'MB/s'.padStart(10)}${'p50'.padStart(11)}${'p95'.padStart(11)}`);
    console.log(row('direct to the VNC socket', direct));
    console.log(row('websockify behind the same nginx', websockify));
    console.log(row('Atrium (kasm_proxy + agent)', atrium));
  } finally {
    await client.api(`/api/sessions/${sessionId}`, { method: 'DELETE' });
  }
}

main().catch((error: unknown) => {
  console.error(`bench failed: ${(error as Error).message}`);
  process.exit(1);
});
