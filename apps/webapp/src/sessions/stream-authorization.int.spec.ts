import { readFileSync } from 'node:fs';
import {
  connectTokenClaimsSchema,
  desktopAudioPath,
  desktopStreamPath,
  INTERNAL_PATHS,
  type CurrentUser,
  type ErrorEnvelope,
  type GroupView,
  type ServerView,
  type Session,
  type Workspace,
} from '@atrium/contracts';
import jwt from 'jsonwebtoken';
import { StandInAgent } from '../testing/stand-in-agent';
import { apiCall, bodyOf, signIn, startTestApp, type TestApp } from '../testing/test-app';

/**
 * kasm_proxy's auth_request for both kinds of stream, on the internal listener. Each refusal is set up so that only
 * the check under test can refuse: the owner, a running session, the right origin, except for the one thing changed.
 */
let app: TestApp;
const agent = new StandInAgent();
let admin: string;
let owner: string;
let other: string;
let desktop: Session;
let remote: Session;
let groupId: string;
const ORIGIN = 'https://localhost';

async function authorize(route: 'desktop' | 'remote', cookie: string, uri: string, origin = ORIGIN): Promise<{ status: number; code?: string }> {
  const path = route === 'desktop' ? INTERNAL_PATHS.desktopAuthorization : INTERNAL_PATHS.remoteAuthorization;
  const response = await fetch(`${app.internalUrl}${path}`, { headers: { cookie, origin, 'x-original-uri': uri } });
  if (response.status === 204 || response.status === 200) return { status: response.status };
  return { status: response.status, code: (await bodyOf<ErrorEnvelope>(response)).code };
}

/** The sound rights in the connect token the owner's desktop authorisation carries. */
async function soundClaims(cookie: string, uri: string) {
  const response = await fetch(`${app.internalUrl}${INTERNAL_PATHS.desktopAuthorization}`, { headers: { cookie, origin: ORIGIN, 'x-original-uri': uri } });
  return connectTokenClaimsSchema.parse(jwt.decode(response.headers.get('x-atrium-connect-token') ?? '')).snd;
}

beforeAll(async () => {
  app = await startTestApp();
  await agent.register(app, { cores: 16, memoryMb: 32_768 });
  admin = await signIn(app, 'admin', readFileSync(app.ctx.config.INITIAL_ADMIN_PASSWORD_PATH, 'utf8').trim());
  const ownerUser = await bodyOf<CurrentUser>(await apiCall(app, '/api/users', admin, 'POST', { username: 'olga', password: 'olga-password-123' }));
  const otherUser = await bodyOf<CurrentUser>(await apiCall(app, '/api/users', admin, 'POST', { username: 'oscar', password: 'oscar-password-123' }));
  owner = await signIn(app, 'olga', 'olga-password-123');
  other = await signIn(app, 'oscar', 'oscar-password-123');
  const workspace = await bodyOf<Workspace>(
    await apiCall(app, '/api/workspaces', admin, 'POST', { name: 'streamed', image: 'atrium/test:1', cores: 0.5, memoryMb: 256 }),
  );
  desktop = await bodyOf<Session>(await apiCall(app, '/api/sessions', owner, 'POST', { workspaceId: workspace.id }));
  // Both users reach the server: only ownership of the session may refuse the other one.
  const group = await bodyOf<GroupView>(await apiCall(app, '/api/groups', admin, 'POST', { name: 'remote-both', priority: 1 }));
  groupId = group.id;
  await apiCall(app, `/api/groups/${group.id}/members`, admin, 'PUT', { userIds: [ownerUser.id, otherUser.id] });
  const server = await bodyOf<ServerView>(
    await apiCall(app, '/api/servers', admin, 'POST', {
      name: 'shared-box',
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
  await app.close();
});

describe('desktop stream authorization', () => {
  it('should let the owner through from the public origin', async () => {
    expect(await authorize('desktop', owner, desktopStreamPath(desktop.id))).toEqual({ status: 204 });
  });

  it('should refuse the owner from another origin (bad_origin)', async () => {
    expect(await authorize('desktop', owner, desktopStreamPath(desktop.id), 'https://evil.example')).toEqual({ status: 403, code: 'bad_origin' });
  });

  it('should refuse another user (not_session_owner)', async () => {
    expect(await authorize('desktop', other, desktopStreamPath(desktop.id))).toEqual({ status: 403, code: 'not_session_owner' });
  });
});

describe('remote stream authorization', () => {
  const uri = () => remote.connectUrl ?? '';

  it('should let the owner through from the public origin', async () => {
    expect(uri()).toMatch(/^\/guac\/\?token=/);
    expect(await authorize('remote', owner, uri())).toEqual({ status: 204 });
  });

  it('should refuse the owner from another origin (bad_origin)', async () => {
    expect(await authorize('remote', owner, uri(), 'https://evil.example')).toEqual({ status: 403, code: 'bad_origin' });
  });

  it("should refuse another user of the same server (not_session_owner), and an administrator too: a remote session is one user's", async () => {
    expect(await authorize('remote', other, uri())).toEqual({ status: 403, code: 'not_session_owner' });
    expect(await authorize('remote', admin, uri())).toEqual({ status: 403, code: 'not_session_owner' });
  });

  it('should refuse a token that was tampered with (bad_connection_token)', async () => {
    const token = new URL(uri(), 'https://localhost').searchParams.get('token') ?? '';
    const middle = Math.floor(token.length / 2);
    const tampered = `${token.slice(0, middle)}${token[middle] === 'A' ? 'B' : 'A'}${token.slice(middle + 1)}`;
    expect(await authorize('remote', owner, `/guac/?token=${encodeURIComponent(tampered)}`)).toEqual({ status: 403, code: 'bad_connection_token' });
  });
});

describe('sound stream authorization', () => {
  const setPolicy = (settings: Record<string, boolean>) => apiCall(app, `/api/groups/${groupId}/settings`, admin, 'PUT', settings);
  afterAll(() => setPolicy({}));

  it('should let the owner hear, with the microphone their policy allows in the token', async () => {
    await setPolicy({ allow_kasm_audio: true, allow_kasm_microphone: true });
    expect(await authorize('desktop', owner, desktopAudioPath(desktop.id))).toEqual({ status: 204 });
    expect(await soundClaims(owner, desktopAudioPath(desktop.id))).toEqual({ out: true, mic: true });
  });

  it('should refuse the sound alone when the policy turns it off (audio_disabled), the desktop still open', async () => {
    await setPolicy({ allow_kasm_audio: false, allow_kasm_microphone: true });
    expect(await authorize('desktop', owner, desktopAudioPath(desktop.id))).toEqual({ status: 403, code: 'audio_disabled' });
    expect(await authorize('desktop', owner, desktopStreamPath(desktop.id))).toEqual({ status: 204 });
  });

  it('should refuse another user whose own policy allows sound (not_session_owner), and keep an administrator silent (audio_disabled)', async () => {
    await setPolicy({ allow_kasm_audio: true });
    expect(await authorize('desktop', other, desktopAudioPath(desktop.id))).toEqual({ status: 403, code: 'not_session_owner' });
    expect(await authorize('desktop', admin, desktopAudioPath(desktop.id))).toEqual({ status: 403, code: 'audio_disabled' });
    expect(await authorize('desktop', admin, desktopStreamPath(desktop.id))).toEqual({ status: 204 });
  });
});
