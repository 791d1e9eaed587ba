/**
 * The three ways a person can watch the same workspace's Xvnc in Chromium, each opened by the receiving page:
 *   atrium      the portal's viewer: noVNC through kasm_proxy and the agent's bridge (what Atrium users get)
 *   websockify  stock noVNC (its defaults, as vnc_lite.html has them) through websockify behind an nginx of
 *               kasm_proxy's image and settings (websockify-peer.ts)
 *   guacd       guacd's VNC client and guacamole-common-js, as Apache Guacamole users get them; reached through
 *               the portal's remote viewer, with the workspace's socket offered to guacd on TCP by a small relay
 * All three are reached the same way, on 127.0.0.1 through Docker's published ports. The CPU counted as each path's
 * relay is what it runs between Xvnc and the browser.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import type { BrowserContext, Page, Route } from 'playwright-core';
import { docker, type benchClient } from '../bench-client';
import { containerCpu, processTreeCpu, type CpuSource } from './cpu';

type Client = Awaited<ReturnType<typeof benchClient>>;

export interface ViewingPath {
  key: string;
  name: string;
  /** Versions of what this path runs, printed beside its figures. */
  version: string;
  /** Opens the viewer in `page` and resolves once its screen canvas holds the remote screen. */
  open(page: Page): Promise<void>;
  relay: CpuSource[];
  /** Ends what open() started for this path (the page is closed by the caller). */
  leave(): Promise<void>;
  /** Removes everything the path started for the session. */
  stop(): Promise<void>;
}

export interface SessionUnderTest {
  id: string;
  socket: string;
  vncPassword: string;
  base: string;
}

/** The repository's node_modules (the benchmarks run from its root, as npm runs them). */
const packageDir = (pkg: string) => join(process.cwd(), 'node_modules', pkg);
const NOVNC_DIR = packageDir('@novnc/novnc');
const PEER_ORIGIN = 'https://peer.bench';
export const versionOf = (pkg: string) => (JSON.parse(readFileSync(join(packageDir(pkg), 'package.json'), 'utf8')) as { version: string }).version;

/** Waits until the page's screen canvas is at least the code strip's width (the remote screen is there). */
const screenShown = (page: Page) =>
  page.waitForFunction(() => Array.from(document.querySelectorAll('#screen canvas')).some((canvas) => (canvas as HTMLCanvasElement).width >= 832), undefined, {
    timeout: 30_000,
    polling: 100,
  });

async function atriumPath(client: Client, session: SessionUnderTest): Promise<ViewingPath> {
  return {
    key: 'atrium',
    name: 'Atrium (portal noVNC, kasm_proxy, agent)',
    version: `noVNC ${versionOf('@novnc/novnc')}`,
    relay: [containerCpu(client.serviceContainer('agent'), 'agent'), containerCpu(client.serviceContainer('kasm_proxy'), 'kasm_proxy')],
    async open(page) {
      await page.goto(`${session.base}/desktop/${session.id}/`);
      await screenShown(page);
    },
    leave: async () => undefined,
    stop: async () => undefined,
  };
}

/**
 * A diagnosis, not a peer: stock noVNC's page (as the websockify path has it) on Atrium's stream, served at the
 * portal's origin so that kasm_proxy lets its WebSocket in; against `atrium`, what the portal's page costs.
 */
async function atriumStreamInStockPage(client: Client, session: SessionUnderTest): Promise<ViewingPath> {
  return {
    key: 'atrium-stock-page',
    name: "stock noVNC page on Atrium's stream",
    version: `noVNC ${versionOf('@novnc/novnc')}`,
    relay: [containerCpu(client.serviceContainer('agent'), 'agent'), containerCpu(client.serviceContainer('kasm_proxy'), 'kasm_proxy')],
    async open(page) {
      await page.route(`${session.base}/bench-stock/**`, (route) => stockNoVncFile(route, '/bench-stock/'));
      await page.goto(`${session.base}/bench-stock/`);
      await connectStockNoVnc(page, `wss://${new URL(session.base).host}/desktop/${session.id}/websockify`);
    },
    leave: async () => undefined,
    stop: async () => undefined,
  };
}

/** Stock noVNC's files, served to the receiving browser from node_modules at PEER_ORIGIN. */
export async function serveStockNoVnc(context: BrowserContext): Promise<void> {
  await context.route(`${PEER_ORIGIN}/**`, (route) => stockNoVncFile(route, '/'));
}

/** The stock page (one screen element) at `prefix`, and noVNC's files under `prefix`novnc/. */
function stockNoVncFile(route: Route, prefix: string) {
  const path = new URL(route.request().url()).pathname.slice(prefix.length - 1);
  if (path === '/') {
    return route.fulfill({ contentType: 'text/html', body: '<!doctype html><div id="screen" style="width:100vw;height:100vh"></div>' });
  }
  const file = normalize(join(NOVNC_DIR, path.replace(/^\/novnc\//, '')));
  if (!file.startsWith(NOVNC_DIR)) return route.fulfill({ status: 404 });
  return route.fulfill({ contentType: 'text/javascript', body: readFileSync(file) });
}

/** Stock noVNC's RFB with its defaults (as vnc_lite.html uses them) on `url`, in the stock page. */
async function connectStockNoVnc(page: Page, url: string, password?: string): Promise<void> {
  await page.evaluate(
    async ({ url, password, levels }) => {
      const { default: RFB } = (await import('./novnc/core/rfb.js' as string)) as {
        default: new (...args: unknown[]) => EventTarget & { focus(): void; qualityLevel: number; compressionLevel: number };
      };
      const rfb = new RFB(document.getElementById('screen'), url, password === undefined ? {} : { credentials: { password } });
      rfb.addEventListener('connect', () => rfb.focus());
      // An experiment's encoder settings (BENCH_NOVNC_LEVELS=quality,compression), else noVNC's defaults.
      if (levels) [rfb.qualityLevel, rfb.compressionLevel] = levels;
    },
    { url, password, levels: process.env['BENCH_NOVNC_LEVELS']?.split(',').map(Number) },
  );
  await screenShown(page);
}

async function websockifyPath(client: Client, session: SessionUnderTest): Promise<ViewingPath> {
  const peer = await client.websockifyPeer(session.socket, { publishOnLoopback: true });
  const websockifyVersion = execFileSync('dpkg-query', ['-W', '-f', '${Version}', 'websockify'], { encoding: 'utf8' });
  return {
    key: 'websockify',
    name: 'stock noVNC + websockify behind nginx',
    version: `noVNC ${versionOf('@novnc/novnc')}, websockify ${websockifyVersion}`,
    relay: [processTreeCpu(peer.websockifyPid, 'websockify'), containerCpu(peer.nginx, 'peer nginx')],
    async open(page) {
      await page.goto(`${PEER_ORIGIN}/`);
      await connectStockNoVnc(page, peer.url, session.vncPassword);
    },
    leave: async () => undefined,
    stop: async () => peer.stop(),
  };
}

/** A relay from TCP port 5900 on the targets network to the session's socket: guacd 1.3 speaks VNC over TCP only. */
function startTcpRelay(client: Client, socket: string, alias: string): string {
  const agentImage = docker('inspect', '-f', '{{.Config.Image}}', client.serviceContainer('agent'));
  const script = `require('net').createServer((c) => { const u = require('net').connect('/session/${socket.split('/').pop()}');
    c.pipe(u).pipe(c); u.on('error', () => c.destroy()); c.on('error', () => u.destroy()); }).listen(5900)`;
  return docker(
    ...['run', '-d', '--rm', '--user', '0', '--network', `${client.project}_targets`, '--network-alias', alias],
    ...['-v', `${dirname(socket)}:/session`, '--entrypoint', 'node', agentImage, '-e', script],
  );
}

async function guacdPath(client: Client, session: SessionUnderTest, groupId: string): Promise<ViewingPath> {
  const alias = `bench-vnc-${session.id.slice(0, 8)}`;
  const relayContainer = startTcpRelay(client, session.socket, alias);
  const created = await client.api('/api/servers', {
    method: 'POST',
    body: { name: alias, protocol: 'vnc', hostname: alias, port: 5900, credentials: { mode: 'static', password: session.vncPassword }, groupIds: [groupId] },
  });
  if (created.status !== 201) throw new Error(`server answered ${created.status}: ${created.body}`);
  const serverId = (JSON.parse(created.body) as { id: string }).id;
  const guacd = client.serviceContainer('guacd');
  const guacdVersion = docker('exec', guacd, 'sh', '-c', 'guacd -v 2>&1 | head -1').replace(/^Guacamole proxy daemon \(guacd\) version /, '');
  let remoteSession = '';
  return {
    key: 'guacd',
    name: 'guacd VNC + guacamole-common-js',
    version: `guacd ${guacdVersion}, guacamole-common-js ${versionOf('guacamole-common-js')}`,
    relay: [
      containerCpu(guacd, 'guacd'),
      containerCpu(client.serviceContainer('connection_proxy'), 'connection_proxy'),
      containerCpu(client.serviceContainer('kasm_proxy'), 'kasm_proxy'),
    ],
    async open(page) {
      const launched = await client.api('/api/sessions', { method: 'POST', body: { serverId } });
      if (launched.status !== 201) throw new Error(`server launch answered ${launched.status}: ${launched.body}`);
      remoteSession = (JSON.parse(launched.body) as { id: string }).id;
      await page.goto(`${session.base}/remote/${remoteSession}`);
      await screenShown(page);
    },
    async leave() {
      if (remoteSession) await client.api(`/api/sessions/${remoteSession}`, { method: 'DELETE' });
      remoteSession = '';
    },
    async stop() {
      await client.api(`/api/servers/${serverId}`, { method: 'DELETE' });
      docker('rm', '-f', relayContainer);
    },
  };
}

const PATHS = {
  atrium: atriumPath,
  websockify: websockifyPath,
  guacd: guacdPath,
  'atrium-stock-page': atriumStreamInStockPage,
} as const;

/** The paths named in `keys`, for one session; the first is the one the figures compare with the others. */
export async function viewingPaths(client: Client, session: SessionUnderTest, groupId: string, keys: string[]): Promise<ViewingPath[]> {
  const paths: ViewingPath[] = [];
  for (const key of keys) {
    const start = PATHS[key as keyof typeof PATHS];
    if (!start) throw new Error(`no path ${key}: choose from ${Object.keys(PATHS).join(', ')}`);
    paths.push(await start(client, session, groupId));
  }
  return paths;
}
