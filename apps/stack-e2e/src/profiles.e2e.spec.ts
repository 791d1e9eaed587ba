import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, SCREENSHOTS, signInThroughPortal } from './support/browser';
import { eventually, https, loginAsAdmin, platformHealthy, userCookie } from './support/stack';
import { E2E_HOSTNAME, E2E_HTTPS_PORT, E2E_PROJECT } from './support/stack-settings';
import { endSessions, launchWorkspace, sessionContainer, smallWorkspace } from './support/workspaces';

/**
 * Persistent profiles on the real agent: a home kept between one user's sessions of a workspace and no one
 * else's, bounded by its size, reset from the portal by its owner.
 */
const base = `https://${E2E_HOSTNAME}:${E2E_HTTPS_PORT}`;
const WORKSPACE = 'e2e-kept-home';
const PROFILE_MB = 64;
const PROFILES_DIR = `/var/lib/atrium/${E2E_PROJECT}/profiles`;

let admin: string;
let alice: string;
let bob: string;
const started: string[] = [];

/** A shell command in the session's workspace, as the workspace user; its output, or the error's. */
function inWorkspace(sessionId: string, script: string): { ok: boolean; output: string } {
  try {
    return {
      ok: true,
      output: execFileSync('docker', ['exec', sessionContainer(sessionId), 'bash', '-c', script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }),
    };
  } catch (error) {
    return { ok: false, output: String((error as { stderr?: string }).stderr ?? '') };
  }
}

async function launch(cookie: string): Promise<string> {
  const session = await launchWorkspace(cookie, WORKSPACE);
  started.push(session.id);
  // The kept home is unpacked before the application starts: wait for the application, as a person would.
  await eventually(async () => expect(inWorkspace(session.id, 'pgrep -x xterm').ok).toBe(true), 20_000, 250);
  return session.id;
}

const end = (cookie: string, sessionId: string) => https(`/api/sessions/${sessionId}`, { method: 'DELETE', cookie });

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await platformHealthy();
  admin = await loginAsAdmin();
  await smallWorkspace(admin, WORKSPACE, 'none', PROFILE_MB);
  alice = await userCookie(admin, 'alice-profile');
  bob = await userCookie(admin, 'bob-profile');
}, 60_000);

afterAll(() => endSessions(admin, started));

describe('persistent profiles', () => {
  it('should bring back what a user left in their home, in their next session only', async () => {
    const first = await launch(alice);
    expect(inWorkspace(first, 'mkdir -p ~/.config/notes && echo "kept by alice" > ~/.config/notes/today.txt').ok).toBe(true);
    expect(inWorkspace(first, 'mkdir -p ~/.cache && echo dropped > ~/.cache/big').ok).toBe(true);
    expect((await end(alice, first)).status).toBe(200);

    const second = await launch(alice);
    expect(inWorkspace(second, 'cat ~/.config/notes/today.txt').output.trim()).toBe('kept by alice');
    // Caches are not part of a profile.
    expect(inWorkspace(second, 'test -e ~/.cache/big').ok).toBe(false);
    const others = await launch(bob);
    expect(inWorkspace(others, 'test -e ~/.config/notes/today.txt').ok).toBe(false);
    await end(bob, others);

    // The kept home is the agent's: a workspace sees its own archive only, read-only, and not where homes are kept.
    expect(inWorkspace(second, 'echo x >> /run/atrium/profile/home.tar').ok).toBe(false);
    expect(inWorkspace(second, `ls ${PROFILES_DIR}`).ok).toBe(false);
    await end(alice, second);
  });

  it('should refuse a file that would pass the profile’s size, saying so, and keep the home usable', async () => {
    const session = await launch(alice);
    const tooBig = inWorkspace(session, `dd if=/dev/urandom of=~/too-big bs=1M count=${PROFILE_MB + 16} status=none`);
    expect(tooBig.ok).toBe(false);
    expect(tooBig.output).toMatch(/No space left on device/);
    expect(inWorkspace(session, 'rm -f ~/too-big && cat ~/.config/notes/today.txt').output.trim()).toBe('kept by alice');
    await end(alice, session);
  });

  it('should empty the home when its owner resets it from the portal', async () => {
    let browser: Browser | undefined;
    try {
      browser = await launchChromium();
      const page: Page = await (await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1280, height: 720 } })).newPage();
      await signInThroughPortal(page, base, 'alice-profile', 'alice-profile-password-123');
      await page.goto(`${base}/sessions`);
      await page.getByRole('button', { name: `Reset the profile of ${WORKSPACE}` }).click();
      await page.screenshot({ path: join(SCREENSHOTS, 'profiles-reset.png') });
      await page.getByRole('dialog').getByRole('button', { name: 'Reset profile' }).click();
      await eventually(async () => expect(await page.getByText('No workspace keeps a profile for you yet.').isVisible()).toBe(true), 10_000, 250);
    } finally {
      await browser?.close();
    }
    const fresh = await launch(alice);
    expect(inWorkspace(fresh, 'test -e ~/.config/notes/today.txt').ok).toBe(false);
    await end(alice, fresh);
  });
});
