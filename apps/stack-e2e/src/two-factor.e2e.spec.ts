import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Secret, TOTP } from 'otpauth';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, SCREENSHOTS } from './support/browser';
import { https, loginAsAdmin, platformHealthy, signIn } from './support/stack';
import { E2E_HOSTNAME, E2E_HTTPS_PORT } from './support/stack-settings';

/**
 * Two-factor sign-in in Chromium through the portal, on the real stack: a user whose group requires a second factor
 * is taken through enrolment before anything else, then signs in with password and a code computed here from the
 * enrolled key (as an authenticator app does); a code used once is refused the second time; the key and the
 * recovery codes reach the browser once, in the answers that show them, and nowhere else.
 */
const base = `https://${E2E_HOSTNAME}:${E2E_HTTPS_PORT}`;
const USERNAME = 'e2e-mfa-tess';
const PASSWORD = 'tess-second-factor-7731';

let browser: Browser;
const contexts: BrowserContext[] = [];
const received: { url: string; body: string }[] = [];
let key = '';
let recoveryCodes: string[] = [];
/** The last time step whose code was used: an app never gives the same code twice, and neither do these tests. */
let lastStep = 0;

const totp = () => new TOTP({ issuer: 'Atrium', label: USERNAME, algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(key) });
const stepNow = () => Math.floor(Date.now() / 30_000);

/**
 * A code of a step not used yet: this step, or the next one (which the server's ±1 window accepts); when both were
 * used, it waits for the next step to begin, as a person waits for their app to show a new code.
 */
async function freshCode(): Promise<string> {
  while (lastStep + 1 > stepNow() + 1) await new Promise((resolve) => setTimeout(resolve, (stepNow() + 1) * 30_000 - Date.now() + 50));
  lastStep = Math.max(stepNow(), lastStep + 1);
  return totp().generate({ timestamp: lastStep * 30_000 });
}

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1280, height: 720 } });
  contexts.push(context);
  const page = await context.newPage();
  page.on('response', async (response) => {
    if (!/json|html|javascript|text/.test(response.headers()['content-type'] ?? '')) return;
    received.push({ url: `${response.request().method()} ${response.url()}`, body: await response.text().catch(() => '') });
  });
  return page;
}

async function passwordStep(page: Page, username = USERNAME, password = PASSWORD): Promise<void> {
  await page.goto(`${base}/sign-in`);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', password);
  await page.click('button[type=submit]');
}

/** Chromium's virtual authenticator on this page: a platform passkey that verifies its user without a prompt. */
async function addVirtualAuthenticator(page: Page): Promise<{ clear(): Promise<void> }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return { clear: async () => void (await cdp.send('WebAuthn.clearCredentials', { authenticatorId })) };
}

const PASSKEY_USER = 'e2e-passkey-paul';
const PASSKEY_PASSWORD = 'paul-passkey-sign-in-4410';
/** The page whose virtual authenticator holds Paul's passkey, from one test to the next. */
let passkeyPage: Page;
let passkeyAuthenticator: { clear(): Promise<void> };

/** Types six digits into the code boxes, as a person does (the form sends itself at the sixth). */
async function typeCode(page: Page, code: string): Promise<void> {
  await page.locator('.mantine-PinInput-root input').first().click();
  await page.keyboard.type(code);
}

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await platformHealthy();
  const admin = await loginAsAdmin();
  const user = await https('/api/users', { method: 'POST', cookie: admin, body: { username: USERNAME, password: PASSWORD } });
  const group = await https('/api/groups', { method: 'POST', cookie: admin, body: { name: 'e2e-second-factor-required', priority: 1 } });
  const paul = await https('/api/users', { method: 'POST', cookie: admin, body: { username: PASSKEY_USER, password: PASSKEY_PASSWORD } });
  const groupId = group.json<{ id: string }>().id;
  expect((await https(`/api/groups/${groupId}/settings`, { method: 'PUT', cookie: admin, body: { require_2fa: true } })).status).toBe(204);
  const members = [user.json<{ id: string }>().id, paul.json<{ id: string }>().id];
  expect((await https(`/api/groups/${groupId}/members`, { method: 'PUT', cookie: admin, body: { userIds: members } })).status).toBe(204);
  browser = await launchChromium();
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
});

describe('two-factor sign-in in the browser', () => {
  it('makes a user whose group requires a second factor set one up before the launcher appears', async () => {
    const page = await newPage();
    await passwordStep(page);
    await page.getByRole('heading', { name: 'Set up two-factor sign-in' }).waitFor({ timeout: 15_000 });
    await page.getByRole('img', { name: 'QR code for your authenticator app' }).waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'two-factor-enrol.png') });
    // Going round the enrolment does not work: the launcher sends the person back to it.
    await page.goto(`${base}/`);
    await page.getByRole('heading', { name: 'Set up two-factor sign-in' }).waitFor({ timeout: 15_000 });
    expect(await page.getByRole('heading', { name: 'Launcher' }).count()).toBe(0);

    key = (await page.getByTestId('totp-key').innerText()).replace(/\s/g, '');
    expect(key).toMatch(/^[A-Z2-7]{32}$/);
    await typeCode(page, await freshCode());
    await page.getByRole('heading', { name: 'Save your recovery codes' }).waitFor({ timeout: 15_000 });
    recoveryCodes = (await page.getByRole('list', { name: 'Recovery codes' }).innerText()).split(/\s+/).filter(Boolean);
    expect(recoveryCodes).toHaveLength(10);
    await page.screenshot({ path: join(SCREENSHOTS, 'two-factor-recovery-codes.png') });
    await page.getByRole('button', { name: 'I saved them: continue' }).click();
    await page.getByRole('heading', { name: 'Launcher' }).waitFor({ timeout: 15_000 });
  });

  it('signs in with the password, then the code the app shows', async () => {
    const page = await newPage();
    await passwordStep(page);
    await page.getByRole('heading', { name: 'Two-factor sign-in' }).waitFor({ timeout: 15_000 });
    await page.screenshot({ path: join(SCREENSHOTS, 'two-factor-code.png') });
    await typeCode(page, await freshCode());
    await page.getByRole('heading', { name: 'Launcher' }).waitFor({ timeout: 15_000 });
  });

  it('refuses a code the second time it is used, in the page and by its code', async () => {
    const code = await freshCode();
    const first = await newPage();
    await passwordStep(first);
    await first.getByRole('heading', { name: 'Two-factor sign-in' }).waitFor({ timeout: 15_000 });
    await typeCode(first, code);
    await first.getByRole('heading', { name: 'Launcher' }).waitFor({ timeout: 15_000 });

    const second = await newPage();
    await passwordStep(second);
    await second.getByRole('heading', { name: 'Two-factor sign-in' }).waitFor({ timeout: 15_000 });
    await typeCode(second, code);
    await second.getByRole('alert').filter({ hasText: 'That code was used already' }).waitFor({ timeout: 15_000 });
    expect(await second.getByRole('heading', { name: 'Launcher' }).count()).toBe(0);

    const cookie = await signIn(USERNAME, PASSWORD);
    const replay = await https('/api/auth/second-factor/totp', { method: 'POST', cookie, body: { code } });
    expect([replay.status, replay.json<{ code: string }>().code]).toEqual([401, 'code_already_used']);
    const sessions = await https('/api/sessions', { cookie });
    expect([sessions.status, sessions.json<{ code: string }>().code]).toEqual([401, 'second_factor_required']);
  });

  it("enrols a passkey through Chromium's virtual authenticator, then signs in with it", async () => {
    passkeyPage = await newPage();
    const page = passkeyPage;
    passkeyAuthenticator = await addVirtualAuthenticator(page);
    await passwordStep(page, PASSKEY_USER, PASSKEY_PASSWORD);
    await page.getByRole('heading', { name: 'Set up two-factor sign-in' }).waitFor({ timeout: 15_000 });
    await page.getByText('Passkey or security key').click();
    await page.getByLabel('Name').fill('E2E laptop');
    await page.getByRole('button', { name: 'Create passkey' }).click();
    await page.getByRole('heading', { name: 'Save your recovery codes' }).waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: 'I saved them: continue' }).click();
    await page.getByRole('heading', { name: 'Launcher' }).waitFor({ timeout: 15_000 });

    // Signed out and in again on the same device (its authenticator holds the passkey).
    await page.evaluate(() => fetch('/api/auth/logout', { method: 'POST' }));
    await passwordStep(page, PASSKEY_USER, PASSKEY_PASSWORD);
    await page.getByRole('heading', { name: 'Two-factor sign-in' }).waitFor({ timeout: 15_000 });
    await page.screenshot({ path: join(SCREENSHOTS, 'two-factor-passkey.png') });
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await page.getByRole('heading', { name: 'Launcher' }).waitFor({ timeout: 15_000 });
  });

  it('keeps several named passkeys per user, listed on the Security page, and removes the one chosen', async () => {
    const page = passkeyPage;
    await page.goto(`${base}/security`);
    const rows = page.locator('tr[data-factor]');
    await rows.first().waitFor({ timeout: 15_000 });
    expect(await rows.evaluateAll((found) => found.map((row) => row.getAttribute('data-factor')))).toEqual(['E2E laptop']);
    // Another key: this authenticator forgets the first (the server excludes keys it already has from a new one).
    await passkeyAuthenticator.clear();
    await page.getByRole('button', { name: 'Add passkey' }).click();
    await page.getByRole('dialog').getByLabel('Name').fill('E2E second key');
    await page.getByRole('button', { name: 'Create passkey' }).click();
    await page.getByRole('dialog').getByText('Added.').waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Done' }).click();
    await page.locator('tr[data-factor="E2E second key"]').waitFor({ timeout: 15_000 });
    await page.screenshot({ path: join(SCREENSHOTS, 'security-page.png') });
    await page.locator('tr[data-factor="E2E second key"]').getByRole('button', { name: 'Remove' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Remove' }).click();
    await page.locator('tr[data-factor="E2E second key"]').waitFor({ state: 'detached', timeout: 15_000 });
    expect(await rows.evaluateAll((found) => found.map((row) => row.getAttribute('data-factor')))).toEqual(['E2E laptop']);
  });

  it('let the key and the recovery codes reach the browser once, in the answers that show them, and nowhere else', () => {
    const carrying = (secret: string) => received.filter(({ body }) => body.includes(secret)).map(({ url }) => url.replace(base, ''));
    expect(received.length).toBeGreaterThan(10);
    expect(carrying(key)).toEqual(['POST /api/auth/totp/enrolment']);
    for (const code of recoveryCodes) expect(carrying(code)).toEqual(['POST /api/auth/totp/enrolment/confirm']);
  });
});
