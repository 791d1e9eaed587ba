import { readFileSync } from 'node:fs';
import {
  CONNECT_TOKEN_HEADER,
  desktopStreamPath,
  type ConnectTokenClaims,
  type ErrorEnvelope,
  type GroupView,
  type Keepalive,
  type PolicyView,
  type Session,
  type SessionShare,
  type SessionViewer,
  type Workspace,
} from '@atrium/contracts';
import jwt from 'jsonwebtoken';
import { reapExpiredSessions } from '../sessions/session-reaper';
import { StandInAgent } from '../testing/stand-in-agent';
import { refusalOf, apiCall, bodyOf, signIn, startTestApp, type TestApp } from '../testing/test-app';

/** Group policy driving launches, streams, lifecycle and sharing, against a stand-in agent. */
let app: TestApp;
const agent = new StandInAgent();
let admin: string;
let alice: string;
let bob: string;
let aliceId: string;
let bobId: string;
let workspace: Workspace;

const call = (path: string, cookie: string, method = 'GET', body?: unknown) => apiCall(app, path, cookie, method, body);
const codeOf = async (response: Response) => (await bodyOf<ErrorEnvelope>(response)).code;
const launch = async (cookie: string) => bodyOf<Session>(await call('/api/sessions', cookie, 'POST', { workspaceId: workspace.id }));

async function group(name: string, priority: number, settings: object, members: string[]): Promise<string> {
  const created = await bodyOf<GroupView>(await call('/api/groups', admin, 'POST', { name, priority }));
  expect((await call(`/api/groups/${created.id}/settings`, admin, 'PUT', settings)).status).toBe(204);
  expect((await call(`/api/groups/${created.id}/members`, admin, 'PUT', { userIds: members })).status).toBe(204);
  return created.id;
}

/** What kasm_proxy's auth_request would get for this browser and session: the connect token's claims. */
async function streamClaims(cookie: string, sessionId: string): Promise<ConnectTokenClaims | number> {
  const response = await fetch(`${app.internalUrl}/internal/desktop-authorization`, {
    headers: { cookie, origin: 'https://localhost', 'x-original-uri': desktopStreamPath(sessionId) },
  });
  if (response.status !== 204) return response.status;
  return jwt.decode(response.headers.get(CONNECT_TOKEN_HEADER) ?? '') as ConnectTokenClaims;
}

async function endAll(): Promise<void> {
  for (const session of await bodyOf<Session[]>(await call('/api/sessions', admin))) {
    if (['running', 'paused', 'stopped'].includes(session.state)) await call(`/api/sessions/${session.id}`, admin, 'DELETE');
  }
}

beforeAll(async () => {
  app = await startTestApp({ SESSIONS_PER_USER: '5' });
  await agent.register(app, { cores: 64, memoryMb: 65_536 });
  admin = await signIn(app, 'admin', readFileSync(app.ctx.config.INITIAL_ADMIN_PASSWORD_PATH, 'utf8').trim());
  const users = [];
  for (const name of ['alice', 'bob'])
    users.push(await bodyOf<{ id: string }>(await call('/api/users', admin, 'POST', { username: name, password: `${name}-password-123` })));
  aliceId = users[0]?.id ?? '';
  bobId = users[1]?.id ?? '';
  alice = await signIn(app, 'alice', 'alice-password-123');
  bob = await signIn(app, 'bob', 'bob-password-123');
  workspace = await bodyOf<Workspace>(await call('/api/workspaces', admin, 'POST', { name: 'governed', image: 'atrium/test:1', cores: 1, memoryMb: 512 }));
});
afterEach(endAll);
afterAll(async () => {
  await agent.close();
  await app.close();
});

describe('group settings', () => {
  it('should refuse unknown settings, wrong types and out-of-range values with 400, and unknown groups with 404', async () => {
    const id = await group('validation', 100, {}, []);
    for (const body of [{ max_kasms: 1 }, { allow_kasm_pause: 'yes' }, { keepalive_expiration: 1 }, { workspace_resources: { 'not-a-uuid': { cores: 1 } } }]) {
      const response = await call(`/api/groups/${id}/settings`, admin, 'PUT', body);
      expect([response.status, await codeOf(response)]).toEqual([400, 'validation_failed']);
    }
    expect(await refusalOf(call('/api/groups/00000000-0000-4000-8000-000000000000/settings', admin, 'PUT', {}))).toEqual([404, 'group_not_found']);
    expect(await refusalOf(call(`/api/groups/${id}/settings`, alice, 'PUT', { max_kasms_per_user: 50 }))).toEqual([403, 'admin_only']);
  });

  it("should resolve a user's groups by priority, show it to them and to administrators only, and apply changes at once", async () => {
    await group('loose', 200, { allow_kasm_clipboard_up: true, idle_disconnect: 30 }, [aliceId]);
    const strict = await group('strict', 10, { allow_kasm_clipboard_up: false }, [aliceId]);
    const own = await bodyOf<PolicyView>(await call('/api/me/policy', alice));
    expect(own.policy).toMatchObject({ allow_kasm_clipboard_up: false, idle_disconnect: 30, keepalive_expiration: 3600 });
    expect(own.decidedBy['allow_kasm_clipboard_up']).toMatchObject({ groupName: 'strict' });
    expect((await bodyOf<PolicyView>(await call(`/api/users/${aliceId}/policy`, admin))).policy).toEqual(own.policy);
    expect(await refusalOf(call(`/api/users/${aliceId}/policy`, bob))).toEqual([403, 'admin_only']);

    expect((await call(`/api/groups/${strict}`, admin, 'PATCH', { priority: 300 })).status).toBe(204);
    expect((await bodyOf<PolicyView>(await call('/api/me/policy', alice))).policy.allow_kasm_clipboard_up).toBe(true);
    await call(`/api/groups/${strict}/members`, admin, 'PUT', { userIds: [] });
  });
});

describe('the policy in force', () => {
  it("should refuse a launch over the user's max_kasms_per_user", async () => {
    const limited = await group('one-session', 1, { max_kasms_per_user: 1 }, [aliceId]);
    expect((await launch(alice)).state).toBe('running');
    const refused = await call('/api/sessions', alice, 'POST', { workspaceId: workspace.id });
    expect([refused.status, await codeOf(refused)]).toEqual([409, 'session_limit_reached']);
    await call(`/api/groups/${limited}/members`, admin, 'PUT', { userIds: [] });
  });

  it('should give the agent the cores and memory of a per-workspace override', async () => {
    const big = await group('big', 2, { workspace_resources: { [workspace.id]: { cores: 3, memory_mb: 3072 } } }, [aliceId]);
    const session = await launch(alice);
    const provision = agent.callsOf('provision').find((entry) => entry.sessionId === session.id);
    expect(provision?.body).toMatchObject({ workspace: { id: workspace.id, cores: 3, memoryMb: 3072 } });
    expect((await bodyOf<Workspace[]>(await call('/api/workspaces', admin))).find((entry) => entry.id === workspace.id)).toMatchObject({
      cores: 1,
      memoryMb: 512,
    });
    await call(`/api/groups/${big}/members`, admin, 'PUT', { userIds: [] });
  });

  it("should put the owner's clipboard policy into the stream token, and give other users none", async () => {
    const noUp = await group('no-clipboard-up', 3, { allow_kasm_clipboard_up: false, allow_kasm_clipboard_down: true }, [aliceId]);
    const session = await launch(alice);
    expect(await streamClaims(alice, session.id)).toMatchObject({ perm: 'full', clip: { up: false, down: true } });
    expect(await streamClaims(bob, session.id)).toBe(403);
    expect(await streamClaims(admin, session.id)).toMatchObject({ perm: 'view', clip: { up: false, down: false } });
    await call(`/api/groups/${noUp}/members`, admin, 'PUT', { userIds: [] });
  });
});

describe('lifecycle', () => {
  it('should pause and resume, stop and start through the agent, answer 409 to impossible steps, and audit each', async () => {
    const session = await launch(alice);
    const step = (action: string, cookie = alice) => call(`/api/sessions/${session.id}/${action}`, cookie, 'POST');
    expect((await bodyOf<Session>(await step('pause'))).state).toBe('paused');
    expect(await streamClaims(alice, session.id)).toBe(403);
    const twice = await step('pause');
    expect([twice.status, await codeOf(twice)]).toEqual([409, 'invalid_state']);
    expect(await refusalOf(step('stop'))).toEqual([409, 'invalid_state']);
    expect((await bodyOf<Session>(await step('resume'))).state).toBe('running');
    expect((await bodyOf<Session>(await step('stop'))).state).toBe('stopped');
    expect(await refusalOf(step('resume'))).toEqual([409, 'invalid_state']);
    expect((await bodyOf<Session>(await step('start'))).state).toBe('running');
    expect(await refusalOf(step('pause', bob))).toEqual([403, 'not_session_owner']);
    expect(await refusalOf(step('explode'))).toEqual([400, 'validation_failed']);
    expect(agent.calls.filter((entry) => entry.sessionId === session.id).map((entry) => entry.action)).toEqual([
      'provision',
      'pause',
      'resume',
      'stop',
      'start',
    ]);

    const audit = await app.ctx.knex('audit_log').where({ target_id: session.id }).orderBy('id').pluck('action');
    expect(audit).toEqual(['session.launch', 'session.pause', 'session.resume', 'session.stop', 'session.start']);
  });

  it('should refuse what the policy does not allow, and let an administrator do it anyway', async () => {
    const locked = await group('locked', 4, { allow_kasm_pause: false, allow_kasm_delete: false }, [aliceId]);
    const session = await launch(alice);
    const paused = await call(`/api/sessions/${session.id}/pause`, alice, 'POST');
    expect([paused.status, await codeOf(paused)]).toEqual([403, 'not_allowed_by_policy']);
    expect(await refusalOf(call(`/api/sessions/${session.id}`, alice, 'DELETE'))).toEqual([403, 'not_allowed_by_policy']);
    expect((await bodyOf<Session>(await call(`/api/sessions/${session.id}/pause`, admin, 'POST'))).state).toBe('paused');
    expect((await bodyOf<Session>(await call(`/api/sessions/${session.id}`, admin, 'DELETE'))).state).toBe('destroyed');
    await call(`/api/groups/${locked}/members`, admin, 'PUT', { userIds: [] });
  });

  it('should move the keepalive deadline, and let the reaper end a running session whose keepalives stopped', async () => {
    const short = await group('short-keepalive', 5, { keepalive_expiration: 20 }, [aliceId]);
    const session = await launch(alice);
    const kept = await bodyOf<Keepalive>(await call(`/api/sessions/${session.id}/keepalive`, alice, 'POST'));
    expect(new Date(kept.keepaliveUntil).getTime() - Date.now()).toBeGreaterThan(15_000);
    expect(kept.usageReached).toBe(false);
    expect(await refusalOf(call(`/api/sessions/${session.id}/keepalive`, bob, 'POST'))).toEqual([403, 'not_session_owner']);

    await app.ctx
      .knex('sessions')
      .where({ id: session.id })
      .update({ keepalive_until: new Date(Date.now() - 1000) });
    await reapExpiredSessions(app.ctx);
    expect((await bodyOf<Session>(await call(`/api/sessions/${session.id}`, alice))).state).toBe('destroyed');
    const event = await app.ctx.knex('session_events').where({ session_id: session.id, to_state: 'stopping' }).first();
    expect(event).toMatchObject({ actor: 'reaper', detail: 'no keepalive arrived in time' });
    const gone = await call(`/api/sessions/${session.id}/keepalive`, alice, 'POST');
    expect([gone.status, await codeOf(gone)]).toEqual([409, 'session_not_running']);
    await call(`/api/groups/${short}/members`, admin, 'PUT', { userIds: [] });
  });

  it('should not reap a paused session for missing keepalives', async () => {
    const session = await launch(alice);
    await call(`/api/sessions/${session.id}/pause`, alice, 'POST');
    await app.ctx
      .knex('sessions')
      .where({ id: session.id })
      .update({ keepalive_until: new Date(Date.now() - 1000) });
    await reapExpiredSessions(app.ctx);
    expect((await bodyOf<Session>(await call(`/api/sessions/${session.id}`, alice))).state).toBe('paused');
    const resumed = await bodyOf<Session>(await call(`/api/sessions/${session.id}/resume`, alice, 'POST'));
    expect(new Date(resumed.keepaliveUntil ?? 0).getTime()).toBeGreaterThan(Date.now());
  });
});

describe('sharing', () => {
  it('should refuse sharing unless the policy allows it, and only to the owner', async () => {
    const session = await launch(alice);
    const refused = await call(`/api/sessions/${session.id}/share`, alice, 'POST');
    expect([refused.status, await codeOf(refused)]).toEqual([403, 'not_allowed_by_policy']);
    const sharing = await group('sharing', 6, { allow_kasm_sharing: true }, [aliceId, bobId]);
    // Bob's own policy allows sharing, so only ownership can refuse him: sharing, revoking and listing viewers of
    // Alice's session each answer 403 `not_session_owner` (not `not_allowed_by_policy`).
    const notHis = await call(`/api/sessions/${session.id}/share`, bob, 'POST');
    expect([notHis.status, await codeOf(notHis)]).toEqual([403, 'not_session_owner']);
    expect((await call(`/api/sessions/${session.id}/share`, alice, 'POST')).status).toBe(200);
    for (const [method, path] of [
      ['DELETE', 'share'],
      ['GET', 'viewers'],
      ['GET', 'share'],
    ] as const) {
      const refused = await call(`/api/sessions/${session.id}/${path}`, bob, method);
      expect([method, path, refused.status, await codeOf(refused)]).toEqual([method, path, 403, 'not_session_owner']);
    }
    // Still shared: Bob's revoke changed nothing.
    expect((await bodyOf<SessionShare>(await call(`/api/sessions/${session.id}/share`, alice))).shareId).toBeTruthy();
    await call(`/api/groups/${sharing}/members`, admin, 'PUT', { userIds: [] });
  });

  it('should let a viewer join and watch, list them to the owner, and shut them out when the share is revoked', async () => {
    const sharing = await group('sharing-view', 7, { allow_kasm_sharing: true }, [aliceId]);
    const session = await launch(alice);
    expect(await streamClaims(bob, session.id)).toBe(403);
    const share = await bodyOf<SessionShare>(await call(`/api/sessions/${session.id}/share`, alice, 'POST'));
    expect(share.joinUrl).toBe(`/desktop/${session.id}/?share=${share.shareId}`);
    expect((await bodyOf<SessionShare>(await call(`/api/sessions/${session.id}/share`, alice, 'POST'))).shareId).toBe(share.shareId);

    expect(await refusalOf(call(`/api/shares/${share.shareId}x/join`, bob, 'POST'))).toEqual([404, 'share_not_found']);
    const joined = await bodyOf<Record<string, unknown>>(await call(`/api/shares/${share.shareId}/join`, bob, 'POST'));
    // The viewer learns the session it may watch, nothing of its owner.
    expect(joined).toEqual({ id: session.id, kind: 'container', state: 'running', connectUrl: `/desktop/${session.id}/websockify` });
    expect(await streamClaims(bob, session.id)).toMatchObject({ perm: 'view', clip: { up: false, down: false }, shr: share.shareId });
    expect((await bodyOf<SessionViewer[]>(await call(`/api/sessions/${session.id}/viewers`, alice))).map((viewer) => viewer.username)).toEqual(['bob']);
    expect(await refusalOf(call(`/api/sessions/${session.id}/viewers`, bob))).toEqual([403, 'not_session_owner']);
    expect(await refusalOf(call(`/api/sessions/${session.id}`, bob, 'DELETE'))).toEqual([403, 'not_session_owner']);

    expect((await call(`/api/sessions/${session.id}/share`, alice, 'DELETE')).status).toBe(204);
    expect(agent.callsOf('close-streams').at(-1)?.claims).toMatchObject({ sid: session.id, shr: share.shareId });
    expect(await streamClaims(bob, session.id)).toBe(403);
    expect(await refusalOf(call(`/api/shares/${share.shareId}/join`, bob, 'POST'))).toEqual([404, 'share_not_found']);
    expect(await bodyOf<SessionViewer[]>(await call(`/api/sessions/${session.id}/viewers`, alice))).toEqual([]);
    await call(`/api/groups/${sharing}/members`, admin, 'PUT', { userIds: [] });
  });

  it("should give viewers full control only when the owner's policy says so", async () => {
    const sharing = await group('sharing-full', 8, { allow_kasm_sharing: true, shared_session_full_control: true }, [aliceId]);
    const session = await launch(alice);
    const share = await bodyOf<SessionShare>(await call(`/api/sessions/${session.id}/share`, alice, 'POST'));
    await call(`/api/shares/${share.shareId}/join`, bob, 'POST');
    expect(await streamClaims(bob, session.id)).toMatchObject({ perm: 'full', clip: { up: false, down: false } });
    await call(`/api/groups/${sharing}/members`, admin, 'PUT', { userIds: [] });
  });
});
