import { readFileSync } from 'node:fs';
import {
  downloadPath,
  downloadsPath,
  filesTokenClaimsSchema,
  INTERNAL_PATHS,
  uploadPath,
  type AuditPage,
  type CurrentUser,
  type GroupView,
  type ServerView,
  type Session,
  type Workspace,
} from '@atrium/contracts';
import jwt from 'jsonwebtoken';
import { StandInAgent } from '../testing/stand-in-agent';
import { apiCall, bodyOf, signIn, startTestApp, type TestApp } from '../testing/test-app';

/**
 * kasm_proxy's auth_request for file transfers, and the agents' reports of them. Each refusal is set up so that
 * only the check under test can refuse: both users are in a group that allows both directions, the session runs,
 * the origin is the portal's; the answer's code names the check.
 */
let app: TestApp;
const agent = new StandInAgent();
const otherAgent = new StandInAgent();
let admin: string;
let owner: string;
let other: string;
let group: GroupView;
let container: Session;
let remote: Session;
const ORIGIN = 'https://localhost';

interface Answer {
  status: number;
  code?: string;
  refusalHeader?: string | null;
  token?: string | null;
}

async function authorize(cookie: string, uri: string, options: { origin?: string; method?: string } = {}): Promise<Answer> {
  const headers: Record<string, string> = { cookie, 'x-original-uri': uri, 'x-original-method': options.method ?? 'GET' };
  if (options.origin !== undefined) headers['origin'] = options.origin;
  const response = await fetch(`${app.internalUrl}${INTERNAL_PATHS.filesAuthorization}`, { headers });
  if (response.status === 204) return { status: 204, token: response.headers.get('x-atrium-connect-token') };
  const body = await bodyOf<{ code: string }>(response);
  return { status: response.status, code: body.code, refusalHeader: response.headers.get('x-atrium-refusal-code') };
}

const setPolicy = (settings: Record<string, boolean>) => apiCall(app, `/api/groups/${group.id}/settings`, admin, 'PUT', settings);

beforeAll(async () => {
  app = await startTestApp();
  await agent.register(app, { cores: 16, memoryMb: 32_768 });
  admin = await signIn(app, 'admin', readFileSync(app.ctx.config.INITIAL_ADMIN_PASSWORD_PATH, 'utf8').trim());
  const ownerUser = await bodyOf<CurrentUser>(await apiCall(app, '/api/users', admin, 'POST', { username: 'fay', password: 'fay-password-123' }));
  const otherUser = await bodyOf<CurrentUser>(await apiCall(app, '/api/users', admin, 'POST', { username: 'finn', password: 'finn-password-123' }));
  owner = await signIn(app, 'fay', 'fay-password-123');
  other = await signIn(app, 'finn', 'finn-password-123');
  group = await bodyOf<GroupView>(await apiCall(app, '/api/groups', admin, 'POST', { name: 'files-both', priority: 1 }));
  await apiCall(app, `/api/groups/${group.id}/members`, admin, 'PUT', { userIds: [ownerUser.id, otherUser.id] });
  await setPolicy({ allow_kasm_uploads: true, allow_kasm_downloads: true });
  const workspace = await bodyOf<Workspace>(
    await apiCall(app, '/api/workspaces', admin, 'POST', { name: 'files', image: 'atrium/test:1', cores: 0.5, memoryMb: 256 }),
  );
  container = await bodyOf<Session>(await apiCall(app, '/api/sessions', owner, 'POST', { workspaceId: workspace.id }));
  const server = await bodyOf<ServerView>(
    await apiCall(app, '/api/servers', admin, 'POST', {
      name: 'files-box',
      protocol: 'ssh',
      hostname: 'ssh-target',
      port: 22,
      credentials: { mode: 'static', username: 'atrium', password: 'a-password-1' },
      groupIds: [group.id],
    }),
  );
  remote = await bodyOf<Session>(await apiCall(app, '/api/sessions', owner, 'POST', { serverId: server.id }));
});
afterAll(async () => {
  await agent.close();
  await otherAgent.close();
  await app.close();
});

describe('file transfer authorization', () => {
  it('should let the owner list, download and upload, with a token for this session carrying both directions', async () => {
    expect((await authorize(owner, downloadsPath(container.id))).status).toBe(204);
    expect((await authorize(owner, downloadPath(container.id, 'report.pdf'))).status).toBe(204);
    const upload = await authorize(owner, uploadPath(container.id, 'notes.txt'), { method: 'PUT', origin: ORIGIN });
    expect(upload.status).toBe(204);
    const claims = filesTokenClaimsSchema.parse(jwt.decode(upload.token as string));
    expect(claims).toMatchObject({ typ: 'files', sid: container.id, up: true, down: true });
  });

  it('should refuse another user whose policy allows both directions (files_owner_only), in the header nginx reads', async () => {
    expect(await authorize(other, downloadsPath(container.id))).toEqual({ status: 403, code: 'files_owner_only', refusalHeader: 'files_owner_only' });
    expect(await authorize(admin, downloadsPath(container.id))).toMatchObject({ status: 403, code: 'files_owner_only' });
  });

  it('should refuse an upload without the portal origin (bad_origin), and a download from a foreign one', async () => {
    expect(await authorize(owner, uploadPath(container.id, 'notes.txt'), { method: 'PUT' })).toMatchObject({ status: 403, code: 'bad_origin' });
    expect(await authorize(owner, downloadsPath(container.id), { origin: 'https://evil.example' })).toMatchObject({ status: 403, code: 'bad_origin' });
  });

  it('should refuse a remote session (files_not_container) as 403, the only refusal nginx passes on', async () => {
    expect(await authorize(owner, downloadsPath(remote.id))).toMatchObject({ status: 403, code: 'files_not_container' });
  });

  it('should refuse each direction its policy turns off, and only that one', async () => {
    await setPolicy({ allow_kasm_uploads: false, allow_kasm_downloads: true });
    expect(await authorize(owner, uploadPath(container.id, 'a.txt'), { method: 'PUT', origin: ORIGIN })).toMatchObject({
      status: 403,
      code: 'uploads_disabled',
    });
    const download = await authorize(owner, downloadsPath(container.id));
    expect(filesTokenClaimsSchema.parse(jwt.decode(download.token as string))).toMatchObject({ up: false, down: true });

    await setPolicy({ allow_kasm_uploads: true, allow_kasm_downloads: false });
    expect(await authorize(owner, downloadPath(container.id, 'a.txt'))).toMatchObject({ status: 403, code: 'downloads_disabled' });
    expect((await authorize(owner, uploadPath(container.id, 'a.txt'), { method: 'PUT', origin: ORIGIN })).status).toBe(204);
    await setPolicy({ allow_kasm_uploads: true, allow_kasm_downloads: true });
  });

  it('should refuse a path that is not a file request (bad_files_uri)', async () => {
    expect(await authorize(owner, `/desktop/${container.id}/files/elsewhere`)).toMatchObject({ status: 403, code: 'bad_files_uri' });
  });
});

describe('transfer reports', () => {
  const report = (from: StandInAgent, secret = from.secret) =>
    fetch(`${app.internalUrl}${INTERNAL_PATHS.agentTransfers(from.agentId)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
      body: JSON.stringify({ sessionId: container.id, direction: 'upload', name: 'notes.txt', bytes: 1234, outcome: 'completed' }),
    });

  it("should audit the session's agent's report under the session's owner", async () => {
    expect((await report(agent)).status).toBe(204);
    const audit = await bodyOf<AuditPage>(await apiCall(app, `/api/audit?action=file.upload&targetId=${container.id}`, admin));
    expect(audit.entries[0]).toMatchObject({ actorType: 'user', actorId: container.userId, detail: { name: 'notes.txt', bytes: 1234, outcome: 'completed' } });
  });

  it('should refuse a wrong agent secret (invalid_agent_credentials) and another agent (session_not_found)', async () => {
    const wrong = await report(agent, 'not-the-secret');
    expect([wrong.status, (await bodyOf<{ code: string }>(wrong)).code]).toEqual([401, 'invalid_agent_credentials']);
    await otherAgent.register(app);
    const foreign = await report(otherAgent);
    expect([foreign.status, (await bodyOf<{ code: string }>(foreign)).code]).toEqual([404, 'session_not_found']);
  });
});
