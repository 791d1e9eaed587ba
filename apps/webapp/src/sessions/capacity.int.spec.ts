import { readFileSync } from 'node:fs';
import type { ErrorEnvelope, GroupView, Session, Workspace } from '@atrium/contracts';
import { StandInAgent } from '../testing/stand-in-agent';
import { apiCall, bodyOf, signIn, startTestApp, type TestApp } from '../testing/test-app';

/** Placement on an agent that offers 1 real core (overcommit 4) and 2 GiB, 1 GiB of it reserved. */
let app: TestApp;
const agent = new StandInAgent();
let admin: string;
let users: string[];
let small: Workspace;

const launch = (cookie: string, workspaceId = small.id) => apiCall(app, '/api/sessions', cookie, 'POST', { workspaceId });

beforeAll(async () => {
  app = await startTestApp({ SESSIONS_PER_USER: '10' });
  await agent.register(app, { cores: 1, memoryMb: 2048, cpuOvercommit: 4, memoryReserveMb: 1024 });
  admin = await signIn(app, 'admin', readFileSync(app.ctx.config.INITIAL_ADMIN_PASSWORD_PATH, 'utf8').trim());
  users = [];
  for (const name of ['cap1', 'cap2']) {
    await apiCall(app, '/api/users', admin, 'POST', { username: name, password: `${name}-password-123` });
    users.push(await signIn(app, name, `${name}-password-123`));
  }
  small = await bodyOf<Workspace>(
    await apiCall(app, '/api/workspaces', admin, 'POST', { name: 'one-core-small', image: 'atrium/test:1', cores: 1, memoryMb: 128 }),
  );
});
afterAll(async () => {
  await agent.close();
  await app.close();
});

const endAll = async () => {
  for (const session of await bodyOf<Session[]>(await apiCall(app, '/api/sessions', admin))) {
    if (session.state === 'running') await apiCall(app, `/api/sessions/${session.id}`, admin, 'DELETE');
  }
};

describe('capacity with overcommit', () => {
  afterEach(endAll);

  it('should promise four one-core sessions on one real core, and refuse the fifth naming the CPU', async () => {
    for (let i = 0; i < 4; i++) expect((await launch(users[0] as string)).status).toBe(201);
    const refused = await launch(users[1] as string);
    const body = await bodyOf<ErrorEnvelope>(refused);
    expect([refused.status, body.code, body.detail]).toEqual([503, 'no_capacity', 'short of cpu']);
    expect(body.message).toMatch(/core\(s\) of CPU/);
  });

  it('should keep the reserve: memory decides, and the refusal says how much is free', async () => {
    const big = await bodyOf<Workspace>(
      await apiCall(app, '/api/workspaces', admin, 'POST', { name: 'memory-heavy', image: 'atrium/test:1', cores: 0.25, memoryMb: 600 }),
    );
    expect((await launch(users[0] as string, big.id)).status).toBe(201);
    const refused = await bodyOf<ErrorEnvelope>(await launch(users[0] as string, big.id));
    expect(refused).toMatchObject({ code: 'no_capacity', detail: 'short of memory' });
    expect(refused.message).toContain('the most free is 424 MiB');
  });

  it("should count what a session was given (a group's override), not its workspace's size", async () => {
    const group = await bodyOf<GroupView>(await apiCall(app, '/api/groups', admin, 'POST', { name: 'big-memory', priority: 1 }));
    await apiCall(app, `/api/groups/${group.id}/settings`, admin, 'PUT', { workspace_resources: { [small.id]: { memory_mb: 1024 } } });
    const me = await bodyOf<{ id: string }>(await apiCall(app, '/api/auth/me', users[0] as string));
    await apiCall(app, `/api/groups/${group.id}/members`, admin, 'PUT', { userIds: [me.id] });
    expect((await launch(users[0] as string)).status).toBe(201);
    // 1024 MiB of the 1024 promisable are held now: another user's 128 MiB session does not fit.
    expect((await bodyOf<ErrorEnvelope>(await launch(users[1] as string))).detail).toBe('short of memory');
    await apiCall(app, `/api/groups/${group.id}/members`, admin, 'PUT', { userIds: [] });
  });
});
