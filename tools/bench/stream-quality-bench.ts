/**
 * The stream as a person feels it, measured in the receiving page in Chromium, for Atrium and the peers that can be
 * installed here, side by side in one run, on the same workspace's Xvnc (viewing-paths.ts):
 *   video    a 960 x 540 region of the workspace's Chromium playing a generated test pattern
 *   scroll   a long article that the workspace's Chromium scrolls by 4 px every frame
 *   typing   letters typed into the terminal workspace's xterm
 * For video and scroll: the frames the page showed per second (a code strip drawn by the workspace and read back
 * from the viewer's canvas, stream-quality/receiver.ts), against the frames the workspace drew (the floor);
 * motion-to-photon (the strip's timestamp against the page's clock: the same host); bytes per second the page
 * received on its WebSocket; and the CPU of the workspace, of the path's relay and of the receiving browser.
 * For typing: keydown to the echo drawn on the viewer's canvas, p50/p95.
 * Usage: `npm run bench:stream-quality [-- --seconds 10 --rounds 2 --keys 40]` after `npm run up` (as root: it reads
 * the session's socket, cgroups and /proc).
 */
import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { shippedWorkspaces } from './app-drawn';
import { benchClient, docker, percentile, sessionVncPassword } from './bench-client';
import { childProcessCpu, containerCpu, cpuMeter, type CpuSource } from './stream-quality/cpu';
import { profileWhile } from './stream-quality/profile';
import { receiverScript, type Sampled } from './stream-quality/receiver';
import { stripFloor } from './stream-quality/strip-floor';
import { sourcePage, type Workload } from './stream-quality/source-pages';
import { serveStockNoVnc, viewingPaths, type SessionUnderTest, type ViewingPath } from './stream-quality/viewing-paths';

const option = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const SECONDS = option('seconds', 10);
const ROUNDS = option('rounds', 2);
const KEYS = option('keys', 40);
const listOption = (name: string, all: string[]) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? (process.argv[at + 1] ?? '').split(',') : all;
};
/** `--workloads video,scroll,typing` and `--paths atrium,websockify,guacd,atrium-stock-page` choose what runs. */
const WORKLOADS = listOption('workloads', ['video', 'scroll', 'typing']);
const PATHS = listOption('paths', ['atrium', 'websockify', 'guacd']);
const BASE = `https://${process.env['ATRIUM_HOSTNAME'] ?? 'localhost'}:${process.env['ATRIUM_HTTPS_PORT'] ?? '443'}`;
const SESSIONS_DIR = process.env['ATRIUM_SESSIONS_DIR'] ?? '/var/lib/atrium/sessions';
const AGENT_NAME = process.env['ATRIUM_AGENT_NAME'] ?? 'ra1-agent';
/** Settles the viewer (its first full update, the remote screen's size) before anything is counted. */
const SETTLE_MS = 2_000;

type Client = Awaited<ReturnType<typeof benchClient>>;

/** The row of the strip read raw from the VNC socket (strip-floor.ts). */
const FLOOR = 'floor: the strip read raw from Xvnc';

interface StreamFigures {
  path: string;
  sampled: Sampled;
  bytesPerSecond: number;
  /** WebSocket messages received per second: what the page's script handles one by one. */
  messagesPerSecond: number;
  cpu: Map<string, number>;
}

/** Counts the WebSocket messages the page receives, and their bytes. */
function countReceived(page: Page): () => { bytes: number; messages: number } {
  const received = { bytes: 0, messages: 0 };
  page.on('websocket', (ws) =>
    ws.on('framereceived', (frame) => {
      received.messages++;
      received.bytes += typeof frame.payload === 'string' ? Buffer.byteLength(frame.payload) : frame.payload.length;
    }),
  );
  return () => ({ ...received });
}

async function measureStream(context: BrowserContext, path: ViewingPath, cpuOf: CpuSource[]): Promise<StreamFigures> {
  const page = await context.newPage();
  if (process.env['BENCH_DEBUG']) page.on('console', (message) => console.log(`  [page] ${message.text()}`));
  const received = countReceived(page);
  try {
    await path.open(page);
    await page.waitForTimeout(SETTLE_MS);
    const meter = cpuMeter([...cpuOf, ...path.relay]);
    const before = received();
    await page.evaluate(() => (window as unknown as { __streamBench: { startSampling(): void } }).__streamBench.startSampling());
    await profileWhile(page, () => page.waitForTimeout(SECONDS * 1000));
    const sampled = await page.evaluate(() => (window as unknown as { __streamBench: { stopSampling(): Sampled } }).__streamBench.stopSampling());
    const after = received();
    return {
      path: path.name,
      sampled,
      bytesPerSecond: (after.bytes - before.bytes) / sampled.seconds,
      messagesPerSecond: (after.messages - before.messages) / sampled.seconds,
      cpu: meter(),
    };
  } finally {
    await page.close();
    await path.leave();
  }
}

/** Keydown to the echo drawn, for `KEYS` letters typed at a person's pace; a line is cleared every 25 letters. */
async function measureTyping(context: BrowserContext, path: ViewingPath): Promise<{ path: string; echoes: number[]; lost: number }> {
  const page = await context.newPage();
  try {
    await path.open(page);
    await page.waitForTimeout(SETTLE_MS);
    const echoes = () => page.evaluate(() => (window as unknown as { __streamBench: { typing: { echoes: number[] } } }).__streamBench.typing.echoes.length);
    let lost = 0;
    for (let i = 0; i < KEYS; i++) {
      if (i > 0 && i % 25 === 0) {
        await page.keyboard.press('Control+U');
        await page.waitForTimeout(300);
      }
      const before = await echoes();
      await page.keyboard.press(String.fromCharCode(97 + (i % 26)));
      await page
        .waitForFunction(
          (count) => (window as unknown as { __streamBench: { typing: { echoes: number[] } } }).__streamBench.typing.echoes.length > count,
          before,
          { timeout: 2_000, polling: 5 },
        )
        .catch(() => lost++);
      await page.waitForTimeout(80 + Math.random() * 80);
    }
    const all = await page.evaluate(() => (window as unknown as { __streamBench: { typing: { echoes: number[] } } }).__streamBench.typing.echoes);
    return { path: path.name, echoes: all, lost };
  } finally {
    await page.close();
    await path.leave();
  }
}

/** A session of `workspaceId` with its socket and password, and the paths that watch it. */
async function underTest(client: Client, workspaceId: string, groupId: string) {
  const id = await client.launch(workspaceId);
  const sessionDir = join(SESSIONS_DIR, AGENT_NAME, id);
  const session: SessionUnderTest = { id, socket: join(sessionDir, 'rfb.sock'), vncPassword: sessionVncPassword(sessionDir), base: BASE };
  const container = docker('ps', '-q', '--filter', `label=atrium.session=${id}`);
  const paths = await viewingPaths(client, session, groupId, PATHS);
  const end = async () => {
    for (const path of paths) await path.stop();
    await client.api(`/api/sessions/${id}`, { method: 'DELETE' });
  };
  return { container, socket: session.socket, vncPassword: session.vncPassword, paths, workspaceCpu: containerCpu(container, 'workspace'), end };
}

/** The paths in a different order each round, so that no path always goes first. */
const rotated = <T>(items: T[], round: number) => items.map((_, i) => items[(i + round) % items.length] as T);

async function streamWorkload(client: Client, context: BrowserContext, browserCpu: CpuSource, workspaceId: string, groupId: string, workload: Workload) {
  const session = await underTest(client, workspaceId, groupId);
  const results: StreamFigures[] = [];
  try {
    // The page the workspace's Chromium waits for (its launch command), written as the workspace's user.
    execFileSync('docker', ['exec', '-i', session.container, 'sh', '-c', 'cat > "$HOME/bench.tmp" && mv "$HOME/bench.tmp" "$HOME/bench.html"'], {
      input: sourcePage(workload),
    });
    for (let round = 0; round < ROUNDS; round++) {
      const meter = cpuMeter([session.workspaceCpu]);
      const sampled = await stripFloor(session.socket, session.vncPassword, SECONDS);
      results.push({ path: FLOOR, sampled, bytesPerSecond: 0, messagesPerSecond: 0, cpu: meter() });
      for (const path of rotated(session.paths, round)) results.push(await measureStream(context, path, [session.workspaceCpu, browserCpu]));
    }
  } finally {
    await session.end();
  }
  return { workload, results, versions: session.paths.map((path) => `${path.name}: ${path.version}`) };
}

async function typingFigures(client: Client, context: BrowserContext, workspaceId: string, groupId: string) {
  const session = await underTest(client, workspaceId, groupId);
  const results: Awaited<ReturnType<typeof measureTyping>>[] = [];
  try {
    for (let round = 0; round < ROUNDS; round++) {
      for (const path of rotated(session.paths, round)) results.push(await measureTyping(context, path));
    }
  } finally {
    await session.end();
  }
  return results;
}

/** Every round's figures of one path, pooled. */
function pooled(results: StreamFigures[], path: string) {
  const runs = results.filter((result) => result.path === path);
  const sum = (pick: (run: StreamFigures) => number) => runs.reduce((total, run) => total + pick(run), 0);
  const seconds = sum((run) => run.sampled.seconds);
  const sourceFrames = sum((run) => (run.sampled.lastFrame - run.sampled.firstFrame + 0x10000) % 0x10000);
  const cpu = (label: string) => sum((run) => (run.cpu.get(label) ?? 0) * run.sampled.seconds) / seconds;
  const relayLabels = [...new Set(runs.flatMap((run) => [...run.cpu.keys()]))].filter((label) => label !== 'workspace' && label !== 'browser');
  return {
    path,
    shownFps: sum((run) => run.sampled.shown) / seconds,
    sourceFps: sourceFrames / seconds,
    ages: runs.flatMap((run) => run.sampled.ages),
    unreadable:
      sum((run) => run.sampled.unreadable) /
      Math.max(
        1,
        sum((run) => run.sampled.ticks),
      ),
    bytesPerSecond: sum((run) => run.bytesPerSecond * run.sampled.seconds) / seconds,
    messagesPerSecond: sum((run) => run.messagesPerSecond * run.sampled.seconds) / seconds,
    workspaceCpu: cpu('workspace'),
    relayCpu: relayLabels.reduce((total, label) => total + cpu(label), 0),
    browserCpu: cpu('browser'),
  };
}

const fixed = (value: number, digits: number, width: number) => value.toFixed(digits).padStart(width);

function printStream(workload: Workload, results: StreamFigures[]): void {
  const paths = [...new Set(results.map((result) => result.path))].filter((path) => path !== FLOOR);
  const rows = paths.map((path) => pooled(results, path));
  const floor = pooled(results, FLOOR);
  console.log(`\n${workload}: ${ROUNDS} rounds of ${SECONDS} s per path, paths rotated`);
  console.log(
    `  ${'path'.padEnd(44)}   shown/s  drawn/s  shown/drawn   age p50   age p95     MB/s  KB/frame   msg/s   CPU % workspace  relay  browser   unreadable`,
  );
  console.log(
    `  ${FLOOR.padEnd(44)}${fixed(floor.shownFps, 1, 10)}${fixed(floor.sourceFps, 1, 9)}${fixed(floor.shownFps / floor.sourceFps, 2, 13)}` +
      `${fixed(percentile(floor.ages, 50), 0, 7)} ms${fixed(percentile(floor.ages, 95), 0, 7)} ms${fixed(floor.workspaceCpu, 0, 53)}`,
  );
  for (const row of rows) {
    console.log(
      `  ${row.path.padEnd(44)}${fixed(row.shownFps, 1, 10)}${fixed(row.sourceFps, 1, 9)}${fixed(row.shownFps / row.sourceFps, 2, 13)}` +
        `${fixed(percentile(row.ages, 50), 0, 7)} ms${fixed(percentile(row.ages, 95), 0, 7)} ms${fixed(row.bytesPerSecond / 1e6, 2, 9)}${fixed(row.bytesPerSecond / 1e3 / row.shownFps, 0, 10)}${fixed(row.messagesPerSecond, 0, 8)}` +
        `${fixed(row.workspaceCpu, 0, 18)}${fixed(row.relayCpu, 0, 7)}${fixed(row.browserCpu, 0, 9)}${fixed(row.unreadable * 100, 1, 12)} %`,
    );
  }
  const [atrium, ...peers] = rows;
  if (!atrium || peers.length === 0) return;
  // The best peer is the one that shows the most frames; the targets compare Atrium with it (bytes) and with every
  // peer (frames, age).
  const best = peers.reduce((a, b) => (b.shownFps > a.shownFps ? b : a));
  const bestFps = Math.max(...peers.map((peer) => peer.shownFps));
  const bestAge = Math.min(...peers.map((peer) => percentile(peer.ages, 50)));
  console.log(
    `  Atrium against the floor: frames shown ${(atrium.shownFps / floor.shownFps).toFixed(2)}x, age p50 ${(percentile(atrium.ages, 50) - percentile(floor.ages, 50)).toFixed(0)} ms more`,
  );
  console.log(
    `  Atrium against the peers: frames shown ${(atrium.shownFps / bestFps).toFixed(2)}x the most, age p50 ${(percentile(atrium.ages, 50) / bestAge).toFixed(2)}x the least,` +
      ` bytes/s ${(atrium.bytesPerSecond / best.bytesPerSecond).toFixed(2)}x the best peer's (targets: >= 1, <= 1, <= 1)`,
  );
}

function printTyping(results: Awaited<ReturnType<typeof measureTyping>>[]): void {
  console.log(`\ntyping into xterm: ${ROUNDS} rounds of ${KEYS} keys per path; keydown to the echo drawn on the page's canvas`);
  for (const path of [...new Set(results.map((result) => result.path))]) {
    const runs = results.filter((result) => result.path === path);
    const echoes = runs.flatMap((run) => run.echoes);
    const lost = runs.reduce((total, run) => total + run.lost, 0);
    console.log(
      `  ${path.padEnd(44)} p50 ${fixed(percentile(echoes, 50), 1, 6)} ms   p95 ${fixed(percentile(echoes, 95), 1, 6)} ms   no echo within 2 s: ${lost}`,
    );
  }
  console.log('  target: Atrium p95 <= 50 ms');
}

/** A copy of the shipped chromium workspace whose Chromium opens the page the benchmark writes into its home. */
async function sourceWorkspace(client: Client): Promise<string> {
  const [shipped] = await shippedWorkspaces(client, ['chromium']);
  if (!shipped) throw new Error('no chromium workspace in the catalogue');
  const waitForPage =
    'until [ -s "$HOME/bench.html" ]; do sleep 0.1; done; BROWSER_KIOSK=true BROWSER_HOMEPAGE="file://$HOME/bench.html" exec atrium-start-browser chromium';
  return client.ensureWorkspace({
    name: 'bench-stream-chromium',
    image: shipped.image,
    cores: 2,
    memoryMb: 2048,
    userNamespaces: shipped.userNamespaces,
    launchCommand: ['bash', '-c', waitForPage],
  });
}

async function main(): Promise<void> {
  const client = await benchClient();
  const password = docker('exec', client.serviceContainer('webapp'), 'cat', '/var/lib/atrium/initial-admin-password');
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      // The stock noVNC page is served by Playwright (peer.bench) and reaches its websockify on 127.0.0.1.
      '--disable-features=LocalNetworkAccessChecks',
    ],
  });
  try {
    const browserCpu = childProcessCpu('chromium', 'browser');
    const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1280, height: 720 } });
    await context.addInitScript(receiverScript);
    await serveStockNoVnc(context);
    const page = await context.newPage();
    await page.goto(`${BASE}/sign-in`);
    await page.fill('input[name=username]', 'admin');
    await page.fill('input[name=password]', password);
    await page.click('button[type=submit]');
    await page.getByRole('heading', { name: 'Launcher' }).waitFor({ timeout: 15_000 });
    await page.close();
    const groupId = await client.ensureGroup('bench-stream', {});
    const source = await sourceWorkspace(client);
    console.log(`stream quality in Chromium, ${new Date().toISOString()}, ${cpus().length} cores`);
    for (const workload of (['video', 'scroll'] as const).filter((name) => WORKLOADS.includes(name))) {
      const { results, versions } = await streamWorkload(client, context, browserCpu, source, groupId, workload);
      if (workload === 'video') for (const version of versions) console.log(`  ${version}`);
      printStream(workload, results);
    }
    if (WORKLOADS.includes('typing')) printTyping(await typingFigures(client, context, await client.workspaceId('terminal'), groupId));
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
