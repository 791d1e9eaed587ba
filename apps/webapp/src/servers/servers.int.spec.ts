import { readFileSync } from 'node:fs';
import { WEBAPP_AUDIENCE, type ErrorEnvelope, type GroupView, type ServerView, type Session } from '@atrium/contracts';
import jwt from 'jsonwebtoken';
import { refusalOf, bodyOf, startTestApp, type TestApp } from '../testing/test-app';

const SECRET = 'pässwörd€-s3cret';

let app: TestApp;
let admin: string;
let alice: string;
let bob: string;
let aliceId: string;
const answers: string[] = [];

async function call(path: string, cookie: string, method = 'GET', body?: unknown): Promise<Response> {
  const response = await fetch(`${app.baseUrl}${path}`, {
    method,
    headers: { cookie, ...(body !== undefined && { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  answers.push(await response.clone().text());
  return response;
}

async function login(username: string, password: string): Promise<string> {
  const response = await fetch(`${app.baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  return (response.headers.get('set-cookie') ?? '').split(';')[0] as string;
}

const serverInput = (groupIds: string[]) => ({
  name: 'build-box',
  protocol: 'ssh',
  hostname: 'ssh-target',
  port: 22,
  credentials: { mode: 'static', username: 'atrium', password: SECRET },
  settings: { sshFontSize: 14 },
  groupIds,
});

beforeAll(async () => {
  app = await startTestApp();
  admin = await login('admin', readFileSync(app.ctx.config.INITIAL_ADMIN_PASSWORD_PATH, 'utf8').trim());
  aliceId = (await bodyOf<{ id: string }>(await call('/api/users', admin, 'POST', { username: 'alice', password: 'alice-password-123' }))).id;
  await call('/api/users', admin, 'POST', { username: 'bob', password: 'bob-password-123' });
  alice = await login('alice', 'alice-password-123');
  bob = await login('bob', 'bob-password-123');
});
afterAll(() => app.close());

describe('servers registry', () => {
  let group: GroupView;
  let server: ServerView;

  it('should let an admin create a group and set its members, and refuse others', async () => {
    group = await bodyOf<GroupView>(await call('/api/groups', admin, 'POST', { name: 'engineers' }));
    expect((await call(`/api/groups/${group.id}/members`, admin, 'PUT', { userIds: [aliceId] })).status).toBe(204);
    expect(await refusalOf(call('/api/groups', alice))).toEqual([403, 'admin_only']);
    expect(await refusalOf(call(`/api/groups/${group.id}/members`, admin, 'PUT', { userIds: ['00000000-0000-4000-8000-000000000000'] }))).toEqual([
      400,
      'unknown_user',
    ]);
  });

  it('should register a server with static credentials and answer without them', async () => {
    const response = await call('/api/servers', admin, 'POST', serverInput([group.id]));
    expect(response.status).toBe(201);
    server = await bodyOf<ServerView>(response);
    expect(server).toMatchObject({ name: 'build-box', protocol: 'ssh', credentialMode: 'static', groupIds: [group.id], settings: { sshFontSize: 14 } });
    expect(server).not.toHaveProperty('credentials');
    expect(server).not.toHaveProperty('credentialsEncrypted');
  });

  it('should show a server only to members of a granted group', async () => {
    expect((await bodyOf<ServerView[]>(await call('/api/servers', alice))).map((s) => s.id)).toEqual([server.id]);
    expect(await bodyOf<ServerView[]>(await call('/api/servers', bob))).toEqual([]);
    expect(await refusalOf(call('/api/servers', bob, 'POST', serverInput([])))).toEqual([403, 'admin_only']);
  });

  it('should store the credentials encrypted, and never return or record them in clear', async () => {
    const row = await app.ctx.knex('servers').where({ id: server.id }).first();
    expect(row.credentials_encrypted).toBeInstanceOf(Buffer);
    expect(row.credentials_encrypted.toString('utf8')).not.toContain(SECRET);
    expect(app.ctx.credentials.decrypt(row.credentials_encrypted)).toEqual({ username: 'atrium', password: SECRET });
    const audit = await app.ctx.knex('audit_log');
    for (const text of [...answers, JSON.stringify(audit)]) expect(text).not.toContain(SECRET);
  });

  it('should validate input with field-level errors', async () => {
    const response = await call('/api/servers', admin, 'POST', { ...serverInput([]), name: 'bad', protocol: 'telnet', port: 70000 });
    expect(response.status).toBe(400);
    const fields = (await bodyOf<ErrorEnvelope>(response)).validations?.map((v) => v.field).sort();
    expect(fields).toEqual(['port', 'protocol']);
    expect(await refusalOf(call('/api/servers', admin, 'POST', { ...serverInput(['00000000-0000-4000-8000-000000000000']), name: 'other' }))).toEqual([
      400,
      'unknown_group',
    ]);
  });

  it('should switch to prompting for credentials, dropping the stored ones, then delete', async () => {
    const updated = await bodyOf<ServerView>(await call(`/api/servers/${server.id}`, admin, 'PATCH', { credentials: { mode: 'prompt' } }));
    expect(updated.credentialMode).toBe('prompt');
    expect((await app.ctx.knex('servers').where({ id: server.id }).first()).credentials_encrypted).toBeNull();
    expect((await call(`/api/servers/${server.id}`, admin, 'DELETE')).status).toBe(204);
    expect(await refusalOf(call(`/api/servers/${server.id}`, admin, 'DELETE'))).toEqual([404, 'server_not_found']);
  });
});

describe('a remote session its remote system ended', () => {
  it('should end with the reason when the connection proxy reports it, once, and refuse forged reports', async () => {
    const target = await bodyOf<ServerView>(await call('/api/servers', admin, 'POST', { ...serverInput([]), name: 'ends-itself' }));
    const session = await bodyOf<Session>(await call('/api/sessions', admin, 'POST', { serverId: target.id }));
    expect(session.state).toBe('running');
    const report = (key: string, sid = session.id) =>
      fetch(`${app.internalUrl}/internal/sessions/${session.id}/remote-ended`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${jwt.sign({ typ: 'remote-ended', sid, reason: 'The remote system closed the session.' }, key, { algorithm: 'HS256', audience: WEBAPP_AUDIENCE, expiresIn: 30 })}`,
        },
      });
    expect(await refusalOf(report('x'.repeat(43)))).toEqual([401, 'invalid_call_token']);
    expect(await refusalOf(report(app.ctx.config.CONNECTION_PROXY_CALL_KEY, '00000000-0000-4000-8000-000000000000'))).toEqual([401, 'invalid_call_token']);
    expect((await report(app.ctx.config.CONNECTION_PROXY_CALL_KEY)).status).toBe(200);
    const ended = await bodyOf<Session>(await call(`/api/sessions/${session.id}`, admin));
    expect(ended).toMatchObject({ state: 'ended', errorMessage: 'The remote system closed the session.', connectUrl: null });
    expect(await bodyOf<{ state: string }>(await report(app.ctx.config.CONNECTION_PROXY_CALL_KEY))).toEqual({ state: 'ended' });
    expect((await call(`/api/sessions/${session.id}`, admin, 'DELETE')).status).toBe(200);
  });

  it("should audit the connection proxy's transfer reports under the session's owner, and refuse other reports", async () => {
    const target = await bodyOf<ServerView>(await call('/api/servers', admin, 'POST', { ...serverInput([]), name: 'moves-files' }));
    const session = await bodyOf<Session>(await call('/api/sessions', admin, 'POST', { serverId: target.id }));
    const report = (typ: string, body: Record<string, unknown>, sid = session.id) =>
      fetch(`${app.internalUrl}/internal/sessions/${session.id}/remote-transfers`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${jwt.sign({ typ, sid }, app.ctx.config.CONNECTION_PROXY_CALL_KEY, { algorithm: 'HS256', audience: WEBAPP_AUDIENCE, expiresIn: 30 })}`,
        },
        body: JSON.stringify(body),
      });
    const transfer = { sessionId: session.id, direction: 'upload', name: '/home/atrium/big.bin', bytes: 1234, outcome: 'refused', reason: 'file_too_large' };
    expect(await refusalOf(report('remote-ended', transfer))).toEqual([401, 'invalid_call_token']);
    expect(await refusalOf(report('remote-transfer', transfer, '00000000-0000-4000-8000-000000000000'))).toEqual([401, 'invalid_call_token']);
    expect(await refusalOf(report('remote-transfer', { ...transfer, bytes: -1 }))).toEqual([400, 'validation_failed']);
    expect(await refusalOf(report('remote-transfer', { ...transfer, sessionId: '00000000-0000-4000-8000-000000000000' }))).toEqual([400, 'session_mismatch']);
    expect((await report('remote-transfer', transfer)).status).toBe(204);
    const [entry] = await app.ctx.knex('audit_log').where({ action: 'file.upload', target_id: session.id });
    expect(entry).toMatchObject({ actor_type: 'user', detail: { name: '/home/atrium/big.bin', bytes: 1234, outcome: 'refused', reason: 'file_too_large' } });
    expect((await call(`/api/sessions/${session.id}`, admin, 'DELETE')).status).toBe(200);
  });
});
