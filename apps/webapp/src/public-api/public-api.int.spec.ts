import { readFileSync } from 'node:fs';
import { publicRequestSchemas, type CreatedApiKey, type GroupView, type Workspace } from '@atrium/contracts';
import { StandInAgent } from '../testing/stand-in-agent';
import { refusalOf, apiCall, bodyOf, signIn, startTestApp, type TestApp } from '../testing/test-app';

/**
 * The Developer API as an integration calls it: only HTTP, an API key in the body, Kasm's field names.
 * Every verb must answer bad input, unknown ids and other users' ids with a 4xx and an `error_message`.
 */
let app: TestApp;
const agent = new StandInAgent();
let admin: string;
let key: CreatedApiKey;
let readOnlyKey: CreatedApiKey;
let image: Workspace;

/** Kasm's answers are read the way its integrations read them: as loose JSON, field by field. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type LooseJson = Record<string, any>;
type Answer = { status: number; type: string; body: LooseJson };

async function publicCall(verb: string, body: unknown, credentials: { key: string; secret: string } = key): Promise<Answer> {
  const response = await fetch(`${app.baseUrl}/api/public/${verb}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify({ api_key: credentials.key, api_key_secret: credentials.secret, ...(body as object) }),
  });
  return { status: response.status, type: response.headers.get('content-type') ?? '', body: (await response.json()) as LooseJson };
}

const dashless = (id: string) => id.replace(/-/g, '');
const UNKNOWN = '0123456789abcdef0123456789abcdef';

async function expectRefused(answer: Answer, status: number, code: string): Promise<void> {
  // The code names the check that refused: a status alone would pass on another check's refusal.
  expect([answer.status, answer.body['code']]).toEqual([status, code]);
  expect(answer.type).toMatch(/^application\/json/);
  expect(typeof answer.body['error_message']).toBe('string');
  expect(answer.body['error_message'].length).toBeGreaterThan(0);
}

async function newUser(username: string): Promise<string> {
  const created = await publicCall('create_user', { target_user: { username, password: `${username}-password-123` } });
  expect(created.status).toBe(200);
  return created.body['user'].user_id;
}

beforeAll(async () => {
  app = await startTestApp();
  await agent.register(app, { cores: 64, memoryMb: 65_536 });
  admin = await signIn(app, 'admin', readFileSync(app.ctx.config.INITIAL_ADMIN_PASSWORD_PATH, 'utf8').trim());
  const scopes = ['images:read', 'users:read', 'users:write', 'sessions:read', 'sessions:write', 'sessions:exec', 'zones:read'];
  key = await bodyOf<CreatedApiKey>(await apiCall(app, '/api/api-keys', admin, 'POST', { name: 'integration', scopes }));
  readOnlyKey = await bodyOf<CreatedApiKey>(await apiCall(app, '/api/api-keys', admin, 'POST', { name: 'read-only', scopes: ['images:read'] }));
  image = await bodyOf<Workspace>(
    await apiCall(app, '/api/workspaces', admin, 'POST', {
      name: 'dev-api',
      image: 'atrium/test:1',
      cores: 1,
      memoryMb: 512,
      categories: ['Development'],
      iconUrl: '/icons/terminal.svg',
      runConfig: { shm_size: '512m' },
      launchCommand: ['xterm', '-fs', '12'],
    }),
  );
});
afterAll(async () => {
  await agent.close();
  await app.close();
});

describe('API keys', () => {
  it('should show the secret once, store only its hash, and list keys without secrets to administrators only', async () => {
    expect(key.secret.length).toBeGreaterThanOrEqual(40);
    const stored = await app.ctx.knex('api_keys').where({ id: key.id }).first();
    expect(JSON.stringify(stored)).not.toContain(key.secret);
    const listed = await (await apiCall(app, '/api/api-keys', admin)).text();
    expect(listed).toContain(key.key);
    expect(listed).not.toContain(key.secret);
    const user = await signIn(app, 'nobody', 'x'.repeat(12));
    expect(await refusalOf(apiCall(app, '/api/api-keys', user))).toEqual([401, 'unauthorized']);
  });

  it('should answer 401 for a wrong secret, an unknown key, a missing key, a revoked key and an expired one', async () => {
    await expectRefused(await publicCall('get_images', {}, { key: key.key, secret: 'wrong' }), 401, 'invalid_api_key');
    await expectRefused(await publicCall('get_images', {}, { key: 'no-such-key', secret: key.secret }), 401, 'invalid_api_key');
    await expectRefused(await publicCall('get_images', JSON.stringify({})), 401, 'missing_api_key');
    const revoked = await bodyOf<CreatedApiKey>(await apiCall(app, '/api/api-keys', admin, 'POST', { name: 'revoked', scopes: ['images:read'] }));
    expect((await publicCall('get_images', {}, revoked)).status).toBe(200);
    expect((await apiCall(app, `/api/api-keys/${revoked.id}`, admin, 'DELETE')).status).toBe(204);
    await expectRefused(await publicCall('get_images', {}, revoked), 401, 'invalid_api_key');
    const expiring = await bodyOf<CreatedApiKey>(await apiCall(app, '/api/api-keys', admin, 'POST', { name: 'expiring', scopes: ['images:read'] }));
    await app.ctx
      .knex('api_keys')
      .where({ id: expiring.id })
      .update({ expires_at: new Date(Date.now() - 1000) });
    await expectRefused(await publicCall('get_images', {}, expiring), 401, 'invalid_api_key');
  });

  it('should answer 403 to a key without the verb’s scope, and record when a key was last used', async () => {
    await expectRefused(await publicCall('get_users', {}, readOnlyKey), 403, 'missing_scope');
    await expectRefused(await publicCall('request_kasm', { user_id: UNKNOWN, image_id: UNKNOWN }, readOnlyKey), 403, 'missing_scope');
    const listed = await bodyOf<{ id: string; lastUsedAt: string | null }[]>(await apiCall(app, '/api/api-keys', admin));
    expect(listed.find((entry) => entry.id === readOnlyKey.id)?.lastUsedAt).not.toBeNull();
  });
});

describe('every verb', () => {
  const verbs = Object.keys(publicRequestSchemas);

  it.each(verbs)('%s: should answer a body that is not a JSON object, and malformed fields, with 400 and error_message', async (verb) => {
    await expectRefused(await publicCall(verb, '{"api_key": '), 400, 'invalid_body');
    await expectRefused(await publicCall(verb, '[1, 2]'), 400, 'invalid_body');
    const malformed = { target_user: 'x', user_id: 'not-an-id', kasm_id: 42, image_id: [], share_id: '!', exec_config: 'x', target_group: 1 };
    const answer = await publicCall(verb, malformed);
    // Verbs without fields take anything and succeed; every other verb refuses.
    if (['get_images', 'get_users', 'get_kasms', 'get_zones'].includes(verb)) expect(answer.status).toBe(200);
    else await expectRefused(answer, 400, 'validation_failed');
  });

  it('should answer an unknown verb, and a GET, with 4xx and error_message', async () => {
    await expectRefused(await publicCall('drop_database', {}), 404, 'unknown_verb');
    const get = await fetch(`${app.baseUrl}/api/public/get_images`);
    expect(get.status).toBe(405);
    expect(((await get.json()) as { error_message: string }).error_message).toBeTruthy();
  });
});

describe('users', () => {
  it('should create, read (by id with or without dashes, or by name), update, group, sign out and delete a user', async () => {
    const created = await publicCall('create_user', {
      target_user: { username: 'ursula', password: 'ursula-password-123', first_name: 'U', organization: 'Kept' },
    });
    expect(created.status).toBe(200);
    expect(created.type).toMatch(/^application\/json/);
    const userId: string = created.body['user'].user_id;
    expect(userId).toMatch(/^[0-9a-f]{32}$/);
    expect(created.body['user']).toMatchObject({ username: 'ursula', first_name: 'U', organization: 'Kept', last_name: '', disabled: false, groups: [] });
    const withDashes = `${userId.slice(0, 8)}-${userId.slice(8, 12)}-${userId.slice(12, 16)}-${userId.slice(16, 20)}-${userId.slice(20)}`;
    expect((await publicCall('get_user', { target_user: { user_id: withDashes.toUpperCase() } })).body['user'].username).toBe('ursula');
    expect((await publicCall('get_user', { target_user: { username: 'URSULA' } })).body['user'].user_id).toBe(userId);
    expect((await publicCall('get_users', {})).body['users'].map((user: { username: string }) => user.username)).toContain('ursula');

    const group = await bodyOf<GroupView>(await apiCall(app, '/api/groups', admin, 'POST', { name: 'api-group' }));
    expect((await publicCall('add_user_group', { target_user: { user_id: userId }, target_group: { group_id: dashless(group.id) } })).status).toBe(200);
    expect((await publicCall('get_user', { target_user: { user_id: userId } })).body['user'].groups).toEqual([
      { group_id: dashless(group.id), name: 'api-group' },
    ]);
    expect((await publicCall('remove_user_group', { target_user: { user_id: userId }, target_group: { group_id: group.id } })).status).toBe(200);

    const browser = await signIn(app, 'ursula', 'ursula-password-123');
    expect((await apiCall(app, '/api/auth/me', browser)).status).toBe(200);
    expect((await publicCall('logout_user', { target_user: { user_id: userId } })).status).toBe(200);
    expect(await refusalOf(apiCall(app, '/api/auth/me', browser))).toEqual([401, 'unauthorized']);

    expect((await publicCall('update_user', { target_user: { user_id: userId, locked: true } })).body['user']).toMatchObject({ disabled: false, locked: true });
    await expectRefused(await publicCall('update_user', { target_user: { user_id: userId, password: 'short' } }), 400, 'validation_failed');
    expect((await publicCall('delete_user', { target_user: { user_id: userId } })).status).toBe(200);
    await expectRefused(await publicCall('get_user', { target_user: { user_id: userId } }), 404, 'user_not_found');
  });

  it('should give back every profile field exactly as update_user wrote it, through get_user and get_users', async () => {
    const userId = await newUser('declared');
    // What terraform-provider-kasm sends, with what people's names and numbers contain (accents, quotes, spaces).
    const fields = { first_name: 'Zoë', last_name: "O'Brien-Łukasz ", organization: 'Ünïcode & Co. (R&D)', phone: '+44 (0)20 7946 0958 ext. 12' };
    const switches = { disabled: true, locked: false };
    const updated = await publicCall('update_user', { target_user: { user_id: userId, ...fields, ...switches } });
    expect(updated.status).toBe(200);
    const fromGetUser = (await publicCall('get_user', { target_user: { user_id: userId } })).body['user'];
    const fromGetUsers = (await publicCall('get_users', {})).body['users'].find((user: LooseJson) => user['user_id'] === userId);
    for (const read of [updated.body['user'], fromGetUser, fromGetUsers]) expect(read).toMatchObject({ ...fields, ...switches });
    // Each switch on its own, both ways: one never moves the other.
    await publicCall('update_user', { target_user: { user_id: userId, disabled: false, locked: true } });
    expect((await publicCall('get_user', { target_user: { user_id: userId } })).body['user']).toMatchObject({ ...fields, disabled: false, locked: true });
    // A field not sent is left as it was; an empty one is written as empty.
    await publicCall('update_user', { target_user: { user_id: userId, phone: '' } });
    expect((await publicCall('get_user', { target_user: { user_id: userId } })).body['user']).toMatchObject({ ...fields, phone: '' });
    // And the portal's users page reads the same values.
    const listed = (await bodyOf<LooseJson[]>(await apiCall(app, '/api/users', admin))).find((user) => user['username'] === 'declared');
    expect(listed).toMatchObject({
      locked: true,
      disabled: false,
      profile: { firstName: 'Zoë', lastName: "O'Brien-Łukasz ", organization: 'Ünïcode & Co. (R&D)', phone: '' },
    });
    await expectRefused(await publicCall('update_user', { target_user: { user_id: userId, phone: 'a\u0000b' } }), 400, 'validation_failed');
    await expectRefused(await publicCall('update_user', { target_user: { user_id: userId, organization: 'x'.repeat(257) } }), 400, 'validation_failed');
  });

  it('should keep a locked user from signing in, with its own reason, and let them in again once unlocked', async () => {
    const userId = await newUser('lockable');
    await publicCall('update_user', { target_user: { user_id: userId, locked: true } });
    const refused = await fetch(`${app.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'lockable', password: 'lockable-password-123' }),
    });
    expect(await refusalOf(refused)).toEqual([403, 'account_locked']);
    await publicCall('update_user', { target_user: { user_id: userId, locked: false } });
    expect((await apiCall(app, '/api/auth/me', await signIn(app, 'lockable', 'lockable-password-123'))).status).toBe(200);
  });

  it('should refuse a duplicate name (409), unknown users and groups (404), and any change to an administrator (403)', async () => {
    await newUser('duplicate');
    await expectRefused(await publicCall('create_user', { target_user: { username: 'Duplicate' } }), 409, 'user_exists');
    for (const [verb, body, code] of [
      ['get_user', { target_user: { user_id: UNKNOWN } }, 'user_not_found'],
      ['update_user', { target_user: { user_id: UNKNOWN, disabled: true } }, 'user_not_found'],
      ['delete_user', { target_user: { user_id: UNKNOWN } }, 'user_not_found'],
      ['logout_user', { target_user: { user_id: UNKNOWN } }, 'user_not_found'],
      ['add_user_group', { target_user: { user_id: UNKNOWN }, target_group: { group_id: UNKNOWN } }, 'group_not_found'],
    ] as const) {
      await expectRefused(await publicCall(verb, body), 404, code);
    }
    const adminId = (await app.ctx.knex('users').where({ username: 'admin' }).first()).id;
    for (const verb of ['update_user', 'delete_user', 'logout_user']) {
      await expectRefused(await publicCall(verb, { target_user: { user_id: adminId, password: 'a-new-admin-password' } }), 403, 'admin_protected');
    }
  });
});

describe('sessions', () => {
  it('should list images in Kasm’s shape', async () => {
    const images = (await publicCall('get_images', {})).body['images'];
    expect(images).toContainEqual({
      image_id: dashless(image.id),
      name: 'atrium/test:1',
      friendly_name: 'dev-api',
      description: '',
      enabled: true,
      cores: 1,
      memory: 512 * 1024 * 1024,
      image_src: '/icons/terminal.svg',
      categories: ['Development'],
      run_config: { shm_size: '512m', command: ['xterm', '-fs', '12'] },
      exec_config: {},
      image_type: 'Container',
      available: true,
      docker_registry: '',
    });
    // The images Atrium ships, with their icons and categories.
    expect(images).toContainEqual(expect.objectContaining({ friendly_name: 'Chromium', categories: ['Browsers'], image_src: '/icons/chromium.png' }));
  });

  it('should answer the deployment as one zone with its agents, and without them when brief', async () => {
    const zones = (await publicCall('get_zones', {})).body['zones'];
    expect(zones).toEqual([
      expect.objectContaining({
        zone_id: expect.stringMatching(/^[0-9a-f]{32}$/),
        zone_name: 'default',
        agents: [expect.objectContaining({ server_id: dashless(agent.agentId), enabled: true, online: true, cores: 64 })],
      }),
    ]);
    const brief = (await publicCall('get_zones', { brief: true })).body['zones'];
    expect(brief).toEqual([{ zone_id: zones[0].zone_id, zone_name: 'default', auto_scaling_enabled: false, aws_enabled: false }]);
    const refused = await publicCall('get_zones', {}, readOnlyKey);
    await expectRefused(refused, 403, 'missing_scope');
    expect(refused.body['code']).toBe('missing_scope');
  });

  it('should request a session, report it, keep it alive, open it once through kasm_url, and destroy it', async () => {
    const userId = await newUser('kasmuser');
    const requested = await publicCall('request_kasm', {
      user_id: userId,
      image_id: dashless(image.id),
      enable_sharing: false,
      environment: { PROJECT: 'x' },
      unknown_field: 1,
    });
    expect(requested.status).toBe(200);
    expect(requested.body).toMatchObject({ status: 'running', user_id: userId, username: 'kasmuser', share_id: null });
    const kasmId: string = requested.body['kasm_id'];
    expect(agent.callsOf('provision').at(-1)?.body).toMatchObject({ environment: { PROJECT: 'x' } });

    const status = await publicCall('get_kasm_status', { kasm_id: kasmId, user_id: userId });
    expect(status.status).toBe(200);
    expect(status.body['error_message']).toBeUndefined();
    expect(status.body['kasm']).toMatchObject({
      kasm_id: kasmId,
      operational_status: 'running',
      user_id: userId,
      username: 'kasmuser',
      image: { image_id: dashless(image.id), friendly_name: 'dev-api', image_src: '/icons/terminal.svg' },
      hostname: app.ctx.config.PUBLIC_HOSTNAME,
      port: app.ctx.config.PUBLIC_PORT,
      port_map: {
        vnc: { port: app.ctx.config.PUBLIC_PORT, path: `desktop/${kasmId.replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5')}/websockify` },
      },
      server_id: dashless(agent.agentId),
      is_persistent_profile: false,
      client_settings: expect.objectContaining({ allow_kasm_clipboard_up: expect.any(Boolean), allow_kasm_sharing: false }),
    });
    expect((await publicCall('get_kasms', {})).body['kasms'].map((kasm: { kasm_id: string }) => kasm.kasm_id)).toContain(kasmId);
    expect((await publicCall('keepalive', { kasm_id: kasmId })).body).toEqual({ usage_reached: false });

    const link = await fetch(`${app.baseUrl}${requested.body['kasm_url']}`, { redirect: 'manual' });
    expect(link.status).toBe(302);
    expect(link.headers.get('location')).toBe(`/desktop/${requested.body['kasm_id'].replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5')}/`);
    const cookie = (link.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect((await bodyOf<{ username: string }>(await apiCall(app, '/api/auth/me', cookie))).username).toBe('kasmuser');
    expect(await refusalOf(fetch(`${app.baseUrl}${requested.body['kasm_url']}`, { redirect: 'manual' }))).toEqual([401, 'invalid_login_link']);

    const exec = await publicCall('exec_command_kasm', { kasm_id: kasmId, user_id: userId, exec_config: { cmd: 'echo hi' } });
    expect(exec.body['kasm']).toMatchObject({ exit_code: 0, stdout: 'ran in the stand-in\n' });
    await expectRefused(
      await publicCall('exec_command_kasm', { kasm_id: kasmId, user_id: userId, exec_config: { cmd: 'id', user: 'root' } }),
      403,
      'exec_not_allowed',
    );
    await expectRefused(
      await publicCall('exec_command_kasm', { kasm_id: kasmId, user_id: userId, exec_config: { cmd: 'id', privileged: true } }),
      403,
      'exec_not_allowed',
    );

    expect((await publicCall('destroy_kasm', { kasm_id: kasmId, user_id: userId })).body).toEqual({});
    expect((await publicCall('destroy_kasm', { kasm_id: kasmId, user_id: userId })).status).toBe(200);
    await expectRefused(await publicCall('get_kasm_status', { kasm_id: kasmId, user_id: userId }), 404, 'kasm_not_found');
  });

  it("should treat another user's session as unknown (404) in every verb that names a user", async () => {
    const owner = await newUser('owner1');
    const other = await newUser('other1');
    const kasmId = (await publicCall('request_kasm', { user_id: owner, image_id: image.id })).body['kasm_id'];
    for (const verb of ['get_kasm_status', 'destroy_kasm', 'exec_command_kasm']) {
      await expectRefused(await publicCall(verb, { kasm_id: kasmId, user_id: other, exec_config: { cmd: 'true' } }), 404, 'kasm_not_found');
    }
    for (const [verb, body, code] of [
      ['get_kasm_status', { kasm_id: UNKNOWN, user_id: owner }, 'kasm_not_found'],
      ['keepalive', { kasm_id: UNKNOWN }, 'kasm_not_found'],
      ['destroy_kasm', { kasm_id: UNKNOWN, user_id: owner }, 'kasm_not_found'],
      ['request_kasm', { user_id: owner, image_id: UNKNOWN }, 'image_not_found'],
      ['request_kasm', { user_id: UNKNOWN, image_id: image.id }, 'user_not_found'],
      ['join_kasm', { share_id: 'AAAAAAAAAAAAAAAAAAAAAA', user_id: other }, 'share_not_found'],
    ] as const) {
      await expectRefused(await publicCall(verb, body), 404, code);
    }
    await publicCall('destroy_kasm', { kasm_id: kasmId, user_id: owner });
  });

  it('should share a session on request and let another user join it through their own one-time link', async () => {
    const owner = await newUser('sharer');
    const viewer = await newUser('joiner');
    const requested = await publicCall('request_kasm', { user_id: owner, image_id: image.id, enable_sharing: true });
    const shareId: string = requested.body['share_id'];
    expect(shareId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const joined = await publicCall('join_kasm', { share_id: shareId, user_id: viewer });
    expect(joined.body).toMatchObject({ username: 'joiner', kasm: { kasm_id: requested.body['kasm_id'], share_id: shareId } });
    const link = await fetch(`${app.baseUrl}${joined.body['kasm_url']}`, { redirect: 'manual' });
    expect(link.headers.get('location')).toContain(`?share=${shareId}`);
    await publicCall('destroy_kasm', { kasm_id: requested.body['kasm_id'], user_id: owner });
  });

  it('should audit what a key did as the key, and refuse a launch over the user’s limit with 409', async () => {
    const userId = await newUser('audited');
    const kasmId = (await publicCall('request_kasm', { user_id: userId, image_id: image.id })).body['kasm_id'];
    const launch = await app.ctx
      .knex('audit_log')
      .where({ action: 'session.launch', target_id: kasmId.replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5') })
      .first();
    expect(launch).toMatchObject({ actor_type: 'api_key', actor_id: key.id });
    for (let i = 0; i < 2; i++) await publicCall('request_kasm', { user_id: userId, image_id: image.id });
    await expectRefused(await publicCall('request_kasm', { user_id: userId, image_id: image.id }), 409, 'session_limit_reached');
  });
});
