/**
 * Time to desktop and stream throughput of a running RA1 host (`npm run up` first), measured side by side:
 *   floor    bare `docker run` of the terminal image until its VNC socket answers the RFB banner
 *   desktop  POST /api/sessions until the first FramebufferUpdate arrives through kasm_proxy and the agent
 *   relay    bytes/s of full-screen raw updates through proxy + agent, against a direct connection to the
 *            same workspace's VNC socket on this host (VncAuth), and against websockify (the peer a user
 *            would otherwise pick) on the same socket behind an nginx of the same build and settings
 * Run as root on the RA1 host (the sessions' sockets are in ATRIUM_SESSIONS_DIR).
 * Usage: npm run bench:desktop [-- --launches 10 --seconds 5]. Prints p50/p95 and ratios.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RfbViewer } from '@atrium/testing';
import WebSocket, { createWebSocketStream } from 'ws';
import { startWebsockifyPeer } from './websockify-peer';

const args = new Map(process.argv.slice(2).map((arg, i, all) => [arg, all[i + 1]]));
const LAUNCHES = Number(args.get('--launches') ?? 10);
const SECONDS = Number(args.get('--seconds') ?? 5);
const PROJECT = process.env['COMPOSE_PROJECT_NAME'] ?? 'atrium';
const PORT = Number(process.env['ATRIUM_HTTPS_PORT'] ?? 443);
const HOST = process.env['ATRIUM_HOSTNAME'] ?? 'localhost';
const IMAGE = 'atrium/workspace-terminal:dev';
const SESSIONS_DIR = process.env['ATRIUM_SESSIONS_DIR'] ?? '/var/lib/atrium/sessions';
const AGENT_NAME = process.env['ATRIUM_AGENT_NAME'] ?? 'ra1-agent';

const docker = (...argv: string[]) => execFileSync('docker', argv, { encoding: 'utf8' }).trim();
const serviceContainer = (service: string) =>
  docker('ps', '-q', '--filter', `label=com.docker.compose.project=${PROJECT}`, '--filter', `label=com.docker.compose.service=${service}`);
const ca = docker('exec', serviceContainer('kasm_proxy'), 'cat', '/certs/tls.crt');
/**
 * Where the bench reaches kasm_proxy: its container's address and port, as a browser on another machine
 * reaches it through the published port's NAT. Through 127.0.0.1 the host's port goes through Docker's
 * userland proxy instead, a copy no remote user pays (--via-loopback measures that path).
 */
const VIA_LOOPBACK = process.argv.includes('--via-loopback');
const PROXY_ADDRESS = VIA_LOOPBACK
  ? '127.0.0.1'
  : docker('inspect', '-f', '{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}', serviceContainer('kasm_proxy')).split(' ')[0];
const PROXY_PORT = VIA_LOOPBACK ? PORT : 8443;

function api(path: string, options: { method?: string; cookie?: string; body?: unknown } = {}) {
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise<{ status: number; body: string; cookie?: string }>((resolve, reject) => {
    const req = request(
      {
        host: PROXY_ADDRESS,
        servername: HOST,
        port: PROXY_PORT,
        path,
        method: options.method ?? 'GET',
        ca,
        headers: { host: HOST, ...(payload && { 'content-type': 'application/json' }), ...(options.cookie && { cookie: options.cookie }) },
      },
      (res) => {
        let body = '';
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, cookie: res.headers['set-cookie']?.[0]?.split(';')[0] }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

function openDesktop(sessionId: string, cookie: string): Promise<RfbViewer> {
  const origin = `https://${HOST}${PORT === 443 ? '' : `:${PORT}`}`;
  const ws = new WebSocket(`wss://${PROXY_ADDRESS}:${PROXY_PORT}/desktop/${sessionId}/websockify`, ['binary'], {
    ca,
    servername: HOST,
    headers: { cookie, host: `${HOST}${PORT === 443 ? '' : `:${PORT}`}` },
    origin,
    perMessageDeflate: false,
  });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(new RfbViewer(createWebSocketStream(ws))));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

/** A WebSocket to any wss URL with the generated certificate, as an RFB viewer. */
function openWebSocket(url: string): Promise<RfbViewer> {
  const ws = new WebSocket(url, ['binary'], { ca, servername: HOST, perMessageDeflate: false });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(new RfbViewer(createWebSocketStream(ws))));
    ws.once('error', reject);
  });
}

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

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
};

async function floorOnce(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'atrium-floor-'));
  chmodSync(dir, 0o777);
  const started = performance.now();
  const id = docker('run', '-d', '--rm', '--network', 'none', '-v', `${dir}:/run/atrium/vnc`, '-e', 'VNC_PASSWORD=bench-only', IMAGE);
  await waitForBanner(join(dir, 'rfb.sock'));
  const elapsed = performance.now() - started;
  docker('rm', '-f', id);
  rmSync(dir, { recursive: true, force: true });
  return elapsed;
}

async function desktopOnce(cookie: string, workspaceId: string): Promise<{ ms: number; sessionId: string }> {
  const started = performance.now();
  const launched = await api('/api/sessions', { method: 'POST', cookie, body: { workspaceId } });
  const session = JSON.parse(launched.body) as { id: string; state: string };
  if (session.state !== 'running') throw new Error(`launch ended ${session.state}: ${launched.body}`);
  const viewer = await openDesktop(session.id, cookie);
  const init = await viewer.handshake();
  viewer.requestUpdate(init.width, init.height, false);
  await viewer.readUpdate();
  const ms = performance.now() - started;
  viewer.close();
  return { ms, sessionId: session.id };
}

/** Full-screen non-incremental raw updates, back to back, for SECONDS: bytes per second. */
async function throughput(viewer: RfbViewer, password?: string): Promise<number> {
  const init = await viewer.handshake(password);
  const until = performance.now() + SECONDS * 1000;
  const started = performance.now();
  let bytes = 0;
  while (performance.now() < until) {
    viewer.requestUpdate(init.width, init.height, false);
    bytes += await viewer.readUpdate();
  }
  viewer.close();
  return bytes / ((performance.now() - started) / 1000);
}

async function main(): Promise<void> {
  const password = docker('exec', serviceContainer('webapp'), 'cat', '/var/lib/atrium/initial-admin-password');
  const login = await api('/api/auth/login', { method: 'POST', body: { username: 'admin', password } });
  if (login.status !== 200 || !login.cookie) throw new Error(`admin login failed: ${login.status}`);
  const cookie = login.cookie;
  const workspaces = JSON.parse((await api('/api/workspaces', { cookie })).body) as { id: string; name: string }[];
  const terminal = workspaces.find((workspace) => workspace.name === 'terminal');
  if (!terminal) throw new Error('no terminal workspace');

  const floor: number[] = [];
  const desktop: number[] = [];
  for (let i = 0; i < LAUNCHES; i++) {
    floor.push(await floorOnce());
    const run = await desktopOnce(cookie, terminal.id);
    desktop.push(run.ms);
    await api(`/api/sessions/${run.sessionId}`, { method: 'DELETE', cookie });
  }

  const session = JSON.parse((await api('/api/sessions', { method: 'POST', cookie, body: { workspaceId: terminal.id } })).body) as { id: string };
  const sessionDir = join(SESSIONS_DIR, AGENT_NAME, session.id);
  const vncPassword = readFileSync(join(sessionDir, 'vnc-password'), 'utf8').trim();
  const direct = await throughput(new RfbViewer(connect(join(sessionDir, 'rfb.sock'))), vncPassword);
  const relayed = await throughput(await openDesktop(session.id, cookie));
  const proxy = serviceContainer('kasm_proxy');
  const tls = { cert: ca, key: docker('exec', proxy, 'cat', '/certs/tls.key') };
  const peer = await startWebsockifyPeer(join(sessionDir, 'rfb.sock'), tls, docker('inspect', '-f', '{{.Config.Image}}', proxy));
  const websockified = await throughput(await openWebSocket(peer.url), vncPassword).finally(() => peer.stop());
  await api(`/api/sessions/${session.id}`, { method: 'DELETE', cookie });

  const fmt = (ms: number) => `${ms.toFixed(0)} ms`;
  const mb = (bps: number) => `${(bps / 1e6).toFixed(1)} MB/s`;
  console.log(`time to desktop, ${LAUNCHES} launches each (terminal workspace, ${new Date().toISOString()})`);
  console.log(`  floor: docker run -> RFB banner        p50 ${fmt(percentile(floor, 50))}  p95 ${fmt(percentile(floor, 95))}`);
  console.log(`  POST /api/sessions -> first FB update  p50 ${fmt(percentile(desktop, 50))}  p95 ${fmt(percentile(desktop, 95))}`);
  console.log(`  ratio p50 desktop/floor: ${(percentile(desktop, 50) / percentile(floor, 50)).toFixed(2)} (target <= 3)`);
  console.log(`stream throughput, ${SECONDS} s each, full-screen raw updates`);
  console.log(`  direct to the VNC socket:   ${mb(direct)}`);
  console.log(`  websockify behind the same nginx: ${mb(websockified)}  (${((websockified / direct) * 100).toFixed(0)} % of direct)`);
  console.log(`  ratio Atrium/websockify: ${(relayed / websockified).toFixed(2)}`);
  console.log(
    `  through kasm_proxy + agent: ${mb(relayed)}  (${((relayed / direct) * 100).toFixed(0)} % of direct; ${VIA_LOOPBACK ? 'via the loopback port' : 'to the proxy container, as from another machine'})`,
  );
}

main().catch((error: unknown) => {
  console.error(`bench failed: ${(error as Error).message}`);
  process.exit(1);
});
