import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { GenericContainer, Wait, type StartedTestContainer } from 'testcontainers';
import { colourShare, distinctColoursSeen, expectViewerConnected, launchChromium, SCREENSHOTS, signInThroughPortal } from './support/browser';
import { adminPassword, eventually, https, loginAsAdmin, platformHealthy } from './support/stack';
import { COMPOSE_DIR, E2E_HOSTNAME, E2E_HTTPS_PORT, E2E_PROJECT } from './support/stack-settings';
import { sessionContainer } from './support/workspaces';

/**
 * The catalogue as people use it, in Chromium through the portal: the browsers open an intranet page served by a
 * test container on the workspace's network and keep to the workspace's URL lists, the desktop shows its menu,
 * the office suite a document, an administrator's own image that follows the image contract launches, and one
 * that never opens its socket fails with its reason in the launcher.
 */
const base = `https://${E2E_HOSTNAME}:${E2E_HTTPS_PORT}`;
const INTRANET = `${E2E_PROJECT}_intranet`;
const WEB = 'intranet-web';
const HOMEPAGE = `http://${WEB}:8080/`;
const TEMPLATE_IMAGE = 'atrium-e2e/template-workspace:dev';
const MAGENTA: [number, number, number] = [255, 0, 255];
const YELLOW: [number, number, number] = [255, 255, 0];
const CYAN: [number, number, number] = [0, 255, 255];

/** Three pages of one colour each, every one a link that fills the page to the next; the last is on the deny list. */
const WEB_SERVER = `
const page = (colour, next) => '<!doctype html><title>' + colour + '</title><body style="margin:0;background:' + colour + '">' +
  (next ? '<a href="' + next + '" style="display:block;width:100vw;height:100vh"></a>' : '') + '</body>';
const routes = { '/': page('#ff00ff', '/next/'), '/next/': page('#ffff00', '/denied/'), '/denied/': page('#00ffff') };
require('http').createServer((req, res) => {
  console.log('GET ' + req.url);
  const body = routes[req.url];
  res.writeHead(body ? 200 : 404, { 'content-type': 'text/html' });
  res.end(body || 'not here');
}).listen(8080, () => console.log('listening'));`;

const docker = (args: string[]) => execFileSync('docker', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
/** A command inside a session's container, on its X display. */
const onDisplay = (sessionId: string, script: string) => docker(['exec', '-e', 'DISPLAY=:1', sessionContainer(sessionId), 'bash', '-c', script]);
const sessionIdInUrl = (page: Page) => /\/desktop\/([0-9a-f-]{36})\//.exec(page.url())?.[1] as string;

let admin: string;
let browser: Browser;
let page: Page;
let web: StartedTestContainer;
const sessions: string[] = [];

async function createWorkspace(body: Record<string, unknown>): Promise<void> {
  const created = await https('/api/workspaces', { method: 'POST', cookie: admin, body });
  if (created.status !== 201 && created.status !== 409)
    throw new Error(`creating workspace ${String(body['name'])} answered ${created.status}: ${created.body}`);
}

/** Launch click to the terminal drawn, cold, through the portal: about 1 s on this host; the 5 s defect made it 6 s and more. */
const DRAWN_GUARD_MS = 4_500;

/** Clicks a card's Launch button in the launcher and waits for a connected viewer; returns the session id. */
async function launchFromCard(name: string): Promise<string> {
  await page.goto(`${base}/`);
  await page.getByRole('button', { name: `Launch ${name}` }).click();
  await page.waitForURL(/\/desktop\/[0-9a-f-]{36}\/$/, { timeout: 90_000 });
  const sessionId = sessionIdInUrl(page);
  sessions.push(sessionId);
  await expectViewerConnected(page);
  return sessionId;
}

const endSession = (sessionId: string) => https(`/api/sessions/${sessionId}`, { method: 'DELETE', cookie: admin });

/** Waits until `colour` fills most of the remote screen; a screenshot of what was there instead when it does not. */
async function expectScreenMostly(colour: [number, number, number], share: number, timeoutMs: number, shot: string): Promise<void> {
  try {
    await eventually(async () => expect(await colourShare(page, '#screen', colour)).toBeGreaterThan(share), timeoutMs, 500);
  } catch (error) {
    await page.screenshot({ path: join(SCREENSHOTS, `${shot}-failed.png`) });
    throw error;
  }
}

/** Clicks the middle of the remote screen, as a person would on the page it shows. */
async function clickScreen(): Promise<void> {
  const box = await page.locator('#screen canvas').boundingBox();
  if (!box) throw new Error('the viewer shows no screen');
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
}

const webLog = () => execFileSync('docker', ['logs', web.getId()], { encoding: 'utf8' });

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await platformHealthy();
  admin = await loginAsAdmin();
  try {
    docker(['network', 'create', '--internal', '--label', 'atrium.test=intranet', INTRANET]);
  } catch {
    /* left by an earlier run */
  }
  web = await new GenericContainer('atrium/node:22')
    .withNetworkMode(INTRANET)
    .withNetworkAliases(WEB)
    .withCommand(['node', '-e', WEB_SERVER])
    .withLabels({ 'atrium.test': 'intranet-web' })
    .withWaitStrategy(Wait.forLogMessage('listening'))
    .start();
  // The template of docs/workspace-images.md, built as an administrator would.
  docker(['build', '-q', '-t', TEMPLATE_IMAGE, join(COMPOSE_DIR, 'images', 'workspace-template')]);
  const intranet = { egress: 'network', egressNetwork: INTRANET, cores: 1, memoryMb: 1536 };
  await createWorkspace({
    name: 'e2e-chromium',
    friendlyName: 'Intranet Chromium',
    image: 'atrium/workspace-chromium:dev',
    categories: ['Browsers'],
    iconUrl: '/icons/chromium.png',
    browser: { homepage: HOMEPAGE, kiosk: true, urlBlocklist: [`${WEB}:8080/denied`] },
    userNamespaces: true,
    ...intranet,
  });
  await createWorkspace({
    name: 'e2e-firefox',
    friendlyName: 'Intranet Firefox',
    image: 'atrium/workspace-firefox:dev',
    browser: { homepage: HOMEPAGE },
    ...intranet,
  });
  await createWorkspace({ name: 'e2e-terminal', image: 'atrium/workspace-terminal:dev', egress: 'none', cores: 0.25, memoryMb: 512 });
  await createWorkspace({ name: 'e2e-desktop', image: 'atrium/workspace-desktop:dev', egress: 'none', cores: 1, memoryMb: 2048, userNamespaces: true });
  await createWorkspace({ name: 'e2e-office', image: 'atrium/workspace-office:dev', egress: 'none', cores: 1, memoryMb: 1536 });
  await createWorkspace({ name: 'e2e-own-image', friendlyName: 'Own image', image: TEMPLATE_IMAGE, egress: 'none', cores: 0.5, memoryMb: 512 });
  await createWorkspace({
    name: 'e2e-no-socket',
    friendlyName: 'No socket',
    image: 'atrium/debian:bookworm',
    launchCommand: ['sleep', '600'],
    egress: 'none',
    cores: 0.25,
    memoryMb: 256,
  });
  // Let the host's network settle after the test container's interface appeared, or Chromium aborts its first requests.
  await new Promise((resolve) => setTimeout(resolve, 3000));
  browser = await launchChromium();
  page = await (await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1280, height: 720 } })).newPage();
  await signInThroughPortal(page, base, 'admin', adminPassword());
}, 300_000);

afterAll(async () => {
  await browser?.close();
  for (const sessionId of sessions) await endSession(sessionId);
  await web?.stop();
  try {
    docker(['network', 'rm', INTRANET]);
  } catch {
    /* a container still leaving it */
  }
});

describe('the launcher', () => {
  it('should show each shipped workspace with its own icon, filter by category and search by name', async () => {
    for (const name of ['Chromium', 'Firefox', 'Desktop', 'LibreOffice', 'Terminal']) {
      const icon = page.getByRole('article', { name, exact: true }).getByTestId('target-icon');
      await eventually(async () => expect(await icon.evaluate((image) => (image as HTMLImageElement).naturalWidth)).toBeGreaterThan(16), 10_000, 250);
    }
    await page.screenshot({ path: join(SCREENSHOTS, 'catalogue-launcher.png') });
    await page.getByRole('group', { name: 'Categories' }).getByText('Office', { exact: true }).click();
    await eventually(async () => expect(await page.getByRole('article').count()).toBe(1), 5_000, 100);
    await page.getByRole('group', { name: 'Categories' }).getByText('All', { exact: true }).click();
    await page.getByRole('searchbox', { name: 'Search the catalogue' }).fill('intranet chrom');
    await eventually(
      async () =>
        expect((await page.getByRole('article').evaluateAll((cards) => cards.map((card) => card.getAttribute('aria-label')))).sort()).toEqual([
          'Intranet Chromium',
        ]),
      5_000,
      100,
    );
    await page.getByRole('searchbox', { name: 'Search the catalogue' }).fill('');
  });
});

describe('browser isolation', () => {
  let sessionId: string;

  it('should open the homepage on the intranet in Chromium, full screen, with its own sandbox', async () => {
    sessionId = await launchFromCard('Intranet Chromium');
    await expectScreenMostly(MAGENTA, 0.9, 60_000, 'catalogue-chromium');
    await page.screenshot({ path: join(SCREENSHOTS, 'catalogue-chromium.png') });
    // Renderers run in user namespaces of their own: Chromium's sandbox, not --no-sandbox.
    const namespaces = onDisplay(
      sessionId,
      'readlink /proc/1/ns/user; for p in $(pgrep -f -- "[c]hromium --type=renderer"); do readlink /proc/$p/ns/user; done',
    ).split('\n');
    expect(namespaces.length).toBeGreaterThan(1);
    expect(namespaces.slice(1).every((namespace) => namespace !== namespaces[0])).toBe(true);
    expect(onDisplay(sessionId, 'cat /proc/$(pgrep -o -x chromium)/cmdline | tr "\\0" " "')).not.toContain('--no-sandbox');
  });

  it("should follow a link, and refuse one on the workspace's deny list without ever asking the server", async () => {
    await clickScreen();
    await expectScreenMostly(YELLOW, 0.9, 20_000, 'catalogue-chromium-next');
    await clickScreen();
    // The navigation happened (the yellow page is gone), and what shows instead is Chromium's refusal.
    await eventually(async () => expect(await colourShare(page, '#screen', YELLOW)).toBeLessThan(0.05), 20_000, 250);
    await page.waitForTimeout(1500);
    expect(await colourShare(page, '#screen', CYAN)).toBeLessThan(0.01);
    expect(webLog()).toContain('GET /next/');
    expect(webLog()).not.toContain('GET /denied/');
    await page.screenshot({ path: join(SCREENSHOTS, 'catalogue-chromium-denied.png') });
  });

  it('should bring the kiosk browser back on its homepage when the user closes it', async () => {
    const before = onDisplay(sessionId, 'pgrep -o -x chromium');
    await page.locator('#screen canvas').focus();
    await page.keyboard.press('Alt+F4');
    await eventually(async () => expect(onDisplay(sessionId, 'pgrep -o -x chromium || true')).not.toBe(before), 20_000, 250);
    await expectScreenMostly(MAGENTA, 0.9, 60_000, 'catalogue-chromium-again');
    await endSession(sessionId);
  });

  it('should open the homepage in Firefox, filling the screen', async () => {
    const firefox = await launchFromCard('Intranet Firefox');
    // Firefox keeps its tabs and address bar (no kiosk here): the page fills the rest.
    await expectScreenMostly(MAGENTA, 0.7, 90_000, 'catalogue-firefox');
    await page.screenshot({ path: join(SCREENSHOTS, 'catalogue-firefox.png') });
    await endSession(firefox);
  });
});

/** How many windows the X server shows (mapped children of the root): a menu that opens adds one. */
const viewableWindows = (sessionId: string) =>
  Number(
    onDisplay(sessionId, `for w in $(xwininfo -root -children | awk '/^ +0x/{print $1}'); do xwininfo -id $w | grep -q IsViewable && echo $w; done | wc -l`),
  );

describe('applications', () => {
  // A guard, not a benchmark (bench:desktop --drawn-only measures): the terminal was black for 5 s after its viewer
  // opened while openbox was still starting (Xt's wmTimeout). Drawn means its white window fills most of the screen.
  it('should draw the terminal within a generous bound of the Launch click', async () => {
    const clicked = Date.now();
    const terminal = await launchFromCard('e2e-terminal');
    await eventually(async () => expect(await colourShare(page, '#screen', [255, 255, 255])).toBeGreaterThan(0.5), 15_000, 100);
    const drawnAfterMs = Date.now() - clicked;
    expect(drawnAfterMs).toBeLessThan(DRAWN_GUARD_MS);
    await endSession(terminal);
  });

  it("should fill the screen with the terminal's window, and keep filling it when the viewer's size changes", async () => {
    const terminal = await launchFromCard('e2e-terminal');
    const xtermSizes = () => onDisplay(terminal, 'xwininfo -root -tree | grep \'"XTerm")\' || true');
    await eventually(async () => expect(xtermSizes()).toContain(' 1280x720+'), 30_000, 250);
    await page.setViewportSize({ width: 900, height: 600 });
    await eventually(async () => expect(xtermSizes()).toContain(' 900x600+'), 15_000, 250);
    await page.setViewportSize({ width: 1280, height: 720 });
    await endSession(terminal);
  });

  it('should show the desktop, and its application menu when the user opens it', async () => {
    const desktop = await launchFromCard('e2e-desktop');
    await eventually(async () => expect(onDisplay(desktop, 'xwininfo -root -tree')).toContain('xfce4-panel'), 60_000, 500);
    await eventually(async () => expect(await distinctColoursSeen(page, '#screen')).toBeGreaterThan(8), 30_000, 500);
    const before = viewableWindows(desktop);
    const box = await page.locator('#screen canvas').boundingBox();
    if (!box) throw new Error('the viewer shows no screen');
    // The "Applications" button at the left end of the top panel.
    await page.mouse.click(box.x + 40, box.y + 10);
    await eventually(async () => expect(viewableWindows(desktop)).toBeGreaterThan(before), 15_000, 250);
    await page.waitForTimeout(500);
    await page.screenshot({ path: join(SCREENSHOTS, 'catalogue-desktop-menu.png') });
    await endSession(desktop);
  });

  it('should show a Writer document in the office workspace', async () => {
    const office = await launchFromCard('e2e-office');
    await eventually(async () => expect(onDisplay(office, 'xwininfo -root -tree')).toMatch(/Untitled 1 - LibreOffice Writer/), 90_000, 500);
    await eventually(async () => expect(await distinctColoursSeen(page, '#screen')).toBeGreaterThan(8), 30_000, 500);
    await page.screenshot({ path: join(SCREENSHOTS, 'catalogue-office.png') });
    await endSession(office);
  });
});

describe("an administrator's own image", () => {
  it('should launch an image that is not Atrium’s but follows the image contract', async () => {
    const own = await launchFromCard('Own image');
    await eventually(async () => expect(await distinctColoursSeen(page, '#screen')).toBeGreaterThan(2), 30_000, 500);
    expect(docker(['inspect', '-f', '{{.Config.Image}}', sessionContainer(own)])).toBe(TEMPLATE_IMAGE);
    await endSession(own);
  });

  it('should fail an image that never opens its socket within the deadline, with the reason in the launcher', async () => {
    await page.goto(`${base}/`);
    await page.getByRole('button', { name: 'Launch No socket' }).click();
    const dialog = page.getByRole('dialog');
    await eventually(async () => expect(await dialog.innerText()).toContain('did not open its desktop socket within 30 s'), 90_000, 500);
    await page.screenshot({ path: join(SCREENSHOTS, 'catalogue-no-socket.png') });
    const sessions = (await https('/api/sessions', { cookie: admin })).json<{ id: string; state: string; errorMessage: string | null }[]>();
    const failed = sessions.find((session) => session.errorMessage?.includes('desktop socket'));
    if (!failed) throw new Error('no session ended with the reason');
    expect(failed.state).toBe('error');
    expect(sessionContainer(failed.id)).toBe('');
  });
});
