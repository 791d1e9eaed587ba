import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { GenericContainer, Wait, type StartedTestContainer } from 'testcontainers';
import { launchChromium, SCREENSHOTS, untilHostNetworkSettles } from './support/browser';
import { adminPassword, https, loginAsAdmin, logsOf, platformHealthy } from './support/stack';
import { E2E_HOSTNAME, E2E_HTTPS_PORT, E2E_PROJECT } from './support/stack-settings';

/**
 * OpenID Connect sign-in against a real provider in a container (`deploy/images/targets/oidc`: panva's
 * oidc-provider with its own login page and its own CA), reached as `oidc.test` by the webapp on the stack's
 * control network and by the browser through a host mapping, as an organisation's provider would be reached.
 * The client `atrium-tampered` gets ID tokens whose claims were changed after signing.
 */
const base = `https://${E2E_HOSTNAME}:${E2E_HTTPS_PORT}`;
const CLIENT_SECRET = 'oidc-client-secret-never-shown-8813';
const GRACE = { sub: 'grace-0001', username: 'oidc-grace', password: 'grace-at-the-provider-31' };
const TESS = { sub: 'tess-0002', username: 'oidc-tess', password: 'tess-at-the-provider-42' };
// A local account with the name the provider gives its third person: the provider may not take it over.
const TAKEN = { sub: 'taken-0003', username: 'oidc-taken', password: 'taken-at-the-provider-53' };

let idp: StartedTestContainer;
let browser: Browser;
let admin: string;
let engineers: string;
let admins: string;
const providers: Record<string, string> = {};

const account = (person: typeof GRACE, groups: string[], names: Record<string, string> = {}) => ({
  sub: person.sub,
  username: person.username,
  password: person.password,
  claims: { preferred_username: person.username, groups, ...names },
});

async function addProvider(name: string, clientId: string, ca: string): Promise<void> {
  const created = await https('/api/oidc-providers', {
    method: 'POST',
    cookie: admin,
    body: {
      name,
      issuer: 'https://oidc.test',
      clientId,
      clientSecret: CLIENT_SECRET,
      scopes: 'openid profile groups',
      caCertificate: ca,
      groupMappings: [
        { claimValue: 'engineering', groupId: engineers },
        // Only a tampered token carries this value: a person in `admins` means a forged claim got through.
        { claimValue: 'atrium-admins', groupId: admins },
      ],
    },
  });
  if (created.status !== 201) throw new Error(`provider answered ${created.status}: ${created.body}`);
  providers[name] = created.json<{ id: string }>().id;
}

const userNamed = async (username: string) =>
  (await https('/api/users', { cookie: admin }))
    .json<{ id: string; username: string; profile: Record<string, string> }[]>()
    .find((user) => user.username === username);
const groupMembers = async (groupId: string) =>
  (await https('/api/groups', { cookie: admin })).json<{ id: string; userIds: string[] }[]>().find((group) => group.id === groupId)?.userIds ?? [];
const auditOf = async (action: string) =>
  (await https(`/api/audit?action=${action}&limit=50`, { cookie: admin })).json<{ entries: { detail: Record<string, unknown> }[] }>().entries;

/** A fresh browser whose every response body is kept, for the check that no secret reaches a page. */
async function freshPage(): Promise<{ page: Page; context: BrowserContext; bodies: () => Promise<string> }> {
  const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  const reads: Promise<string>[] = [];
  page.on('response', (response) => reads.push(response.text().catch(() => '')));
  return { page, context, bodies: async () => (await Promise.all(reads)).join('\n') };
}

/** From the portal's sign-in page through the provider's own login page, back to wherever the provider sends us. */
async function signInWith(page: Page, providerName: string, person: { username: string; password: string }): Promise<void> {
  await page.goto(`${base}/sign-in`);
  await page.getByRole('link', { name: `Sign in with ${providerName}` }).click();
  await page.waitForURL(/^https:\/\/oidc\.test\/interaction\//, { timeout: 15_000 });
  await page.fill('input[name=username]', person.username);
  await page.fill('input[name=password]', person.password);
  await page.getByRole('button', { name: 'Sign in at the provider' }).click();
  await page.waitForURL((url) => url.origin === base, { timeout: 15_000 });
}

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await platformHealthy();
  admin = await loginAsAdmin();
  const redirectUri = `${base}/api/auth/oidc/callback`;
  idp = await new GenericContainer(`atrium/target-oidc:${process.env['ATRIUM_VERSION'] ?? 'dev'}`)
    .withNetworkMode(`${E2E_PROJECT}_control`)
    .withNetworkAliases('oidc.test')
    .withLabels({ 'atrium.test': 'target' })
    .withEnvironment({
      OIDC_TEST_CONFIG: JSON.stringify({
        clients: [
          { client_id: 'atrium', client_secret: CLIENT_SECRET, redirect_uris: [redirectUri] },
          { client_id: 'atrium-tampered', client_secret: CLIENT_SECRET, redirect_uris: [redirectUri], tamper: true },
        ],
        accounts: [
          account(GRACE, ['engineering', 'staff'], { given_name: 'Grace', family_name: 'Hopper' }),
          account(TESS, ['staff']),
          account(TAKEN, ['engineering']),
        ],
      }),
    })
    .withWaitStrategy(Wait.forLogMessage('test identity provider at'))
    .withStartupTimeout(60_000)
    .start();
  const ca = (await idp.exec(['cat', '/certs/ca.crt'])).output;
  engineers = (await https('/api/groups', { method: 'POST', cookie: admin, body: { name: 'e2e-oidc-engineers', priority: 1 } })).json<{ id: string }>().id;
  admins = (await https('/api/groups', { method: 'POST', cookie: admin, body: { name: 'e2e-oidc-admins', priority: 1 } })).json<{ id: string }>().id;
  await addProvider('Test IdP', 'atrium', ca);
  await addProvider('Tampering IdP', 'atrium-tampered', ca);
  await https('/api/users', { method: 'POST', cookie: admin, body: { username: TAKEN.username, password: 'local-taken-password-9921' } });
  // The provider's interface just appeared on this host: the browser starts once its addresses have settled.
  await untilHostNetworkSettles();
  browser = await launchChromium([`--host-resolver-rules=MAP oidc.test ${idp.getIpAddress(`${E2E_PROJECT}_control`)}`]);
});

afterAll(async () => {
  for (const id of Object.values(providers)) await https(`/api/oidc-providers/${id}`, { method: 'DELETE', cookie: admin });
  await browser?.close();
  await idp?.stop();
});

describe('OpenID Connect sign-in', () => {
  it('signs a person in through the provider from the portal: created with their profile and their mapped group', async () => {
    const { page, context, bodies } = await freshPage();
    await signInWith(page, 'Test IdP', GRACE);
    await page.getByRole('button', { name: 'Account' }).waitFor({ timeout: 15_000 });
    expect(await page.getByRole('button', { name: 'Account' }).innerText()).toContain(GRACE.username);
    await page.screenshot({ path: join(SCREENSHOTS, 'oidc-signed-in.png') });
    const grace = await userNamed(GRACE.username);
    expect(grace?.profile).toMatchObject({ firstName: 'Grace', lastName: 'Hopper' });
    expect(await groupMembers(engineers)).toContain(grace?.id);
    expect(await groupMembers(admins)).not.toContain(grace?.id);
    expect((await auditOf('auth.sso_user_created')).some((entry) => entry.detail['provider'] === 'Test IdP')).toBe(true);
    expect(await bodies()).not.toContain(CLIENT_SECRET);
    await context.close();
  });

  it('ends the Atrium session at sign-out: the cookie the provider sign-in gave opens nothing afterwards', async () => {
    const { page, context } = await freshPage();
    await signInWith(page, 'Test IdP', GRACE);
    await page.getByRole('button', { name: 'Account' }).waitFor({ timeout: 15_000 });
    const session = (await context.cookies(base)).find((cookie) => cookie.name === 'atrium_session');
    expect(session).toBeDefined();
    const cookie = `atrium_session=${session?.value}`;
    expect((await https('/api/auth/me', { cookie })).status).toBe(200);
    await page.getByRole('button', { name: 'Account' }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.waitForURL(/\/sign-in/, { timeout: 15_000 });
    const after = await https('/api/auth/me', { cookie });
    expect([after.status, after.json<{ code: string }>().code]).toEqual([401, 'unauthorized']);
    await context.close();
  });

  it("keeps the groups the provider's claim governs in step at each sign-in", async () => {
    const grace = (await userNamed(GRACE.username))?.id as string;
    await https(`/api/oidc-providers/${providers['Test IdP']}`, {
      method: 'PATCH',
      cookie: admin,
      body: {
        groupMappings: [
          { claimValue: 'staff', groupId: admins },
          { claimValue: 'nobody-has-this', groupId: engineers },
        ],
      },
    });
    const { page, context } = await freshPage();
    await signInWith(page, 'Test IdP', GRACE);
    await page.getByRole('button', { name: 'Account' }).waitFor({ timeout: 15_000 });
    await context.close();
    expect([(await groupMembers(engineers)).includes(grace), (await groupMembers(admins)).includes(grace)]).toEqual([false, true]);
    await https(`/api/oidc-providers/${providers['Test IdP']}`, {
      method: 'PATCH',
      cookie: admin,
      body: {
        groupMappings: [
          { claimValue: 'engineering', groupId: engineers },
          { claimValue: 'atrium-admins', groupId: admins },
        ],
      },
    });
  });

  it('refuses an ID token whose claims were changed after the provider signed it, and signs no one in', async () => {
    const { page, context } = await freshPage();
    await signInWith(page, 'Tampering IdP', TESS);
    expect(new URL(page.url()).searchParams.get('sso_error')).toBe('sso_token_rejected');
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').innerText()).toContain("failed Atrium's checks");
    await page.screenshot({ path: join(SCREENSHOTS, 'oidc-tampered-refused.png') });
    expect((await context.cookies(base)).some((cookie) => cookie.name === 'atrium_session' && cookie.value)).toBe(false);
    await context.close();
    expect(await userNamed(`${TESS.username}-tampered`)).toBeUndefined();
    expect(await userNamed(TESS.username)).toBeUndefined();
    const failures = await auditOf('auth.sso_failed');
    expect(failures.some((entry) => entry.detail['provider'] === 'Tampering IdP' && entry.detail['reason'] === 'sso_token_rejected')).toBe(true);
  });

  it('never lets a provider take over an account it did not create, whatever name it sends', async () => {
    const { page, context } = await freshPage();
    await signInWith(page, 'Test IdP', TAKEN);
    expect(new URL(page.url()).searchParams.get('sso_error')).toBe('sso_username_taken');
    expect((await context.cookies(base)).some((cookie) => cookie.name === 'atrium_session' && cookie.value)).toBe(false);
    await context.close();
    const local = (await userNamed(TAKEN.username))?.id as string;
    expect(await groupMembers(engineers)).not.toContain(local);
  });

  it('refuses the answer of a sign-in this browser did not start (no flow cookie), by its code', async () => {
    const forged = await https('/api/auth/oidc/callback?code=someone-elses-code&state=theirs');
    expect(forged.status).toBe(302);
    expect(forged.headers['location']).toBe('/sign-in?sso_error=sso_flow_expired');
  });

  it('shows administrators the providers and the redirect URI to register, and the secret in no response to the page', async () => {
    const { page, context, bodies } = await freshPage();
    await page.goto(`${base}/sign-in`);
    await page.fill('input[name=username]', 'admin');
    await page.fill('input[name=password]', adminPassword());
    await page.click('button[type=submit]');
    await page.waitForURL(`${base}/`);
    await page.goto(`${base}/admin/identity-providers`);
    await page.locator('tr[data-provider="Test IdP"]').waitFor();
    expect(await page.getByTestId('oidc-redirect-uri').innerText()).toBe(`${base}/api/auth/oidc/callback`);
    await page.screenshot({ path: join(SCREENSHOTS, 'identity-providers.png') });
    await page.locator('tr[data-provider="Test IdP"]').getByRole('button', { name: 'Edit' }).click();
    expect(await page.getByLabel('Client secret').inputValue()).toBe('');
    expect(await bodies()).toContain('Tampering IdP');
    expect(await bodies()).not.toContain(CLIENT_SECRET);
    await context.close();
  });

  it('never shows the client secret: not in an answer, not in a log', async () => {
    const listed = await https('/api/oidc-providers', { cookie: admin });
    expect(listed.body).toContain('Test IdP');
    expect(listed.body).not.toContain(CLIENT_SECRET);
    expect(logsOf('webapp')).not.toContain(CLIENT_SECRET);
  });
});
