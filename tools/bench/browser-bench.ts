/**
 * What a person waits for, in Chromium through the portal: from the Launch click on a workspace's card until the
 * viewer's canvas shows the application drawn (the same rule as app-drawn.ts: at least two colours, each covering
 * 0.01 % of the canvas), for every shipped workspace, cold and from a staging pool of one, with where the time went:
 *   answered   the launch request answered (the session placed)
 *   viewer     the page navigated to the viewer
 *   socket     the desktop stream's WebSocket opened
 *   frame      the first bytes of the remote screen arrived
 *   drawn      the canvas shows the application
 * and, measured in the same run, the floor: a bare `docker run` of the image until the same application is drawn,
 * read from its X server. Usage: `npm run bench:browser [-- --launches 3 --workspaces terminal,desktop]` after
 * `npm run up` (as root: the floor reads the container's socket).
 */
import { chromium, type Page } from 'playwright-core';
import { floorOnce, shippedWorkspaces, waitForStaged, type Shipped } from './app-drawn';
import { benchClient, docker, percentile } from './bench-client';

const at = process.argv.indexOf('--launches');
const LAUNCHES = at > 0 ? Number(process.argv[at + 1]) : 3;
const BASE = `https://${process.env['ATRIUM_HOSTNAME'] ?? 'localhost'}:${process.env['ATRIUM_HTTPS_PORT'] ?? '443'}`;
const STEPS = ['answered', 'viewer', 'socket', 'frame', 'drawn'] as const;
type Steps = Record<(typeof STEPS)[number], number>;

type Client = Awaited<ReturnType<typeof benchClient>>;

/** Whether the viewer's canvas shows at least two colours, each on 0.01 % of it (an application with content). */
const applicationDrawn = (page: Page): Promise<boolean> =>
  page.evaluate(() => {
    const canvas = document.querySelector('#screen canvas') as HTMLCanvasElement | null;
    if (!canvas || canvas.width === 0) return false;
    const pixels = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data;
    if (!pixels) return false;
    const counts = new Map<number, number>();
    for (let i = 0; i < pixels.length; i += 4) {
      const colour = ((pixels[i] as number) << 16) | ((pixels[i + 1] as number) << 8) | (pixels[i + 2] as number);
      counts.set(colour, (counts.get(colour) ?? 0) + 1);
    }
    const least = (canvas.width * canvas.height) / 10_000;
    return [...counts.values()].filter((count) => count >= least).length >= 2;
  });

/** One launch from the card; each step's time since the click. */
async function launchFromCard(page: Page, workspaceName: string): Promise<{ steps: Steps; sessionId: string }> {
  await page.goto(`${BASE}/`);
  const card = page.getByRole('button', { name: `Launch ${workspaceName}`, exact: true });
  await card.waitFor();
  const steps: Partial<Steps> = {};
  let clicked = 0;
  const since = () => performance.now() - clicked;
  const answered = page.waitForResponse((response) => response.url().endsWith('/api/sessions') && response.request().method() === 'POST', { timeout: 120_000 });
  const socketOpened = new Promise<void>((resolve) =>
    page.on('websocket', (ws) => {
      if (!ws.url().includes('/websockify')) return;
      steps.socket ??= since();
      ws.once('framereceived', () => {
        steps.frame ??= since();
        resolve();
      });
    }),
  );
  clicked = performance.now();
  await card.click();
  await answered;
  steps.answered = since();
  await page.waitForURL(/\/desktop\/[0-9a-f-]{36}\/$/, { timeout: 120_000 });
  steps.viewer = since();
  await socketOpened;
  while (!(await applicationDrawn(page))) {
    if (since() > 120_000) throw new Error(`${workspaceName} was not drawn within 120 s`);
    await page.waitForTimeout(20);
  }
  steps.drawn = since();
  const sessionId = /\/desktop\/([0-9a-f-]{36})\//.exec(page.url())?.[1] ?? '';
  return { steps: steps as Steps, sessionId };
}

interface Figures {
  name: string;
  floor: number[];
  cold: Steps[];
  staged: Steps[];
}

async function figuresOf(client: Client, page: Page, workspace: Shipped): Promise<Figures> {
  const size = { image: workspace.image, cores: workspace.cores, memoryMb: workspace.memoryMb, userNamespaces: workspace.userNamespaces, egress: 'none' };
  const coldName = `bench-browser-${workspace.name}`;
  const pooledName = `${coldName}-pooled`;
  await client.ensureWorkspace({ name: coldName, ...size });
  const pooled = await client.ensureWorkspace({ name: pooledName, ...size });
  const figures: Figures = { name: workspace.name, floor: [], cold: [], staged: [] };
  for (let i = 0; i < LAUNCHES; i++) {
    figures.floor.push(await floorOnce(workspace));
    const run = await launchFromCard(page, coldName);
    figures.cold.push(run.steps);
    await client.api(`/api/sessions/${run.sessionId}`, { method: 'DELETE' });
  }
  await client.api(`/api/workspaces/${pooled}`, { method: 'PATCH', body: { stagingSize: 1 } });
  try {
    for (let i = 0; i < LAUNCHES; i++) {
      await waitForStaged(pooled);
      const run = await launchFromCard(page, pooledName);
      figures.staged.push(run.steps);
      await client.api(`/api/sessions/${run.sessionId}`, { method: 'DELETE' });
    }
  } finally {
    await client.api(`/api/workspaces/${pooled}`, { method: 'PATCH', body: { stagingSize: 0 } });
  }
  return figures;
}

const p50 = (values: number[]) => percentile(values, 50);
const ms = (value: number) => `${value.toFixed(0)}`.padStart(6);

function print(all: Figures[]): void {
  console.log(`\nLaunch click to the application drawn in Chromium through the portal, ${LAUNCHES} launches each, ${new Date().toISOString()}`);
  console.log(`  p50 of each step, ms since the click (${STEPS.join(' / ')}); drawn p95; ratio to the floor (bare docker run until drawn)`);
  for (const figures of all) {
    const floor = p50(figures.floor);
    for (const [kind, runs] of [
      ['cold', figures.cold],
      ['staged', figures.staged],
    ] as const) {
      const drawn = runs.map((run) => run.drawn);
      console.log(
        `  ${figures.name.padEnd(10)} ${kind.padEnd(7)} ${STEPS.map((step) => ms(p50(runs.map((run) => run[step])))).join(' ')}   p95 ${ms(percentile(drawn, 95))}   ${(p50(drawn) / floor).toFixed(2)}x floor`,
      );
    }
    console.log(`  ${figures.name.padEnd(10)} floor   p50 ${ms(floor)}  p95 ${ms(percentile(figures.floor, 95))}`);
  }
}

async function main(): Promise<void> {
  const client = await benchClient();
  const password = docker('exec', client.serviceContainer('webapp'), 'cat', '/var/lib/atrium/initial-admin-password');
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const page = await (await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1280, height: 720 } })).newPage();
    await page.goto(`${BASE}/sign-in`);
    await page.fill('input[name=username]', 'admin');
    await page.fill('input[name=password]', password);
    await page.click('button[type=submit]');
    await page.getByRole('heading', { name: 'Launcher' }).waitFor({ timeout: 15_000 });
    const all: Figures[] = [];
    for (const workspace of await shippedWorkspaces(client)) all.push(await figuresOf(client, page, workspace));
    print(all);
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
