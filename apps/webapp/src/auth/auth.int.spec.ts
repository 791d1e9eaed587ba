import { readFileSync } from 'node:fs';
import type { ErrorEnvelope } from '@atrium/contracts';
import { ensureAdminUser } from '../bootstrap/ensure-admin-user';
import { refusalOf, bodyOf, startReplicaOf, startTestApp, type TestApp } from '../testing/test-app';

let app: TestApp;
let adminPassword: string;

beforeAll(async () => {
  app = await startTestApp();
  adminPassword = readFileSync(app.ctx.config.INITIAL_ADMIN_PASSWORD_PATH, 'utf8').trim();
});
afterAll(() => app.close());

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${app.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

const cookieOf = (response: Response) => (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';

describe('authentication', () => {
  it('should log the generated admin in and set a hardened session cookie', async () => {
    const response = await post('/api/auth/login', { username: 'admin', password: adminPassword });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ username: 'admin', role: 'admin' });
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^atrium_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('Secure');
    expect(cookie).toContain('SameSite=Strict');
  });

  it('should answer a wrong password and an unknown user alike', async () => {
    const wrong = await post('/api/auth/login', { username: 'admin', password: 'nope' });
    const unknown = await post('/api/auth/login', { username: 'nobody', password: 'nope' });
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(await wrong.json()).toEqual(await unknown.json());
  });

  it('should reject a malformed login with 400 and field validations', async () => {
    const response = await post('/api/auth/login', { username: '' });
    expect(response.status).toBe(400);
    const body = await bodyOf<ErrorEnvelope>(response);
    expect(body.code).toBe('validation_failed');
    expect(body.validations?.map((v) => v.field).sort()).toEqual(['password', 'username']);
  });

  it('should answer 401 in the envelope on any other /api route without a session', async () => {
    for (const path of ['/api/auth/me', '/api/sessions', '/api/anything']) {
      const response = await fetch(`${app.baseUrl}${path}`);
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ code: 'unauthorized', message: 'Sign in first.' });
    }
  });

  it('should return the current user, then revoke the session on logout', async () => {
    const cookie = cookieOf(await post('/api/auth/login', { username: 'ADMIN', password: adminPassword }));
    const me = await fetch(`${app.baseUrl}/api/auth/me`, { headers: { cookie } });
    expect(me.status).toBe(200);
    expect((await bodyOf<{ username: string }>(me)).username).toBe('admin');

    const logout = await post('/api/auth/logout', {}, { cookie });
    expect(logout.status).toBe(204);
    expect(await refusalOf(fetch(`${app.baseUrl}/api/auth/me`, { headers: { cookie } }))).toEqual([401, 'unauthorized']);
  });

  it('should refuse a state-changing request from another origin', async () => {
    const response = await post('/api/auth/login', { username: 'admin', password: adminPassword }, { origin: 'https://evil.example' });
    expect(response.status).toBe(403);
    expect((await bodyOf<ErrorEnvelope>(response)).code).toBe('bad_origin');
  });

  it('should record logins and failures in the audit log without the password', async () => {
    const rows = await app.ctx.knex('audit_log').whereIn('action', ['auth.login', 'auth.login_failed']);
    expect(rows.length).toBeGreaterThanOrEqual(3);
    expect(JSON.stringify(rows)).not.toContain(adminPassword);
  });

  it('should throttle repeated failures for one username from one address with 429 and Retry-After', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await post('/api/auth/login', { username: 'victim', password: `guess${i}` })).status);
    expect(statuses.slice(0, 10).every((status) => status === 401)).toBe(true);
    expect(statuses[10]).toBe(429);
    const refused = await post('/api/auth/login', { username: 'victim', password: 'guess' });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await bodyOf<ErrorEnvelope>(refused)).code).toBe('too_many_attempts');
  });

  it('should let the right password in from another address after ten wrong ones from an attacker', async () => {
    const attacker = { 'x-real-ip': '198.51.100.7' };
    for (let i = 0; i < 10; i++)
      expect(await refusalOf(post('/api/auth/login', { username: 'admin', password: `guess${i}` }, attacker))).toEqual([401, 'invalid_credentials']);
    expect(await refusalOf(post('/api/auth/login', { username: 'admin', password: adminPassword }, attacker))).toEqual([429, 'too_many_attempts']);
    const owner = await post('/api/auth/login', { username: 'admin', password: adminPassword }, { 'x-real-ip': '203.0.113.20' });
    expect(owner.status).toBe(200);
  });

  it('should audit every refused sign-in: a wrong password, a throttled attempt, a one-time link that does not open', async () => {
    const address = { 'x-real-ip': '198.51.100.44' };
    for (let i = 0; i < 11; i++) await post('/api/auth/login', { username: 'audited', password: `guess-${i}` }, address);
    await fetch(`${app.baseUrl}/api/auth/token-login?token=${'A'.repeat(43)}`, { headers: address, redirect: 'manual' });
    const entries = await app.ctx.knex('audit_log').where({ ip: '198.51.100.44' }).select('action', 'detail');
    const actions = entries.map((entry: { action: string }) => entry.action);
    expect(actions.filter((action: string) => action === 'auth.login_failed')).toHaveLength(10);
    expect(entries.find((entry: { action: string }) => entry.action === 'auth.login_throttled')).toMatchObject({ detail: { username: 'audited' } });
    expect(actions).toContain('auth.token_login_failed');
  });

  it('should count failures across replicas and restarts: guesses spread over two webapps, one restarted, still meet the limit', async () => {
    const attacker = { 'content-type': 'application/json', 'x-real-ip': '198.51.100.99' };
    const guessOn = (baseUrl: string, i: number) =>
      fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: attacker, body: JSON.stringify({ username: 'admin', password: `spread-guess-${i}` }) });
    const first = await startReplicaOf(app);
    for (let i = 0; i < 5; i++) expect(await refusalOf(guessOn(i % 2 ? app.baseUrl : first.baseUrl, i))).toEqual([401, 'invalid_credentials']);
    await first.close();
    // A replica started after the guesses (a restart) knows them, and so does the original.
    const restarted = await startReplicaOf(app);
    for (let i = 5; i < 10; i++) expect(await refusalOf(guessOn(i % 2 ? app.baseUrl : restarted.baseUrl, i))).toEqual([401, 'invalid_credentials']);
    expect(await refusalOf(guessOn(restarted.baseUrl, 10))).toEqual([429, 'too_many_attempts']);
    expect(await refusalOf(guessOn(app.baseUrl, 11))).toEqual([429, 'too_many_attempts']);
    await restarted.close();
    // Neither a username nor an address is stored in clear.
    const stored = JSON.stringify(await app.ctx.knex('login_failures'));
    for (const clear of ['admin', '198.51.100.99']) expect(stored).not.toContain(clear);
  });
});

describe('changing the password', () => {
  it('should refuse a wrong current password, then change it, revoke other sign-ins and drop the generated password file', async () => {
    const first = cookieOf(await post('/api/auth/login', { username: 'admin', password: adminPassword }, { 'x-real-ip': '203.0.113.30' }));
    const other = cookieOf(await post('/api/auth/login', { username: 'admin', password: adminPassword }, { 'x-real-ip': '203.0.113.31' }));
    const change = (body: unknown) => post('/api/auth/password', body, { cookie: first });
    expect(await refusalOf(change({ currentPassword: 'not-it', newPassword: 'a-brand-new-password' }))).toEqual([403, 'wrong_password']);
    expect(await refusalOf(change({ currentPassword: adminPassword, newPassword: 'short' }))).toEqual([400, 'validation_failed']);
    expect((await change({ currentPassword: adminPassword, newPassword: 'a-brand-new-password' })).status).toBe(204);
    expect((await fetch(`${app.baseUrl}/api/auth/me`, { headers: { cookie: first } })).status).toBe(200);
    expect(await refusalOf(fetch(`${app.baseUrl}/api/auth/me`, { headers: { cookie: other } }))).toEqual([401, 'unauthorized']);
    expect(await refusalOf(post('/api/auth/login', { username: 'admin', password: adminPassword }, { 'x-real-ip': '203.0.113.32' }))).toEqual([
      401,
      'invalid_credentials',
    ]);
    expect((await post('/api/auth/login', { username: 'admin', password: 'a-brand-new-password' }, { 'x-real-ip': '203.0.113.32' })).status).toBe(200);
    expect(() => readFileSync(app.ctx.config.INITIAL_ADMIN_PASSWORD_PATH)).toThrow();
  });
});

describe('first start', () => {
  it('should create exactly one admin, and not again on a second start', async () => {
    await ensureAdminUser(app.ctx);
    expect(await app.ctx.knex('users').where({ role: 'admin' }).count({ n: '*' })).toEqual([{ n: '1' }]);
    const stored = await app.ctx.knex('users').where({ username: 'admin' }).first();
    expect(stored.password_hash).not.toContain(adminPassword);
  });
});
