import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Where the browser tests leave screenshots, to be looked at (tmp/screenshots, not committed). */
export const SCREENSHOTS = join(__dirname, '..', '..', '..', '..', 'tmp', 'screenshots');

/**
 * Debian's Chromium, headless, as a user's browser (Playwright cannot download its own here). Without the
 * background-networking flags it tries to reach Google's hosts, which this machine's network refuses.
 */
export const launchChromium = (extraArgs: string[] = []): Promise<Browser> =>
  chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      ...extraArgs,
    ],
  });

/** Chromium's fake microphone (a beeping tone) and camera, granted without a prompt. */
export const FAKE_MEDIA = ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'];

/**
 * Screenshots `selector`'s area (what the compositor shows: canvases can hold a drawn desktop that the page still
 * hides) and runs `measure`, a function body over `data` (RGBA bytes), in a blank page that decodes it; answers its
 * result only (a frame's pixels are too many to hand back). 0 when the area is empty.
 */
async function measureScreenshot(page: Page, selector: string, measure: string): Promise<number> {
  const box = await page.locator(selector).boundingBox();
  if (!box || box.width < 1 || box.height < 1) return 0;
  const png = await page.screenshot({ clip: box });
  const blank = await page.context().newPage();
  try {
    return await blank.evaluate(`(async () => {
      const image = new Image();
      image.src = 'data:image/png;base64,${png.toString('base64')}';
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = image.width;
      canvas.height = image.height;
      const context = canvas.getContext('2d');
      context.drawImage(image, 0, 0);
      const data = context.getImageData(0, 0, canvas.width, canvas.height).data;
      ${measure}
    })()`);
  } finally {
    await blank.close();
    // The blank page took the window's focus; give it back, so keys typed next reach the page as a person's would.
    await page.bringToFront();
  }
}

/**
 * How many distinct colours a user sees in `selector`'s area of the page, counting only colours that each
 * cover at least 0.05% of it: a blank desktop with a mouse pointer, or the empty viewer, shows two at most;
 * a terminal or desktop shows dozens (a count of every colour was fooled by a pointer's anti-aliased edge).
 */
export const distinctColoursSeen = (page: Page, selector: string): Promise<number> =>
  measureScreenshot(
    page,
    selector,
    `const counts = new Map();
      for (let i = 0; i < data.length; i += 4) {
        const colour = data[i] + ',' + data[i + 1] + ',' + data[i + 2];
        counts.set(colour, (counts.get(colour) || 0) + 1);
      }
      const minimum = (data.length / 4) * 0.0005;
      return [...counts.values()].filter((count) => count >= minimum).length;`,
  );

/**
 * The share of `selector`'s area (0 to 1) that a person sees in `colour` (each channel within 24): how a test knows
 * that a page whose colours it chose was drawn, without reading text.
 */
export const colourShare = (page: Page, selector: string, [red, green, blue]: [number, number, number]): Promise<number> =>
  measureScreenshot(
    page,
    selector,
    `let matching = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (Math.abs(data[i] - ${red}) <= 24 && Math.abs(data[i + 1] - ${green}) <= 24 && Math.abs(data[i + 2] - ${blue}) <= 24) matching += 1;
      }
      return data.length ? matching / (data.length / 4) : 0;`,
  );

/**
 * Waits until the viewer page says `connected`. Chromium on the Docker host aborts requests when a container's
 * network interface comes or goes; when that took the page's own script, the page never leaves its first
 * text ("connecting…"), and the test reloads it, as a user would, at most twice.
 */
export async function expectViewerConnected(page: Page, timeoutMs = 30_000): Promise<void> {
  const status = () => page.evaluate("document.getElementById('status')?.textContent ?? ''") as Promise<string>;
  const deadline = Date.now() + timeoutMs;
  let reloads = 0;
  let stuckSince = Date.now();
  for (;;) {
    const now = await status();
    if (now === 'connected') return;
    if (Date.now() > deadline) throw new Error(`the viewer says "${now}", not "connected"`);
    if (now !== 'connecting…') stuckSince = Date.now();
    else if (Date.now() - stuckSince > 8000 && reloads < 2) {
      reloads += 1;
      stuckSince = Date.now();
      await page.reload();
    }
    await page.waitForTimeout(250);
  }
}

/** Signs in through the portal's sign-in page, as a person would, and waits for the launcher. */
export async function signInThroughPortal(page: Page, base: string, username: string, password: string): Promise<void> {
  await page.goto(`${base}/sign-in`);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', password);
  await page.click('button[type=submit]');
  await page.getByRole('heading', { name: 'Launcher' }).waitFor({ timeout: 15_000 });
}

/** The drawing canvas's size in the viewer (noVNC sizes it to the remote desktop). */
export const viewerCanvasSize = (page: Page) =>
  page.evaluate(() => {
    const canvas = document.querySelector('#screen canvas') as HTMLCanvasElement | null;
    return canvas ? `${canvas.width}x${canvas.height}` : 'none';
  });

/** Opens a panel of the viewer's control bar, which hides itself a moment after the page settles. */
export async function openBarPanel(page: Page, name: string): Promise<void> {
  await page.mouse.move(640, 2); // the bar comes back when the pointer touches the top edge
  await page.getByRole('toolbar', { name: 'Session controls' }).getByRole('button', { name }).click();
}

/**
 * Waits until no address on this host is still tentative (IPv6 duplicate address detection, ~2 s after a container's
 * interface appears): until then Chromium on the Docker host sees the addresses change and aborts what it is
 * loading (ERR_NETWORK_CHANGED), a fault of the test host, not of what a remote browser meets.
 */
export async function untilHostNetworkSettles(timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (execFileSync('ip', ['-o', 'addr', 'show', 'tentative'], { encoding: 'utf8' }).trim() && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
