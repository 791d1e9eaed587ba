import { readFileSync } from 'node:fs';
import type { DirectoryTest, DirectoryView, GroupView } from '@atrium/contracts';
import { apiCall, bodyOf, refusalOf, signIn, startTestApp, type TestApp } from '../testing/test-app';

let app: TestApp;
let admin: string;
let groupId: string;
const SERVICE_PASSWORD = 'service-password-never-shown';

/** No directory listens here: the connection test and sign-ins must say so, not hang or throw. */
const directory = (change: Record<string, unknown> = {}) => ({
  name: 'corp',
  url: 'ldaps://127.0.0.1:1',
  bindDn: 'cn=svc,dc=corp',
  bindPassword: SERVICE_PASSWORD,
  userBaseDn: 'ou=people,dc=corp',
  groupBaseDn: 'ou=groups,dc=corp',
  ...change,
});

beforeAll(async () => {
  app = await startTestApp();
  admin = await signIn(app, 'admin', readFileSync(app.ctx.config.INITIAL_ADMIN_PASSWORD_PATH, 'utf8').trim());
  groupId = (await bodyOf<GroupView>(await apiCall(app, '/api/groups', admin, 'POST', { name: 'directory-mapped' }))).id;
});
afterAll(() => app.close());

describe('directories, as administrators manage them', () => {
  let created: DirectoryView;

  it('keeps a directory with its defaults, and never answers with its service password', async () => {
    const response = await apiCall(app, '/api/directories', admin, 'POST', directory({ groupMappings: [{ ldapGroup: 'cn=eng,ou=groups,dc=corp', groupId }] }));
    expect(response.status).toBe(201);
    const text = await response.text();
    expect(text).not.toContain(SERVICE_PASSWORD);
    created = JSON.parse(text) as DirectoryView;
    expect(created).toMatchObject({ userFilter: '(uid={username})', createUsers: true, enabled: true, caCertificate: null });
    expect(await (await apiCall(app, '/api/directories', admin)).text()).not.toContain(SERVICE_PASSWORD);
    const stored: { bind_password_sealed: Buffer }[] = await app.ctx.knex('ldap_directories');
    expect(stored[0]?.bind_password_sealed.toString('latin1')).not.toContain(SERVICE_PASSWORD);
  });

  it('refuses a directory in clear, a filter without its placeholder and a mapping to no group, each by its code', async () => {
    expect(await refusalOf(apiCall(app, '/api/directories', admin, 'POST', directory({ name: 'plain', url: 'ldap://corp' })))).toEqual([
      400,
      'validation_failed',
    ]);
    expect(await refusalOf(apiCall(app, '/api/directories', admin, 'POST', directory({ name: 'f', userFilter: '(uid=ada)' })))).toEqual([
      400,
      'validation_failed',
    ]);
    const unknownGroup = directory({ name: 'g', groupMappings: [{ ldapGroup: 'cn=x', groupId: '0b9c6a7e-1111-4a4a-8a8a-123456789abc' }] });
    expect(await refusalOf(apiCall(app, '/api/directories', admin, 'POST', unknownGroup))).toEqual([400, 'group_not_found']);
    expect(await refusalOf(apiCall(app, `/api/directories/${created.id}`, admin, 'PATCH', { url: 'ldap://corp' }))).toEqual([400, 'directory_in_clear']);
    expect((await apiCall(app, `/api/directories/${created.id}`, admin, 'PATCH', { url: 'ldap://corp', startTls: true })).status).toBe(200);
  });

  it('answers the connection test with what went wrong when the directory cannot be reached', async () => {
    await apiCall(app, `/api/directories/${created.id}`, admin, 'PATCH', { url: 'ldaps://127.0.0.1:1' });
    const tested = await bodyOf<DirectoryTest>(await apiCall(app, `/api/directories/${created.id}/test`, admin, 'POST'));
    expect(tested.ok).toBe(false);
    expect(tested.detail).toMatch(/ECONNREFUSED|connect/i);
  });

  it('refuses a sign-in through an unreachable directory as a wrong password, and creates no one', async () => {
    const response = await fetch(`${app.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'dora', password: 'dora-directory-password' }),
    });
    expect(await refusalOf(response)).toEqual([401, 'invalid_credentials']);
    expect(await app.ctx.knex('users').where({ username: 'dora' })).toHaveLength(0);
  });

  it('lets only administrators near directories', async () => {
    await apiCall(app, '/api/users', admin, 'POST', { username: 'oskar', password: 'oskar-long-password-5521' });
    const oskar = await signIn(app, 'oskar', 'oskar-long-password-5521');
    expect(await refusalOf(apiCall(app, '/api/directories', oskar))).toEqual([403, 'admin_only']);
    expect(await refusalOf(apiCall(app, `/api/directories/${created.id}/test`, oskar, 'POST'))).toEqual([403, 'admin_only']);
  });
});
