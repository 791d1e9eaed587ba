import { readFileSync } from 'node:fs';
import type { ErrorEnvelope, Session, Workspace } from '@atrium/contracts';
import { hashAgentSecret } from '../agents/agent-credentials';
import { StandInAgent } from '../testing/stand-in-agent';
import { refusalOf, bodyOf, startTestApp, type TestApp } from '../testing/test-app';
import { reapExpiredSessions, STUCK_START_AFTER_MS } from './session-reaper';

/** The control plane against a stand-in agent on loopback (`testing/stand-in-agent.ts`). */
let app: TestApp;
const agent = new StandInAgent();
let agentId: string;

const call = (path: string, cookie: string, method = 'GET', body?: unknown) =>
  fetch(`${app.baseUrl}${path}`, {
    method,
    headers: { cookie, ...(body !== undefined && { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

async function login(username: string, password: string): Promise<string> {
  const response = await fetch(`${app.baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  return (response.headers.get('set-cookie') ?? '').split(';')[0] as string;
}

let admin: string;
let alice: string;
let bob: string;
let oneCore: Workspace;

beforeAll(async () => {
  app = await startTestApp({ SESSIONS_PER_USER: '3' });
  agentId = await agent.register(app);
  admin = await login('admin', readFileSync(app.ctx.config.INITIAL_ADMIN_PASSWORD_PATH, 'utf8').trim());
  for (const name of ['alice', 'bob']) await call('/api/users', admin, 'POST', { username: name, password: `${name}-password-123` });
  alice = await login('alice', 'alice-password-123');
  bob = await login('bob', 'bob-password-123');
  oneCore = await bodyOf<Workspace>(await call('/api/workspaces', admin, 'POST', { name: 'one-core', image: 'atrium/test:1', cores: 1, memoryMb: 512 }));
});
afterAll(async () => {
  await agent.close();
  await app.close();
});

const launch = (cookie: string, workspaceId = oneCore.id) => call('/api/sessions', cookie, 'POST', { workspaceId });

describe('sessions', () => {
  it('should launch, record every transition with its actor, and show the connect URL', async () => {
    const response = await launch(alice);
    expect(response.status).toBe(201);
    const session = await bodyOf<Session>(response);
    expect(session).toMatchObject({ state: 'running', kind: 'container', connectUrl: `/desktop/${session.id}/websockify` });
    const events = await app.ctx.knex('session_events').where({ session_id: session.id }).orderBy('id');
    expect(events.map((event) => [event.from_state, event.to_state, event.actor.split(':')[0]])).toEqual([
      [null, 'requested', 'user'],
      ['requested', 'provisioning', 'scheduler'],
      ['provisioning', 'running', 'agent'],
    ]);
  });

  it('should count what the database says is placed, not the last heartbeat, when looking for room', async () => {
    expect((await launch(bob)).status).toBe(201); // the agent's 2 cores are now held by two sessions
    const refused = await launch(bob);
    expect(refused.status).toBe(503);
    expect((await bodyOf<ErrorEnvelope>(refused)).code).toBe('no_capacity');
  });

  it('should let a user see and end only their own sessions, and an administrator all', async () => {
    const [aliceSession] = await bodyOf<Session[]>(await call('/api/sessions', alice));
    const id = (aliceSession as Session).id;
    expect(await refusalOf(call(`/api/sessions/${id}`, bob))).toEqual([403, 'not_session_owner']);
    expect(await refusalOf(call(`/api/sessions/${id}`, bob, 'DELETE'))).toEqual([403, 'not_session_owner']);
    expect((await bodyOf<Session[]>(await call('/api/sessions', bob))).every((session) => session.userId !== aliceSession?.userId)).toBe(true);
    expect((await bodyOf<Session[]>(await call('/api/sessions', admin))).length).toBe(2);
    const ended = await call(`/api/sessions/${id}`, alice, 'DELETE');
    expect((await bodyOf<Session>(ended)).state).toBe('destroyed');
    expect(agent.callsOf('destroy').map((entry) => entry.sessionId)).toEqual([id]);
  });

  it("should end in error with the agent's reason when provisioning fails, and free the room", async () => {
    agent.failNextProvision = 'No such image: atrium/test:1';
    const response = await launch(alice);
    expect(response.status).toBe(502);
    expect(await bodyOf<Session>(response)).toMatchObject({ state: 'error', errorMessage: 'No such image: atrium/test:1' });
    expect((await launch(alice)).status).toBe(201);
  });

  it('should stop a user at the session limit', async () => {
    await app.ctx.knex('agents').update({ cores: 64, memory_mb: 65536 });
    // alice holds one live session; the limit is 3.
    expect([(await launch(alice)).status, (await launch(alice)).status]).toEqual([201, 201]);
    const refused = await launch(alice);
    expect(refused.status).toBe(409);
    expect((await bodyOf<ErrorEnvelope>(refused)).code).toBe('session_limit_reached');
  });

  it('should list live sessions only with live=true, newest first, bounded by limit, and refuse a bad query', async () => {
    const all = await bodyOf<Session[]>(await call('/api/sessions', alice));
    expect(all.some((session) => ['destroyed', 'error'].includes(session.state))).toBe(true); // history is listed
    const createdAt = all.map((session) => session.createdAt);
    expect(createdAt).toEqual([...createdAt].sort().reverse());
    const live = await bodyOf<Session[]>(await call('/api/sessions?live=true', alice));
    expect(live.map((session) => session.state)).toEqual(['running', 'running', 'running']);
    const newest = await bodyOf<Session[]>(await call('/api/sessions?limit=1', alice));
    expect(newest.map((session) => session.id)).toEqual([all[0]?.id]);
    for (const query of ['limit=0', 'limit=501', 'live=yes']) {
      const refused = await call(`/api/sessions?${query}`, alice);
      expect(refused.status).toBe(400);
      expect((await bodyOf<ErrorEnvelope>(refused)).code).toBe('validation_failed');
    }
  });

  it('should reject a launch with a malformed or unknown workspace', async () => {
    expect(await refusalOf(call('/api/sessions', alice, 'POST', { workspaceId: 'nope' }))).toEqual([400, 'validation_failed']);
    expect(await refusalOf(launch(alice, '00000000-0000-4000-8000-000000000000'))).toEqual([404, 'workspace_not_found']);
  });

  it('should end sessions whose time is up, through the agent, recorded as the reaper', async () => {
    const session = await bodyOf<Session>(await launch(bob));
    await app.ctx
      .knex('sessions')
      .where({ id: session.id })
      .update({ expires_at: new Date(Date.now() - 1000) });
    expect(await reapExpiredSessions(app.ctx)).toBe(1);
    const row = await app.ctx.knex('sessions').where({ id: session.id }).first();
    expect(row.state).toBe('destroyed');
    expect(agent.callsOf('destroy').map((entry) => entry.sessionId)).toContain(session.id);
    const events = await app.ctx.knex('session_events').where({ session_id: session.id, actor: 'reaper' }).pluck('to_state');
    expect(events).toEqual(['stopping', 'destroyed']);
    expect(await reapExpiredSessions(app.ctx)).toBe(0);
  });

  it('should end a start that never finished (its webapp stopped) once it is overdue, and not before', async () => {
    const session = await bodyOf<Session>(await launch(bob));
    // As a webapp that died while the agent was starting the container leaves it:
    await app.ctx
      .knex('sessions')
      .where({ id: session.id })
      .update({ state: 'provisioning', updated_at: new Date(Date.now() - 30_000) });
    expect(await reapExpiredSessions(app.ctx)).toBe(0);
    await app.ctx
      .knex('sessions')
      .where({ id: session.id })
      .update({ updated_at: new Date(Date.now() - STUCK_START_AFTER_MS - 1000) });
    expect(await reapExpiredSessions(app.ctx)).toBe(1);
    expect((await app.ctx.knex('sessions').where({ id: session.id }).first()).state).toBe('destroyed');
    const events = await app.ctx.knex('session_events').where({ session_id: session.id, actor: 'reaper' }).pluck('detail');
    expect(events[0]).toBe('the start never finished');
    expect(agent.callsOf('destroy').map((entry) => entry.sessionId)).toContain(session.id);
  });

  it('should answer 503 when the agent refuses to end a session, keep it stopping, and let the reaper finish it', async () => {
    const session = await bodyOf<Session>(await launch(bob));
    agent.refuseNextDestroy = true;
    const refused = await call(`/api/sessions/${session.id}`, bob, 'DELETE');
    expect(refused.status).toBe(503);
    expect((await bodyOf<ErrorEnvelope>(refused)).code).toBe('agent_unavailable');
    const stopping = await app.ctx.knex('sessions').where({ id: session.id }).first();
    expect(stopping).toMatchObject({ state: 'stopping', stop_attempts: 1 });
    expect(await reapExpiredSessions(app.ctx)).toBe(0); // not yet due: the retry waits 5 s
    await app.ctx
      .knex('sessions')
      .where({ id: session.id })
      .update({ stop_retry_at: new Date(Date.now() - 1000) });
    expect(await reapExpiredSessions(app.ctx)).toBe(1);
    expect((await app.ctx.knex('sessions').where({ id: session.id }).first()).state).toBe('destroyed');
    expect(agent.callsOf('destroy').filter((entry) => entry.sessionId === session.id)).toHaveLength(2);
  });

  it('should mark a running session lost when its agent stops reporting its container', async () => {
    const session = await bodyOf<Session>(await launch(bob));
    await app.ctx
      .knex('sessions')
      .where({ id: session.id })
      .update({ updated_at: new Date(Date.now() - 60_000) });
    const agentSecret = 'x'.repeat(43);
    await app.ctx
      .knex('agents')
      .where({ id: agentId })
      .update({ secret_hash: hashAgentSecret(agentSecret) });
    const heartbeat = (containers: { sessionId: string; containerId: string; state: string }[]) =>
      fetch(`${app.internalUrl}/internal/agents/${agentId}/heartbeat`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${agentSecret}` },
        body: JSON.stringify({ capacity: { cores: 64, memoryMb: 65536 }, allocated: { cores: 0, memoryMb: 0 }, containers }),
      });
    expect(await (await heartbeat([{ sessionId: session.id, containerId: 'c', state: 'running' }])).json()).toEqual({ orphans: [] });
    expect((await app.ctx.knex('sessions').where({ id: session.id }).first()).state).toBe('running');
    expect((await heartbeat([])).status).toBe(200);
    expect((await app.ctx.knex('sessions').where({ id: session.id }).first()).state).toBe('lost');
    // Its container turning up again later: a lost session is not live, so the agent is told to remove it.
    const orphanedByHand = '0b6c4c1e-3f1a-4c55-9d7e-2a1f0c9b8e77';
    const reported = [session.id, orphanedByHand].map((sessionId) => ({ sessionId, containerId: `c-${sessionId}`, state: 'running' }));
    const answer = (await (await heartbeat(reported)).json()) as { orphans: string[] };
    expect(answer.orphans.sort()).toEqual([session.id, orphanedByHand].sort());
  });

  it('should never name the container of a live session an orphan', async () => {
    const session = await bodyOf<Session>(await launch(bob));
    const agentSecret = 'y'.repeat(43);
    await app.ctx
      .knex('agents')
      .where({ id: agentId })
      .update({ secret_hash: hashAgentSecret(agentSecret) });
    const response = await fetch(`${app.internalUrl}/internal/agents/${agentId}/heartbeat`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${agentSecret}` },
      body: JSON.stringify({
        capacity: { cores: 64, memoryMb: 65536 },
        allocated: { cores: 0, memoryMb: 0 },
        containers: [{ sessionId: session.id, containerId: 'c', state: 'running' }],
      }),
    });
    expect(await response.json()).toEqual({ orphans: [] });
  });
});
