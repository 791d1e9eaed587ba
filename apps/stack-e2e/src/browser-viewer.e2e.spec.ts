import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { distinctColoursSeen, launchChromium, SCREENSHOTS, expectViewerConnected } from './support/browser';
import { adminPassword, eventually, platformHealthy } from './support/stack';
import { E2E_HOSTNAME, E2E_HTTPS_PORT } from './support/stack-settings';

const base = `https://${E2E_HOSTNAME}:${E2E_HTTPS_PORT}`;

let browser: Browser;
let page: Page;

beforeAll(async () => {
  await platformHealthy();
  browser = await launchChromium();
  // The generated certificate is checked by the HTTPS tests; the browser only needs to get through.
  page = await (await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1360, height: 860 } })).newPage();
});
afterAll(() => browser?.close());

const sessionContainer = (sessionId: string) =>
  execFileSync('docker', ['ps', '-q', '--filter', `label=atrium.session=${sessionId}`], { encoding: 'utf8' }).trim();

describe('in a browser', () => {
  it('should sign in through the UI', async () => {
    await page.goto(`${base}/`);
    await page.fill('input[name=username]', 'admin');
    await page.fill('input[name=password]', adminPassword());
    await page.click('button[type=submit]');
    await page.waitForSelector('#signed-in:not([hidden])');
    expect(await page.textContent('#username')).toBe('admin');
  });

  it('should show a launched workspace with noVNC, take typing, and end it from the viewer', async () => {
    const sessionId = await page.evaluate(async () => {
      const workspaces = (await (await fetch('/api/workspaces')).json()) as { id: string; name: string }[];
      const terminal = workspaces.find((workspace) => workspace.name === 'terminal');
      const response = await fetch('/api/sessions', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ workspaceId: terminal?.id }),
      });
      return ((await response.json()) as { id: string }).id;
    });
    await page.goto(`${base}/desktop/${sessionId}/`);
    await expectViewerConnected(page);
    // What the user sees: a drawn desktop, not the viewer's empty background.
    await eventually(async () => expect(await distinctColoursSeen(page, '#screen')).toBeGreaterThan(4), 15_000, 500);
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'desktop-terminal.png') });
    const container = sessionContainer(sessionId);
    await eventually(
      async () => {
        await page.mouse.click(300, 300); // into the terminal window
        await page.keyboard.type('touch /tmp/browser-proof');
        await page.keyboard.press('Enter');
        await page.waitForTimeout(700);
        execFileSync('docker', ['exec', container, 'test', '-f', '/tmp/browser-proof']);
      },
      20_000,
      300,
    );
    await page.click('#end');
    await page.waitForURL(`${base}/`, { timeout: 10_000 });
    await eventually(async () => expect(sessionContainer(sessionId)).toBe(''), 5_000, 200);
  });
});
