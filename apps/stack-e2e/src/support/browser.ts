import { chromium, type Browser } from 'playwright-core';

/**
 * Debian's Chromium, headless, as a user's browser (Playwright cannot download its own here). Without the
 * background-networking flags it tries to reach Google's hosts, which this machine's network refuses.
 */
export const launchChromium = (): Promise<Browser> =>
  chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
