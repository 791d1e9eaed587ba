import { readFileSync } from 'node:fs';
import {
  sessionEventsPath,
  type AgentView,
  type CurrentUser,
  type ErrorEnvelope,
  type GroupView,
  type Session,
  type UserView,
  type Workspace,
} from '@atrium/contracts';
import { StandInAgent } from '../testing/stand-in-agent';
import { refusalOf, apiCall, bodyOf, signIn, startTestApp, type TestApp } from '../testing/test-app';

/** The routes the portal's administration pages and its asynchronous launch need, against real PostgreSQL. */
let app: TestApp;
const agent = new StandInAgent();
let admin: string;
let adminId: string;
let user: CurrentUser;
let userCookie: string;
let workspace: Workspace;

beforeAll(async () => {
  app = await startTestApp();
  await agent.register(app);
  admin = await signIn(app, 'admin', readFileSync(app.ctx.config.INITIAL_ADMIN_PASSWORD_PATH, 'utf8').trim());
  adminId = (await bodyOf<CurrentUser>(await apiCall(app, '/api/auth/me', admin))).id;
  user = await bodyOf<CurrentUser>(await apiCall(app, '/api/users', admin, 'POST', { username: 'una', password: 'una-password-123' }));
  userCookie = await signIn(app, 'una', 'una-password-123');
  workspace = await bodyOf<Workspace>(
    await apiCall(app, '/api/workspaces', admin, 'POST', { name: 'slow', image: 'atrium/test:1', cores: 0.5, memoryMb: 256 }),
  );
});
afterAll(async () => {
  await agent.close();
  await app.close();
});

const envelope = (response: Response) => bodyOf<ErrorEnvelope>(response);

describe('users, for administrators', () => {
  it('should refuse every user route to an ordinary user with 403', async () => {
    const attempts = [
      ['/api/users', 'GET'],
      [`/api/users/${adminId}`, 'PATCH', { disabled: true }],
      [`/api/users/${adminId}/password`, 'POST', { password: 'taken-over-password' }],
      [`/api/users/${adminId}/groups`, 'PUT', { groupIds: [] }],
      [`/api/users/${adminId}/sign-out`, 'POST'],
      [`/api/users/${adminId}`, 'DELETE'],
      ['/api/agents', 'GET'],
    ] as const;
    for (const [path, method, body] of attempts) {
      const response = await apiCall(app, path, userCookie, method, body);
      expect([path, method, response.status, (await envelope(response)).code]).toEqual([path, method, 403, 'admin_only']);
    }
  });

  it('should validate changes with the contracts, naming the field', async () => {
    const bad = await apiCall(app, `/api/users/${user.id}`, admin, 'PATCH', { disabled: 'yes' });
    expect(bad.status).toBe(400);
    expect((await envelope(bad)).validations?.[0]?.field).toBe('disabled');
    // A field the route does not take (an ordinary account's way to make itself administrator) is refused by name.
    const unknownField = await apiCall(app, `/api/users/${user.id}`, admin, 'PATCH', { role: 'admin' });
    expect([unknownField.status, (await envelope(unknownField)).code]).toEqual([400, 'validation_failed']);
    const shortPassword = await apiCall(app, `/api/users/${user.id}/password`, admin, 'POST', { password: 'short' });
    expect((await envelope(shortPassword)).validations?.[0]).toEqual({ field: 'password', message: 'must be at least 12 characters' });
    expect(await refusalOf(apiCall(app, '/api/users/not-a-uuid', admin, 'PATCH', { disabled: true }))).toEqual([400, 'validation_failed']);
    expect(await refusalOf(apiCall(app, '/api/users/0b9c6a7e-1111-4a4a-8a8a-123456789abc', admin, 'PATCH', { disabled: true }))).toEqual([
      404,
      'user_not_found',
    ]);
  });

  it('should disable a user, who then hears so at sign-in (with the right password only), and enable them again', async () => {
    const disabled = await apiCall(app, `/api/users/${user.id}`, admin, 'PATCH', { disabled: true });
    expect((await bodyOf<UserView>(disabled)).disabled).toBe(true);
    expect(await refusalOf(apiCall(app, '/api/auth/me', userCookie))).toEqual([401, 'unauthorized']); // signed out everywhere
    const refused = await fetch(`${app.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'una', password: 'una-password-123' }),
    });
    expect([refused.status, (await envelope(refused)).code]).toEqual([403, 'account_disabled']);
    const guessed = await fetch(`${app.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'una', password: 'a-wrong-guess-123' }),
    });
    expect([guessed.status, (await envelope(guessed)).code]).toEqual([401, 'invalid_credentials']);
    await apiCall(app, `/api/users/${user.id}`, admin, 'PATCH', { disabled: false });
    userCookie = await signIn(app, 'una', 'una-password-123');
    expect((await apiCall(app, '/api/auth/me', userCookie)).status).toBe(200);
  });

  it('should sign a user out everywhere, audited, while their password keeps working', async () => {
    const otherBrowser = await signIn(app, 'una', 'una-password-123');
    expect((await apiCall(app, `/api/users/${user.id}/sign-out`, admin, 'POST')).status).toBe(204);
    for (const cookie of [userCookie, otherBrowser]) expect(await refusalOf(apiCall(app, '/api/auth/me', cookie))).toEqual([401, 'unauthorized']);
    expect(await app.ctx.knex('audit_log').where({ action: 'user.sign_out', target_id: user.id })).toHaveLength(1);
    userCookie = await signIn(app, 'una', 'una-password-123');
    expect((await apiCall(app, '/api/auth/me', userCookie)).status).toBe(200);
  });

  it('should refuse a new password that is among the most common, naming why', async () => {
    const common = await apiCall(app, `/api/users/${user.id}/password`, admin, 'POST', { password: 'Password2026!' });
    expect((await envelope(common)).validations?.[0]).toEqual({ field: 'password', message: 'is one of the most common passwords; choose another' });
  });

  it('should reset a password: the old one stops working and the user is signed out', async () => {
    expect((await apiCall(app, `/api/users/${user.id}/password`, admin, 'POST', { password: 'una-new-password-456' })).status).toBe(204);
    expect(await refusalOf(apiCall(app, '/api/auth/me', userCookie))).toEqual([401, 'unauthorized']);
    expect(await signIn(app, 'una', 'una-password-123')).toBe('');
    userCookie = await signIn(app, 'una', 'una-new-password-456');
    expect(userCookie).toMatch(/^atrium_session=/);
  });

  it("should replace a user's groups, and refuse a group that does not exist", async () => {
    const group = await bodyOf<GroupView>(await apiCall(app, '/api/groups', admin, 'POST', { name: 'portal-testers' }));
    expect((await apiCall(app, `/api/users/${user.id}/groups`, admin, 'PUT', { groupIds: [group.id] })).status).toBe(204);
    const groups = await bodyOf<GroupView[]>(await apiCall(app, '/api/groups', admin));
    expect(groups.find((entry) => entry.id === group.id)?.userIds).toEqual([user.id]);
    const unknown = await apiCall(app, `/api/users/${user.id}/groups`, admin, 'PUT', { groupIds: ['0b9c6a7e-1111-4a4a-8a8a-123456789abc'] });
    expect([unknown.status, (await envelope(unknown)).code]).toEqual([400, 'group_not_found']);
    expect((await apiCall(app, `/api/users/${user.id}/groups`, admin, 'PUT', { groupIds: [] })).status).toBe(204);
  });

  it('should not let an administrator disable or delete their own account', async () => {
    const disable = await apiCall(app, `/api/users/${adminId}`, admin, 'PATCH', { disabled: true });
    expect([disable.status, (await envelope(disable)).code]).toEqual([409, 'own_account']);
    const remove = await apiCall(app, `/api/users/${adminId}`, admin, 'DELETE');
    expect([remove.status, (await envelope(remove)).code]).toEqual([409, 'own_account']);
    expect((await apiCall(app, '/api/auth/me', admin)).status).toBe(200);
  });

  it('should delete a user with their live sessions ended', async () => {
    const doomed = await bodyOf<CurrentUser>(await apiCall(app, '/api/users', admin, 'POST', { username: 'doomed', password: 'doomed-password-1' }));
    const cookie = await signIn(app, 'doomed', 'doomed-password-1');
    expect((await apiCall(app, '/api/sessions', cookie, 'POST', { workspaceId: workspace.id })).status).toBe(201);
    expect(await refusalOf(apiCall(app, `/api/users/${doomed.id}`, admin, 'DELETE'))).toEqual([409, 'user_has_sessions']);
    expect((await apiCall(app, `/api/users/${doomed.id}?force=true`, admin, 'DELETE')).status).toBe(204);
    const users = await bodyOf<UserView[]>(await apiCall(app, '/api/users', admin));
    expect(users.map((entry) => entry.username)).not.toContain('doomed');
  });
});

describe('agents, for administrators', () => {
  it('should list agents with capacity and holdings but never their secret or address', async () => {
    const response = await apiCall(app, '/api/agents', admin);
    const [listed] = await bodyOf<AgentView[]>(response);
    expect(listed).toMatchObject({ id: agent.agentId, enabled: true, online: true, capacity: { cores: 2, memoryMb: 4096 } });
    const raw = JSON.stringify(listed);
    expect(raw).not.toContain(agent.secret);
    expect(raw).not.toContain('127.0.0.1');
  });

  it('should take a disabled agent out of scheduling and put it back', async () => {
    expect(await refusalOf(apiCall(app, `/api/agents/${agent.agentId}`, admin, 'PATCH', { enabled: 'no' }))).toEqual([400, 'validation_failed']);
    expect((await apiCall(app, `/api/agents/${agent.agentId}`, admin, 'PATCH', { enabled: false })).status).toBe(204);
    const refused = await apiCall(app, '/api/sessions', userCookie, 'POST', { workspaceId: workspace.id });
    expect([refused.status, (await envelope(refused)).code]).toEqual([503, 'no_capacity']);
    expect((await apiCall(app, `/api/agents/${agent.agentId}`, admin, 'PATCH', { enabled: true })).status).toBe(204);
    expect(await refusalOf(apiCall(app, '/api/agents/0b9c6a7e-1111-4a4a-8a8a-123456789abc', admin, 'PATCH', { enabled: true }))).toEqual([
      404,
      'agent_not_found',
    ]);
    const audit = await app.ctx.knex('audit_log').where({ target_id: agent.agentId }).orderBy('id').pluck('action');
    expect(audit).toEqual(['agent.disable', 'agent.enable']);
  });
});

describe('launching asynchronously (Prefer: respond-async)', () => {
  const launchAsync = (cookie: string) =>
    fetch(`${app.baseUrl}/api/sessions`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json', prefer: 'respond-async' },
      body: JSON.stringify({ workspaceId: workspace.id }),
    });
  const follow = async (cookie: string, id: string): Promise<Session> => {
    for (let polls = 0; polls < 50; polls += 1) {
      const session = await bodyOf<Session>(await apiCall(app, `/api/sessions/${id}`, cookie));
      if (session.state !== 'provisioning') return session;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('the session stayed in provisioning');
  };

  afterEach(() => {
    agent.provisionDelayMs = 0;
  });

  it('should answer 202 with the session provisioning before the agent has started it, then run', async () => {
    agent.provisionDelayMs = 1500;
    const started = Date.now();
    const response = await launchAsync(userCookie);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(response.status).toBe(202);
    expect(response.headers.get('preference-applied')).toBe('respond-async');
    const session = await bodyOf<Session>(response);
    expect(session).toMatchObject({ state: 'provisioning', connectUrl: null });
    expect(await follow(userCookie, session.id)).toMatchObject({ state: 'running', connectUrl: `/desktop/${session.id}/websockify` });
    await apiCall(app, `/api/sessions/${session.id}`, userCookie, 'DELETE');
  });

  it('should record a failed start, readable when the page follows the session', async () => {
    agent.failNextProvision = 'image atrium/test:1 not found';
    const session = await bodyOf<Session>(await launchAsync(userCookie));
    expect(await follow(userCookie, session.id)).toMatchObject({ state: 'error', errorMessage: expect.stringContaining('image atrium/test:1 not found') });
  });

  /** Every `session` event of the stream, read until the server ends it. */
  const eventsOf = async (cookie: string, id: string): Promise<Session[]> => {
    const response = await fetch(`${app.baseUrl}${sessionEventsPath(id)}`, { headers: { cookie } });
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    expect(response.headers.get('x-accel-buffering')).toBe('no');
    return (await response.text())
      .split('\n\n')
      .filter((block) => block.startsWith('event: session\n'))
      .map((block) => JSON.parse(block.slice(block.indexOf('data: ') + 6)) as Session);
  };

  it('should push each change of a starting session to its owner, the last when it runs, then end the stream', async () => {
    agent.provisionDelayMs = 800;
    const session = await bodyOf<Session>(await launchAsync(userCookie));
    const events = await eventsOf(userCookie, session.id);
    expect(events.map((event) => event.state)).toEqual(['provisioning', 'running']);
    expect(events.at(-1)).toMatchObject({ id: session.id, connectUrl: `/desktop/${session.id}/websockify` });
    // An administrator may follow it too (as they may read it); a session that no longer starts gives one event.
    expect((await eventsOf(admin, session.id)).map((event) => event.state)).toEqual(['running']);
    await apiCall(app, `/api/sessions/${session.id}`, userCookie, 'DELETE');
  });

  it("should refuse another user's session before any event (not_session_owner)", async () => {
    agent.provisionDelayMs = 800;
    const session = await bodyOf<Session>(await launchAsync(userCookie));
    await apiCall(app, '/api/users', admin, 'POST', { username: 'otto-events', password: 'otto-password-123' });
    const other = await signIn(app, 'otto-events', 'otto-password-123');
    expect(await refusalOf(fetch(`${app.baseUrl}${sessionEventsPath(session.id)}`, { headers: { cookie: other } }))).toEqual([403, 'not_session_owner']);
    await apiCall(app, `/api/sessions/${session.id}`, userCookie, 'DELETE');
  });

  it('should keep the synchronous launch for API clients that do not ask', async () => {
    agent.provisionDelayMs = 300;
    const response = await apiCall(app, '/api/sessions', userCookie, 'POST', { workspaceId: workspace.id });
    expect(response.status).toBe(201);
    expect((await bodyOf<Session>(response)).state).toBe('running');
  });
});
