import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { GenericContainer, Wait, type StartedTestContainer } from 'testcontainers';
import { launchChromium, SCREENSHOTS, signInThroughPortal, untilHostNetworkSettles } from './support/browser';
import { adminPassword, generatedCertificate, https, loginAsAdmin, logsOf, platformHealthy } from './support/stack';
import { E2E_HOSTNAME, E2E_HTTPS_PORT, E2E_PROJECT } from './support/stack-settings';

/**
 * LDAP sign-in against Debian's slapd in a container (`deploy/images/targets/ldap`: people ada and bob, groups
 * engineers and everyone, LDAPS and StartTLS with a certificate from its own CA), on the stack's control network
 * where the webapp reaches it as `directory.test`, as an organisation's directory would be reached.
 */
const base = `https://${E2E_HOSTNAME}:${E2E_HTTPS_PORT}`;
const SERVICE_PASSWORD = 'service-bind-secret-2231';
// Names no other suite gives a local account: a local account of the same name is never asked of a directory.
const ADA = { username: 'ldap-ada', password: 'ada-directory-password-77' };
const BOB = { username: 'ldap-bob', password: 'bob-directory-password-88' };
const ENGINEERS_DN = 'cn=engineers,ou=groups,dc=atrium,dc=test';

let slapd: StartedTestContainer;
let browser: Browser;
let admin: string;
let ca: string;
let engineers: string;
let leads: string;
const directories: string[] = [];

const directoryOf = (change: Record<string, unknown>) => ({
  url: 'ldaps://directory.test',
  caCertificate: ca,
  bindDn: 'cn=atrium-service,ou=services,dc=atrium,dc=test',
  bindPassword: SERVICE_PASSWORD,
  userBaseDn: 'ou=people,dc=atrium,dc=test',
  groupBaseDn: 'ou=groups,dc=atrium,dc=test',
  ...change,
});

async function addDirectory(change: Record<string, unknown>): Promise<string> {
  const created = await https('/api/directories', { method: 'POST', cookie: admin, body: directoryOf(change) });
  if (created.status !== 201) throw new Error(`directory answered ${created.status}: ${created.body}`);
  const id = created.json<{ id: string }>().id;
  directories.push(id);
  return id;
}

const login = (who: { username: string; password: string }) => https('/api/auth/login', { method: 'POST', body: who });
const groupMembers = async (groupId: string) =>
  (await https('/api/groups', { cookie: admin })).json<{ id: string; userIds: string[] }[]>().find((group) => group.id === groupId)?.userIds ?? [];
const userIdOf = async (username: string) =>
  (await https('/api/users', { cookie: admin })).json<{ id: string; username: string }[]>().find((user) => user.username === username)?.id;

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await platformHealthy();
  admin = await loginAsAdmin();
  slapd = await new GenericContainer(`atrium/target-ldap:${process.env['ATRIUM_VERSION'] ?? 'dev'}`)
    .withNetworkMode(`${E2E_PROJECT}_control`)
    .withNetworkAliases('directory.test')
    .withLabels({ 'atrium.test': 'target' })
    .withWaitStrategy(Wait.forSuccessfulCommand(`bash -c 'exec 3<>/dev/tcp/127.0.0.1/636'`))
    .withStartupTimeout(60_000)
    .start();
  ca = (await slapd.exec(['cat', '/certs/ca.crt'])).output;
  // The directory's interface just appeared on this host: the browser starts once its addresses have settled.
  await untilHostNetworkSettles();
  engineers = (await https('/api/groups', { method: 'POST', cookie: admin, body: { name: 'e2e-directory-engineers', priority: 1 } })).json<{ id: string }>().id;
  leads = (await https('/api/groups', { method: 'POST', cookie: admin, body: { name: 'e2e-directory-leads', priority: 1 } })).json<{ id: string }>().id;
  await addDirectory({
    name: 'e2e-directory',
    groupMappings: [
      { ldapGroup: ENGINEERS_DN, groupId: engineers },
      { ldapGroup: 'cn=leads,ou=groups,dc=atrium,dc=test', groupId: leads },
    ],
  });
  browser = await launchChromium();
});

afterAll(async () => {
  // Other suites sign unknown usernames in: no directory of this one may answer for them.
  for (const id of directories) await https(`/api/directories/${id}`, { method: 'DELETE', cookie: admin });
  await browser?.close();
  await slapd?.stop();
});

describe('LDAP sign-in', () => {
  it("tests a directory's connection from the admin page: LDAPS with the certificate checked", async () => {
    const page = await (await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1280, height: 720 } })).newPage();
    await signInThroughPortal(page, base, 'admin', adminPassword());
    await page.goto(`${base}/admin/directories`);
    const row = page.locator('tr[data-directory="e2e-directory"]');
    await row.getByRole('button', { name: 'Test' }).click();
    const result = page.getByTestId('directory-test-e2e-directory');
    await result.waitFor({ timeout: 15_000 });
    expect(await result.innerText()).toBe('✓ Connected over LDAPS, the certificate checked; the service account bound; 2 people found.');
    await page.screenshot({ path: join(SCREENSHOTS, 'directories.png') });
    await page.context().close();
  });

  it('shows the stored group mappings when editing a directory, and saving it unchanged keeps them and the password', async () => {
    const page = await (await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1280, height: 900 } })).newPage();
    await signInThroughPortal(page, base, 'admin', adminPassword());
    await page.goto(`${base}/admin/directories`);
    await page.locator('tr[data-directory="e2e-directory"]').getByRole('button', { name: 'Edit' }).click();
    const dialog = page.getByRole('dialog');
    const valuesOf = (label: string) =>
      dialog.getByLabel(label, { exact: true }).evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));
    await dialog.getByLabel('Directory group DN').first().waitFor();
    expect(await valuesOf('Directory group DN')).toEqual([ENGINEERS_DN, 'cn=leads,ou=groups,dc=atrium,dc=test']);
    expect(await valuesOf('Atrium group')).toEqual(['e2e-directory-engineers', 'e2e-directory-leads']);
    await dialog.getByRole('button', { name: 'Add mapping' }).click();
    expect(await valuesOf('Directory group DN')).toEqual([ENGINEERS_DN, 'cn=leads,ou=groups,dc=atrium,dc=test', '']);
    await dialog.getByRole('button', { name: 'Remove mapping' }).nth(2).click();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden', timeout: 15_000 });
    await page.context().close();
    const stored = (await https('/api/directories', { cookie: admin })).json<{ id: string; name: string; groupMappings: unknown }[]>();
    const directory = stored.find((candidate) => candidate.name === 'e2e-directory');
    expect(directory?.groupMappings).toEqual([
      { ldapGroup: ENGINEERS_DN, groupId: engineers },
      { ldapGroup: 'cn=leads,ou=groups,dc=atrium,dc=test', groupId: leads },
    ]);
    // The password field stayed empty: the stored one is kept, so the service account still binds.
    const test = await https(`/api/directories/${directory?.id}/test`, { method: 'POST', cookie: admin });
    expect(test.json()).toEqual({ ok: true, detail: expect.stringContaining('the service account bound') });
  });

  it('connects with StartTLS too, and fails the test (by its answer) against a certificate from another CA', async () => {
    const startTls = await addDirectory({ name: 'e2e-directory-starttls', url: 'ldap://directory.test', startTls: true, createUsers: false });
    const tested = (await https(`/api/directories/${startTls}/test`, { method: 'POST', cookie: admin })).json<{ ok: boolean; detail: string }>();
    expect(tested).toEqual({ ok: true, detail: expect.stringContaining('Connected over StartTLS') });
    const wrongCa = await addDirectory({ name: 'e2e-directory-wrong-ca', caCertificate: generatedCertificate(), createUsers: false });
    const refused = (await https(`/api/directories/${wrongCa}/test`, { method: 'POST', cookie: admin })).json<{ ok: boolean; detail: string }>();
    expect(refused.ok).toBe(false);
    expect(refused.detail).toMatch(/certificate|self.signed|verify/i);
  });

  it('refuses a directory in clear by its code', async () => {
    const plain = await https('/api/directories', { method: 'POST', cookie: admin, body: directoryOf({ name: 'e2e-plain', url: 'ldap://directory.test' }) });
    expect([plain.status, plain.json<{ code: string }>().code]).toEqual([400, 'validation_failed']);
  });

  it('signs a directory person in through the portal, created with their profile and their mapped group', async () => {
    const page = await (await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1280, height: 720 } })).newPage();
    await signInThroughPortal(page, base, ADA.username, ADA.password);
    await page.context().close();
    const ada = await userIdOf(ADA.username);
    expect(ada).toBeDefined();
    const users = (await https('/api/users', { cookie: admin })).json<{ username: string; profile: Record<string, string> }[]>();
    expect(users.find((user) => user.username === ADA.username)?.profile).toMatchObject({
      firstName: 'Ada',
      lastName: 'Lovelace',
      organization: 'Analytical Engines',
    });
    expect(await groupMembers(engineers)).toContain(ada);

    expect((await login(BOB)).status).toBe(200);
    expect(await groupMembers(engineers)).not.toContain(await userIdOf(BOB.username));
  });

  it('keeps the groups a directory governs in step with it at each sign-in, and leaves the others alone', async () => {
    const ada = (await userIdOf(ADA.username)) as string;
    const other = (await https('/api/groups', { method: 'POST', cookie: admin, body: { name: 'e2e-directory-other', priority: 1 } })).json<{ id: string }>().id;
    await https(`/api/users/${ada}/groups`, { method: 'PUT', cookie: admin, body: { groupIds: [leads, other] } });
    expect((await login(ADA)).status).toBe(200);
    const after = await Promise.all([engineers, leads, other].map(async (group) => (await groupMembers(group)).includes(ada)));
    expect(after).toEqual([true, false, true]);
  });

  it('refuses a wrong directory password, and a filter in the username, by code', async () => {
    for (const attempt of [
      { username: ADA.username, password: 'not-adas-password' },
      { username: '*', password: ADA.password },
      { username: 'ldap-ada)(uid=*', password: ADA.password },
    ]) {
      const refused = await login(attempt);
      expect([refused.status, refused.json<{ code: string }>().code]).toEqual([401, 'invalid_credentials']);
    }
  });

  it("never shows the service account's password: not in an answer, not in a log", async () => {
    const listed = await https('/api/directories', { cookie: admin });
    expect(listed.body).toContain('e2e-directory');
    expect(listed.body).not.toContain(SERVICE_PASSWORD);
    expect(logsOf('webapp')).not.toContain(SERVICE_PASSWORD);
  });
});
