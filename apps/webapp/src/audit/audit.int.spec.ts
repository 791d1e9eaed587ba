import { readFileSync } from 'node:fs';
import type { AuditPage, ErrorEnvelope } from '@atrium/contracts';
import { refusalOf, apiCall, bodyOf, signIn, startTestApp, type TestApp } from '../testing/test-app';

let app: TestApp;
let admin: string;
let alice: string;
let aliceId: string;

const call = (path: string, cookie: string, method = 'GET', body?: unknown) => apiCall(app, path, cookie, method, body);
const login = (username: string, password: string) => signIn(app, username, password);

const audit = async (query: string, cookie = admin) => bodyOf<AuditPage>(await call(`/api/audit${query}`, cookie));

beforeAll(async () => {
  app = await startTestApp();
  admin = await login('admin', readFileSync(app.ctx.config.INITIAL_ADMIN_PASSWORD_PATH, 'utf8').trim());
  aliceId = (await bodyOf<{ id: string }>(await call('/api/users', admin, 'POST', { username: 'alice', password: 'alice-password-123' }))).id;
  alice = await login('alice', 'alice-password-123');
  for (const name of ['g1', 'g2', 'g3']) await call('/api/groups', admin, 'POST', { name });
});
afterAll(() => app.close());

describe('the audit log', () => {
  it('should give administrators the newest entries first, filtered by action', async () => {
    const page = await audit('?action=group.create');
    expect(page.entries.map((entry) => entry.action)).toEqual(['group.create', 'group.create', 'group.create']);
    expect(page.entries[0]?.id).toBeGreaterThan(page.entries[2]?.id ?? Infinity);
    expect(page.nextBefore).toBeNull();
  });

  it('should filter by the actor, by the object, and by time', async () => {
    const byAlice = await audit(`?actorId=${aliceId}`);
    expect(byAlice.entries.map((entry) => entry.action)).toEqual(['auth.login']);
    const aboutAlice = await audit(`?targetType=user&targetId=${aliceId}`);
    expect(aboutAlice.entries.map((entry) => entry.action)).toEqual(['user.create']);
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect((await audit(`?since=${encodeURIComponent(future)}`)).entries).toEqual([]);
    expect((await audit(`?until=${encodeURIComponent(future)}&action=group.create`)).entries).toHaveLength(3);
  });

  it('should page through the log without gaps or repeats', async () => {
    const first = await audit('?limit=2');
    expect(first.entries).toHaveLength(2);
    const second = await audit(`?limit=2&before=${first.nextBefore}`);
    const all = await audit('?limit=4');
    expect([...first.entries, ...second.entries].map((entry) => entry.id)).toEqual(all.entries.map((entry) => entry.id));
  });

  it('should refuse users who are not administrators, and malformed queries', async () => {
    expect(await refusalOf(call('/api/audit', alice))).toEqual([403, 'admin_only']);
    const bad = await call('/api/audit?limit=5000&since=yesterday', admin);
    expect(bad.status).toBe(400);
    expect((await bodyOf<ErrorEnvelope>(bad)).validations?.map((issue) => issue.field).sort()).toEqual(['limit', 'since']);
  });
});
