import { readFileSync } from 'node:fs';
import type { ErrorEnvelope, Session, Workspace } from '@atrium/contracts';
import { StandInAgent } from '../testing/stand-in-agent';
import { apiCall, bodyOf, signIn, startTestApp, type TestApp } from '../testing/test-app';
import { fillStagingPools } from './staging-filler';

/** Staging pools against a stand-in agent: rounds are run by hand, as the filler's interval would. */
let app: TestApp;
const agent = new StandInAgent();
let admin: string;
let pool: Workspace;

const slots = () => app.ctx.knex('staging_slots').where({ workspace_id: pool.id }).orderBy('created_at');
const launch = (cookie = admin) => apiCall(app, '/api/sessions', cookie, 'POST', { workspaceId: pool.id });

beforeAll(async () => {
  app = await startTestApp({ SESSIONS_PER_USER: '10' });
  await agent.register(app, { cores: 2, memoryMb: 4096, cpuOvercommit: 4 });
  admin = await signIn(app, 'admin', readFileSync(app.ctx.config.INITIAL_ADMIN_PASSWORD_PATH, 'utf8').trim());
  pool = await bodyOf<Workspace>(
    await apiCall(app, '/api/workspaces', admin, 'POST', { name: 'pooled', image: 'atrium/test:1', cores: 1, memoryMb: 512, stagingSize: 2 }),
  );
});
afterAll(async () => {
  await agent.close();
  await app.close();
});

describe('staging pools', () => {
  it('should start the pool’s containers for session ids chosen in advance, owned by nobody, and count them against capacity', async () => {
    expect(await fillStagingPools(app.ctx)).toEqual({ started: 2, retired: 0 });
    const staged = await slots();
    expect(staged.map((slot) => slot.state)).toEqual(['ready', 'ready']);
    const provisions = agent.callsOf('provision').filter((call) => staged.some((slot) => slot.id === call.sessionId));
    expect(provisions.map((call) => (call.body as { ownerId: string }).ownerId)).toEqual([
      '00000000-0000-0000-0000-000000000000',
      '00000000-0000-0000-0000-000000000000',
    ]);
    expect(await fillStagingPools(app.ctx)).toEqual({ started: 0, retired: 0 });
    const heartbeatHeld = await app.ctx.knex.raw('select sum(memory_mb)::int as held from staging_slots');
    expect(heartbeatHeld.rows[0].held).toBe(1024);
  });

  it('should launch from the pool without starting a container, the oldest slot first, and refill', async () => {
    // Claims go by readiness: the slot that became ready first (both were started together).
    const [oldest] = await app.ctx.knex('staging_slots').where({ workspace_id: pool.id }).orderBy('ready_at');
    const provisionsBefore = agent.callsOf('provision').length;
    const session = await bodyOf<Session>(await launch());
    expect(session).toMatchObject({ id: oldest.id, state: 'running' });
    expect(agent.callsOf('provision')).toHaveLength(provisionsBefore);
    // The agent was told who owns it now (it rotates the VNC password to the owner's).
    expect(agent.callsOf('claim').map((call) => [call.sessionId, call.body])).toEqual([[session.id, { ownerId: session.userId }]]);
    const events = await app.ctx.knex('session_events').where({ session_id: session.id }).orderBy('id').pluck('detail');
    expect(events.at(-1)).toMatch(/^claimed from the staging pool/);
    expect((await slots()).map((slot) => slot.id)).not.toContain(session.id);
    expect(await fillStagingPools(app.ctx)).toEqual({ started: 1, retired: 0 });
    expect(await slots()).toHaveLength(2);
  });

  it('should start a session cold, and keep the slot, when the agent refuses to claim it', async () => {
    const before = await slots();
    agent.refuseNextClaim = true;
    const provisionsBefore = agent.callsOf('provision').length;
    const session = await bodyOf<Session>(await launch());
    expect(session.state).toBe('running');
    expect(before.map((slot) => slot.id)).not.toContain(session.id);
    expect(agent.callsOf('provision')).toHaveLength(provisionsBefore + 1);
    expect((await slots()).map((slot) => slot.id)).toEqual(before.map((slot) => slot.id));
    expect(
      await app.ctx
        .knex('sessions')
        .whereIn(
          'id',
          before.map((slot) => slot.id),
        )
        .count('* as n')
        .first(),
    ).toEqual({ n: '0' });
  });

  it('should never give two concurrent launches the same staged container', async () => {
    const answers = await Promise.all([launch(), launch(), launch()]);
    const ids = (await Promise.all(answers.map((answer) => bodyOf<Session>(answer)))).map((session) => session.id);
    expect(new Set(ids).size).toBe(3);
    expect(await slots()).toHaveLength(0);
    await fillStagingPools(app.ctx);
  });

  it('should leave the slot in the pool when the launch is refused (session limit)', async () => {
    const before = (await slots()).length;
    await apiCall(app, '/api/users', admin, 'POST', { username: 'limited', password: 'limited-password-123' });
    const limited = await signIn(app, 'limited', 'limited-password-123');
    const group = await bodyOf<{ id: string }>(await apiCall(app, '/api/groups', admin, 'POST', { name: 'one-only', priority: 1 }));
    await apiCall(app, `/api/groups/${group.id}/settings`, admin, 'PUT', { max_kasms_per_user: 1 });
    const me = await bodyOf<{ id: string }>(await apiCall(app, '/api/auth/me', limited));
    await apiCall(app, `/api/groups/${group.id}/members`, admin, 'PUT', { userIds: [me.id] });
    expect((await launch(limited)).status).toBe(201);
    await fillStagingPools(app.ctx);
    const refused = await launch(limited);
    expect((await bodyOf<ErrorEnvelope>(refused)).code).toBe('session_limit_reached');
    expect(await slots()).toHaveLength(before);
  });

  it('should not hand out a staged container of an agent that went silent', async () => {
    const before = (await slots()).length;
    expect(before).toBeGreaterThan(0);
    await app.ctx
      .knex('agents')
      .where({ id: agent.agentId })
      .update({ last_heartbeat_at: new Date(Date.now() - 60_000) });
    const refused = await launch();
    expect((await bodyOf<ErrorEnvelope>(refused)).code).toBe('no_capacity');
    expect(await slots()).toHaveLength(before);
    await app.ctx.knex('agents').where({ id: agent.agentId }).update({ last_heartbeat_at: new Date() });
  });

  it('should replace the pool after an image change, and empty it when its size is 0', async () => {
    await apiCall(app, `/api/workspaces/${pool.id}`, admin, 'PATCH', { image: 'atrium/test:2' });
    const destroysBefore = agent.callsOf('destroy').length;
    expect(await fillStagingPools(app.ctx)).toEqual({ started: 2, retired: 2 });
    expect((await slots()).map((slot) => slot.image)).toEqual(['atrium/test:2', 'atrium/test:2']);
    expect(agent.callsOf('destroy').length - destroysBefore).toBe(2);
    await apiCall(app, `/api/workspaces/${pool.id}`, admin, 'PATCH', { stagingSize: 0 });
    expect(await fillStagingPools(app.ctx)).toEqual({ started: 0, retired: 2 });
    expect(await slots()).toHaveLength(0);
  });

  it("should keep staged containers out of the heartbeat's orphans, and forget a slot whose container is gone", async () => {
    await apiCall(app, `/api/workspaces/${pool.id}`, admin, 'PATCH', { stagingSize: 1 });
    await fillStagingPools(app.ctx);
    const [slot] = await slots();
    const stranger = '11111111-1111-4111-8111-111111111111';
    const heartbeat = (sessionIds: string[]) =>
      fetch(`${app.internalUrl}/internal/agents/${agent.agentId}/heartbeat`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${agent.secret}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          capacity: { cores: 2, memoryMb: 4096, cpuOvercommit: 4 },
          allocated: { cores: 0, memoryMb: 0 },
          containers: sessionIds.map((sessionId) => ({ sessionId, containerId: `c-${sessionId}`, state: 'running' })),
        }),
      }).then((response) => bodyOf<{ orphans: string[] }>(response));
    expect((await heartbeat([slot.id, stranger])).orphans).toEqual([stranger]);
    await app.ctx
      .knex('staging_slots')
      .where({ id: slot.id })
      .update({ created_at: new Date(Date.now() - 60_000) });
    await heartbeat([]);
    expect(await slots()).toHaveLength(0);
  });
});
