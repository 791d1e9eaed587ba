import { readFileSync } from 'node:fs';
import type { CurrentUser, ErrorEnvelope, ProfileView, Session, Workspace } from '@atrium/contracts';
import { StandInAgent } from '../testing/stand-in-agent';
import { apiCall, bodyOf, signIn, startTestApp, type TestApp } from '../testing/test-app';

/** Persistent profiles as the control plane keeps them: one live session per kept home, where it is, and resets. */
let app: TestApp;
const agent = new StandInAgent();
let admin: string;
let owner: { id: string; cookie: string };
let other: { id: string; cookie: string };
let workspace: Workspace;

async function newUser(username: string): Promise<{ id: string; cookie: string }> {
  const user = await bodyOf<CurrentUser>(await apiCall(app, '/api/users', admin, 'POST', { username, password: `${username}-password-123` }));
  return { id: user.id, cookie: await signIn(app, username, `${username}-password-123`) };
}

const launch = (cookie: string) => apiCall(app, '/api/sessions', cookie, 'POST', { workspaceId: workspace.id });
const envelope = (response: Response) => bodyOf<ErrorEnvelope>(response);

/** Launches and ends a session of the owner, the agent reporting a saved home of `bytes`. */
async function sessionThatSaves(bytes: number): Promise<void> {
  const session = await bodyOf<Session>(await launch(owner.cookie));
  agent.profileBytesOnDestroy = bytes;
  expect((await apiCall(app, `/api/sessions/${session.id}`, owner.cookie, 'DELETE')).status).toBe(200);
  agent.profileBytesOnDestroy = null;
}

beforeAll(async () => {
  app = await startTestApp();
  await agent.register(app, { cores: 16, memoryMb: 32_768 });
  admin = await signIn(app, 'admin', readFileSync(app.ctx.config.INITIAL_ADMIN_PASSWORD_PATH, 'utf8').trim());
  owner = await newUser('petra');
  other = await newUser('quinn');
  workspace = await bodyOf<Workspace>(
    await apiCall(app, '/api/workspaces', admin, 'POST', {
      name: 'kept',
      image: 'atrium/test:1',
      cores: 0.5,
      memoryMb: 512,
      persistentProfile: true,
      profileSizeMb: 256,
    }),
  );
});
afterAll(async () => {
  await agent.close();
  await app.close();
});

describe('persistent profiles', () => {
  it('should ask the agent for the owner’s kept home at the profile’s size', async () => {
    await sessionThatSaves(4096);
    expect(agent.callsOf('provision').at(-1)?.body).toMatchObject({
      ownerId: owner.id,
      workspace: { id: workspace.id, persistentProfile: true, profileSizeMb: 256 },
    });
  });

  it('should record where the saved home is and how big, and show it to its owner only', async () => {
    const mine = await bodyOf<ProfileView[]>(await apiCall(app, '/api/me/profiles', owner.cookie));
    expect(mine).toEqual([{ workspaceId: workspace.id, workspaceName: 'kept', sizeBytes: 4096, savedAt: expect.any(String) }]);
    expect(await bodyOf<ProfileView[]>(await apiCall(app, '/api/me/profiles', other.cookie))).toEqual([]);
  });

  it('should refuse a second live session in the same kept home, and let another user have their own', async () => {
    const first = await bodyOf<Session>(await launch(owner.cookie));
    const second = await launch(owner.cookie);
    expect(second.status).toBe(409);
    expect((await envelope(second)).code).toBe('profile_in_use');
    const others = await launch(other.cookie);
    expect(others.status).toBe(201);
    await apiCall(app, `/api/sessions/${(await bodyOf<Session>(others)).id}`, other.cookie, 'DELETE');
    // While it is open, the home cannot be reset either.
    const reset = await apiCall(app, `/api/me/profiles/${workspace.id}`, owner.cookie, 'DELETE');
    expect(reset.status).toBe(409);
    expect((await envelope(reset)).code).toBe('profile_in_use');
    await apiCall(app, `/api/sessions/${first.id}`, owner.cookie, 'DELETE');
  });

  it("should reset the owner's home on the agent when they ask, with the agent told exactly whose and which", async () => {
    await sessionThatSaves(2048);
    expect((await apiCall(app, `/api/me/profiles/${workspace.id}`, owner.cookie, 'DELETE')).status).toBe(204);
    expect(agent.callsOf('profile-reset').at(-1)?.claims).toMatchObject({ sid: owner.id, wsp: workspace.id });
    expect(await bodyOf<ProfileView[]>(await apiCall(app, '/api/me/profiles', owner.cookie))).toEqual([]);
    const again = await apiCall(app, `/api/me/profiles/${workspace.id}`, owner.cookie, 'DELETE');
    expect(again.status).toBe(404);
    expect((await envelope(again)).code).toBe('profile_not_found');
  });

  it("should let an administrator see and reset any user's home, and no one else", async () => {
    await sessionThatSaves(1024);
    const refused = await apiCall(app, `/api/users/${owner.id}/profiles/${workspace.id}`, other.cookie, 'DELETE');
    expect(refused.status).toBe(403);
    expect((await envelope(refused)).code).toBe('admin_only');
    // The other user's own route resets only their own (they have none of this workspace): the owner's stays.
    const ownRoute = await apiCall(app, `/api/me/profiles/${workspace.id}`, other.cookie, 'DELETE');
    expect((await envelope(ownRoute)).code).toBe('profile_not_found');
    expect(await bodyOf<ProfileView[]>(await apiCall(app, `/api/users/${owner.id}/profiles`, admin))).toHaveLength(1);
    expect((await apiCall(app, `/api/users/${owner.id}/profiles/${workspace.id}`, admin, 'DELETE')).status).toBe(204);
    expect(await bodyOf<ProfileView[]>(await apiCall(app, `/api/users/${owner.id}/profiles`, admin))).toEqual([]);
    const audit = await app.ctx.knex('audit_log').where({ action: 'profile.reset' });
    expect(audit).toHaveLength(2);
  });

  it('should delete a user’s kept homes on the agent with the user', async () => {
    await sessionThatSaves(512);
    expect((await apiCall(app, `/api/users/${owner.id}`, admin, 'DELETE')).status).toBe(204);
    expect(agent.callsOf('profile-reset').at(-1)?.claims).toMatchObject({ sid: owner.id });
    expect(agent.callsOf('profile-reset').at(-1)?.claims.wsp).toBeUndefined();
    expect(await app.ctx.knex('profiles').where({ user_id: owner.id })).toEqual([]);
  });

  it('should refuse a workspace that keeps profiles and a staging pool, on create and on change', async () => {
    const created = await apiCall(app, '/api/workspaces', admin, 'POST', { name: 'both', image: 'atrium/test:1', persistentProfile: true, stagingSize: 1 });
    expect(created.status).toBe(400);
    expect((await envelope(created)).code).toBe('validation_failed');
    const changed = await apiCall(app, `/api/workspaces/${workspace.id}`, admin, 'PATCH', { stagingSize: 2 });
    expect(changed.status).toBe(400);
    const refusal = await envelope(changed);
    expect([refusal.code, refusal.message]).toEqual(['validation_failed', expect.stringMatching(/staged container/)]);
  });
});
