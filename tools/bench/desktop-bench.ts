/**
 * Time to desktop and stream throughput of a running RA1 host (`npm run up` first), measured side by side:
 *   floor    bare `docker run` of the terminal image until its VNC socket answers the RFB banner, on the same
 *            kind of network as the workspace it is compared with (none, or the agent's egress bridge)
 *   desktop  POST /api/sessions until the first FramebufferUpdate arrives through kasm_proxy and the agent,
 *            cold (a container started for the launch) for a workspace without and one with egress, and
 *            from a staging pool of one (a warm container)
 *   relay    bytes/s of full-screen raw updates through proxy + agent, against a direct connection to the
 *            same workspace's VNC socket on this host (VncAuth), and against websockify (the peer a user
 *            would otherwise pick) on the same socket behind an nginx of the same build and settings
 * Run as root on the RA1 host (the sessions' sockets are in ATRIUM_SESSIONS_DIR).
 *   drawn    time until each shipped workspace's application is drawn, cold and staged, against its bare
 *            `docker run`, with idle memory and image size (app-drawn.ts)
 * Usage: npm run bench:desktop [-- --launches 10 --seconds 5 --rounds 3 --drawn-launches 3 --relay-only | --drawn-only [--workspaces terminal,desktop]].
 * Prints p50/p95 and ratios.
 * The three relay paths are measured in rounds, each round in a rotated order, and each path's median is
 * reported: on a 2-core host one measurement swings with whatever else ran in the same seconds.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RfbViewer } from '@atrium/testing';
import { appDrawnFigures, printAppDrawn } from './app-drawn';
import { benchClient, docker, percentile, sessionVncPassword } from './bench-client';

const args = new Map(process.argv.slice(2).map((arg, i, all) => [arg, all[i + 1]]));
const LAUNCHES = Number(args.get('--launches') ?? 10);
const SECONDS = Number(args.get('--seconds') ?? 5);
const ROUNDS = Number(args.get('--rounds') ?? 3);
const RELAY_ONLY = process.argv.includes('--relay-only');
const DRAWN_ONLY = process.argv.includes('--drawn-only');
const DRAWN_LAUNCHES = Number(args.get('--drawn-launches') ?? 3);
const IMAGE = 'atrium/workspace-terminal:dev';
const SESSIONS_DIR = process.env['ATRIUM_SESSIONS_DIR'] ?? '/var/lib/atrium/sessions';
const AGENT_NAME = process.env['ATRIUM_AGENT_NAME'] ?? 'ra1-agent';
/** The network the agent attaches workspaces with egress to (compose.yaml: <project>_egress). */
const EGRESS_NETWORK = `${process.env['COMPOSE_PROJECT_NAME'] ?? 'atrium'}_egress`;

function waitForBanner(socketPath: string): Promise<void> {
  return new Promise((resolve) => {
    const attempt = () => {
      const socket = connect(socketPath);
      socket.once('data', () => (socket.destroy(), resolve()));
      socket.once('error', () => setTimeout(attempt, 10));
    };
    attempt();
  });
}

/** Waits until exactly one container of the workspace runs: the pool's, refilled, with no session's left. */
async function waitForStaged(workspaceId: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (docker('ps', '-q', '--filter', `label=atrium.workspace=${workspaceId}`).split('\n').filter(Boolean).length !== 1) {
    if (Date.now() > deadline) throw new Error('the staging pool did not refill within 30 s');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await new Promise((resolve) => setTimeout(resolve, 500)); // the slot is marked ready just after its container answers
}

async function floorOnce(network: string): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'atrium-floor-'));
  chmodSync(dir, 0o777);
  const started = performance.now();
  const id = docker('run', '-d', '--rm', '--network', network, '-v', `${dir}:/run/atrium/vnc`, '-e', 'VNC_PASSWORD=bench-only', IMAGE);
  await waitForBanner(join(dir, 'rfb.sock'));
  const elapsed = performance.now() - started;
  docker('rm', '-f', id);
  rmSync(dir, { recursive: true, force: true });
  return elapsed;
}

type Client = Awaited<ReturnType<typeof benchClient>>;

async function desktopOnce(client: Client, workspaceId: string): Promise<{ ms: number; sessionId: string }> {
  const started = performance.now();
  const sessionId = await client.launch(workspaceId);
  const viewer = await client.openDesktop(sessionId);
  const init = await viewer.handshake();
  viewer.requestUpdate(init.width, init.height, false);
  await viewer.readUpdate();
  const ms = performance.now() - started;
  viewer.close();
  return { ms, sessionId };
}

/** Full-screen non-incremental raw updates, back to back, for `seconds`: bytes per second. */
async function throughput(viewer: RfbViewer, password: string | undefined, seconds: number): Promise<number> {
  const init = await viewer.handshake(password);
  const until = performance.now() + seconds * 1000;
  const started = performance.now();
  let bytes = 0;
  while (performance.now() < until) {
    viewer.requestUpdate(init.width, init.height, false);
    bytes += await viewer.readUpdate();
  }
  viewer.close();
  return bytes / ((performance.now() - started) / 1000);
}

/** Cold launches of a workspace, each beside a bare `docker run` of the same image on the same kind of network. */
async function coldLaunches(client: Client, workspaceId: string, network: string): Promise<{ floor: number[]; desktop: number[] }> {
  const floor: number[] = [];
  const desktop: number[] = [];
  for (let i = 0; i < LAUNCHES; i++) {
    floor.push(await floorOnce(network));
    const run = await desktopOnce(client, workspaceId);
    desktop.push(run.ms);
    await client.api(`/api/sessions/${run.sessionId}`, { method: 'DELETE' });
  }
  return { floor, desktop };
}

interface LaunchFigures {
  withoutEgress: { floor: number[]; desktop: number[] };
  withEgress: { floor: number[]; desktop: number[] };
  staged: number[];
}

async function launchFigures(client: Client, terminal: string): Promise<LaunchFigures> {
  const isolated = await client.ensureWorkspace({ name: 'bench-no-egress', image: IMAGE, cores: 1, memoryMb: 768, egress: 'none' });
  const withoutEgress = await coldLaunches(client, isolated, 'none');
  const withEgress = await coldLaunches(client, terminal, EGRESS_NETWORK);

  // The same workspace with a staging pool of one: each launch waits until the pool holds a ready container.
  const pooled = await client.ensureWorkspace({ name: 'bench-pooled', image: IMAGE, cores: 1, memoryMb: 768, stagingSize: 1 });
  await client.api(`/api/workspaces/${pooled}`, { method: 'PATCH', body: { stagingSize: 1 } });
  const staged: number[] = [];
  for (let i = 0; i < LAUNCHES; i++) {
    await waitForStaged(pooled);
    const run = await desktopOnce(client, pooled);
    staged.push(run.ms);
    await client.api(`/api/sessions/${run.sessionId}`, { method: 'DELETE' });
  }
  await client.api(`/api/workspaces/${pooled}`, { method: 'PATCH', body: { stagingSize: 0 } });
  return { withoutEgress, withEgress, staged };
}

type RelayPath = 'direct' | 'tls' | 'websockify' | 'atrium';

/**
 * Bytes/s of each relay path, ROUNDS times each, in an order rotated every round, on one terminal session,
 * after a one-second pass of each that is not counted (the session's first seconds are its start-up).
 * `tls` is no relay: the portal's script fetched again and again through kasm_proxy, the ceiling that TLS
 * through that nginx sets for this client on this machine.
 */
async function relayFigures(client: Client, terminal: string): Promise<Record<RelayPath, number[]>> {
  const sessionId = await client.launch(terminal);
  const sessionDir = join(SESSIONS_DIR, AGENT_NAME, sessionId);
  const vncPassword = sessionVncPassword(sessionDir);
  const peer = await client.websockifyPeer(join(sessionDir, 'rfb.sock'));
  const script = /\/assets\/[\w-]+\.js/.exec((await client.api('/')).body)?.[0];
  if (!script) throw new Error("kasm_proxy's portal names no script");
  const measure: Record<RelayPath, (seconds: number) => Promise<number>> = {
    direct: (seconds) => throughput(new RfbViewer(connect(join(sessionDir, 'rfb.sock'))), vncPassword, seconds),
    tls: (seconds) => client.tlsDownload(script, seconds),
    websockify: async (seconds) => throughput(await client.openWebSocket(peer.url), vncPassword, seconds),
    atrium: async (seconds) => throughput(await client.openDesktop(sessionId), undefined, seconds),
  };
  const paths = Object.keys(measure) as RelayPath[];
  const figures: Record<RelayPath, number[]> = { direct: [], tls: [], websockify: [], atrium: [] };
  try {
    for (const path of paths) await measure[path](1);
    for (let round = 0; round < ROUNDS; round++) {
      for (let i = 0; i < paths.length; i++) {
        const path = paths[(round + i) % paths.length] as RelayPath;
        figures[path].push(await measure[path](SECONDS));
      }
    }
  } finally {
    peer.stop();
    await client.api(`/api/sessions/${sessionId}`, { method: 'DELETE' });
  }
  return figures;
}

const fmt = (ms: number) => `${ms.toFixed(0)} ms`;
const mb = (bps: number) => `${(bps / 1e6).toFixed(1)} MB/s`;

function printLaunches({ withoutEgress, withEgress, staged }: LaunchFigures): void {
  console.log(`time to desktop, ${LAUNCHES} launches each (terminal image, ${new Date().toISOString()})`);
  for (const [label, { floor, desktop }] of [
    ['no egress (network none)', withoutEgress],
    [`egress (${EGRESS_NETWORK})`, withEgress],
  ] as const) {
    console.log(` ${label}`);
    console.log(`  floor: docker run -> RFB banner        p50 ${fmt(percentile(floor, 50))}  p95 ${fmt(percentile(floor, 95))}`);
    console.log(`  POST /api/sessions -> first FB update  p50 ${fmt(percentile(desktop, 50))}  p95 ${fmt(percentile(desktop, 95))}`);
    console.log(`  ratio p50 desktop/floor: ${(percentile(desktop, 50) / percentile(floor, 50)).toFixed(2)} (target <= 1.3)`);
  }
  console.log(`  from a staging pool -> first FB update p50 ${fmt(percentile(staged, 50))}  p95 ${fmt(percentile(staged, 95))}  (target p50 <= 150 ms)`);
}

function printRelay(figures: Record<RelayPath, number[]>, viaLoopback: boolean): void {
  const median = (path: RelayPath) => percentile(figures[path], 50);
  const each = (path: RelayPath) => figures[path].map((bps) => (bps / 1e6).toFixed(0)).join(' / ');
  const [direct, tls, websockified, relayed] = [median('direct'), median('tls'), median('websockify'), median('atrium')];
  const ofDirect = (bps: number) => `${((bps / direct) * 100).toFixed(0)} % of direct`;
  console.log(`stream throughput, full-screen raw updates, ${SECONDS} s each, ${ROUNDS} rounds (median; each round in MB/s)`);
  console.log(`  direct to the VNC socket:   ${mb(direct)}  (${each('direct')})`);
  console.log(`  TLS ceiling, a static file through kasm_proxy, no relay: ${mb(tls)}  (${each('tls')}; ${ofDirect(tls)})`);
  console.log(`  websockify behind the same nginx: ${mb(websockified)}  (${each('websockify')}; ${ofDirect(websockified)})`);
  console.log(
    `  through kasm_proxy + agent: ${mb(relayed)}  (${each('atrium')}; ${ofDirect(relayed)}, target >= 50 %; ${viaLoopback ? 'via the loopback port' : 'to the proxy container, as from another machine'})`,
  );
  console.log(`  ratio Atrium/websockify: ${(relayed / websockified).toFixed(2)} (target > 1); Atrium/TLS ceiling: ${(relayed / tls).toFixed(2)}`);
}

async function main(): Promise<void> {
  const client = await benchClient();
  const terminal = await client.workspaceId('terminal');
  if (!RELAY_ONLY) printAppDrawn(await appDrawnFigures(client, DRAWN_LAUNCHES), DRAWN_LAUNCHES);
  if (DRAWN_ONLY) return;
  if (!RELAY_ONLY) printLaunches(await launchFigures(client, terminal));
  printRelay(await relayFigures(client, terminal), client.viaLoopback);
}

main().catch((error: unknown) => {
  console.error(`bench failed: ${(error as Error).message}`);
  process.exit(1);
});
