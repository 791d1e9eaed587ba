import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StartedTestContainer } from 'testcontainers';
import { composeCli } from '@atrium/testing';
import { GuacamoleTestClient } from './support/guacamole-client';
import { startTarget, touchThroughTerminal } from './support/remote-targets';
import { adminPassword, containerOf, eventually, https, loginAsAdmin, platformHealthy, userCookie } from './support/stack';
import { COMPOSE_DIR, E2E_PROJECT, secondStackEnvironment, stackEnvironment } from './support/stack-settings';
import { sessionContainer, smallWorkspace } from './support/workspaces';

/**
 * `npm run backup` of the e2e stack, and `npm run restore` of that archive onto a second stack on this host that
 * starts from nothing (its own project, ports, folders): what an operator moving to a new host does. The restored
 * host must hold the same users, groups with their policies, servers whose sealed passwords still open, API keys,
 * kept homes, and the administrator's original password.
 */
const ROOT = join(__dirname, '..', '..', '..');
const RESTORED = `${E2E_PROJECT}-restored`;
const RESTORED_PORT = 18643;
const WORKSPACE = 'e2e-restored-home';
const SSH_PASSWORD = 'restore-ssh-pässwörd';
const USER = 'restore-carol';
const USER_PASSWORD = 'restore-carol-password-123';

const sourceEnvironment = () => ({ ...process.env, ...stackEnvironment(), COMPOSE_PROJECT_NAME: E2E_PROJECT });
const restoredEnvironment = () => ({ ...process.env, ...secondStackEnvironment(RESTORED, { https: RESTORED_PORT, http: 18280 }, 'atrium-e2e-rs') });
const script = (name: string, args: string[], env: NodeJS.ProcessEnv) =>
  spawnSync('bash', [join(ROOT, 'tools', 'scripts', name), ...args], { env, encoding: 'utf8', timeout: 900_000 });

let admin: string;
let carol: string;
let archive: string;
const scratch = mkdtempSync(join(tmpdir(), 'atrium-backup-e2e-'));
const sessionsToEnd: { id: string; cookie: string; port?: number }[] = [];
let restoredTarget: StartedTestContainer | undefined;
let sourceAgentPaused = false;

async function created<T = { id: string }>(path: string, body: unknown): Promise<T> {
  const response = await https(path, { method: 'POST', cookie: admin, body });
  if (response.status !== 201) throw new Error(`${path} answered ${response.status}: ${response.body}`);
  return response.json<T>();
}

async function launch(cookie: string, body: Record<string, unknown>, port?: number): Promise<{ id: string; connectUrl: string; state: string }> {
  const response = await https('/api/sessions', { method: 'POST', cookie, body, port });
  if (response.status !== 201) throw new Error(`launch answered ${response.status}: ${response.body}`);
  const session = response.json<{ id: string; connectUrl: string; state: string }>();
  sessionsToEnd.push({ id: session.id, cookie, port });
  return session;
}

const end = (session: { id: string; cookie: string; port?: number }) =>
  https(`/api/sessions/${session.id}`, { method: 'DELETE', cookie: session.cookie, port: session.port });
const inWorkspace = (sessionId: string, command: string) =>
  execFileSync('docker', ['exec', sessionContainer(sessionId), 'bash', '-c', command], { encoding: 'utf8' });
const workspaceId = async (cookie: string, port?: number) =>
  (await https('/api/workspaces', { cookie, port })).json<{ id: string; name: string }[]>().find((entry) => entry.name === WORKSPACE)?.id;

/** What an administrator sees of the host's directory, in a form two hosts can be compared by. */
async function directoryOf(cookie: string, port?: number) {
  const read = async (path: string) => (await https(path, { cookie, port })).json<Record<string, unknown>[]>();
  const byName = (rows: Record<string, unknown>[]) => rows.sort((a, b) => String(a['name'] ?? a['username']).localeCompare(String(b['name'] ?? b['username'])));
  const users = (await read('/api/users')).map(({ lastLoginAt: _lastSeen, ...user }) => user);
  return {
    users: byName(users),
    groups: byName(await read('/api/groups')),
    servers: byName(await read('/api/servers')),
    apiKeys: byName(await read('/api/api-keys')),
  };
}

beforeAll(async () => {
  await platformHealthy();
  admin = await loginAsAdmin();
  rmSync(`/var/lib/atrium/${RESTORED}`, { recursive: true, force: true });
}, 60_000);

afterAll(async () => {
  for (const session of sessionsToEnd) await end(session).catch(() => undefined);
  await restoredTarget?.stop().catch(() => undefined);
  try {
    composeCli({ composeDir: COMPOSE_DIR, projectName: RESTORED, environment: restoredEnvironment() as Record<string, string> }, [
      'down',
      '-v',
      '--remove-orphans',
    ]);
  } catch {
    /* not started */
  }
  rmSync(`/var/lib/atrium/${RESTORED}`, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
  if (sourceAgentPaused) execFileSync('docker', ['unpause', containerOf('agent')]);
  await platformHealthy();
}, 180_000);

describe('backup and restore', () => {
  let before: Awaited<ReturnType<typeof directoryOf>>;
  let apiKey: { key: string; secret: string };

  it('should write one archive, readable by its owner only, that prints no secret', async () => {
    // What the archive must carry: a person with a group whose policy matters, a server with a sealed password,
    // an API key, and a kept home with something in it.
    carol = await userCookie(admin, USER, USER_PASSWORD);
    const carolId = (await https('/api/auth/me', { cookie: carol })).json<{ id: string }>().id;
    const group = await created('/api/groups', { name: 'e2e-restore-team', priority: 3 });
    await https(`/api/groups/${group.id}/members`, { method: 'PUT', cookie: admin, body: { userIds: [carolId] } });
    const policy = await https(`/api/groups/${group.id}/settings`, {
      method: 'PUT',
      cookie: admin,
      body: { allow_kasm_clipboard_down: false, max_kasms_per_user: 2 },
    });
    expect(policy.status).toBe(204);
    await created('/api/servers', {
      name: 'restore-ssh',
      protocol: 'ssh',
      hostname: 'restore-ssh-target',
      port: 22,
      credentials: { mode: 'static', username: 'atrium', password: SSH_PASSWORD },
      groupIds: [group.id],
    });
    apiKey = await created('/api/api-keys', { name: 'e2e-restore', scopes: ['images:read'] });
    await smallWorkspace(admin, WORKSPACE, 'none', 64);
    const first = await launch(carol, { workspaceId: await workspaceId(carol) });
    await eventually(async () => expect(inWorkspace(first.id, 'pgrep -x xterm')).toBeTruthy(), 20_000, 250);
    inWorkspace(first.id, 'mkdir -p ~/notes && echo "written before the move" > ~/notes/kept.txt');
    expect((await end(sessionsToEnd.pop() as (typeof sessionsToEnd)[number])).status).toBe(200);
    before = await directoryOf(admin);

    const backup = script('backup.sh', [scratch], sourceEnvironment());
    expect(backup.stderr).toBe('');
    expect(backup.status).toBe(0);
    const [name] = readdirSync(scratch).filter((file) => file.endsWith('.tar.gz'));
    archive = join(scratch, name as string);
    expect(statSync(archive).mode & 0o777).toBe(0o600);
    const printed = backup.stdout + backup.stderr;
    for (const secret of [adminPassword(), SSH_PASSWORD, apiKey.secret, USER_PASSWORD]) expect(printed).not.toContain(secret);
    expect(execFileSync('tar', ['-tzf', archive], { encoding: 'utf8' }).split('\n').filter(Boolean).sort()).toEqual([
      'certs.tar',
      'database.dump',
      'manifest.json',
      'profiles.tar',
      'secrets.tar',
      'webapp-data.tar',
    ]);
  });

  it('should refuse a damaged archive and one from a newer Atrium before it touches anything', () => {
    const damaged = join(scratch, 'damaged.tar.gz');
    writeFileSync(damaged, Buffer.from(execFileSync('head', ['-c', '20000', archive])));
    const refusedDamaged = script('restore.sh', [damaged], restoredEnvironment());
    expect(refusedDamaged.status).toBe(1);
    expect(refusedDamaged.stderr).toContain('the archive is damaged');

    const unpacked = join(scratch, 'newer');
    execFileSync('mkdir', ['-p', unpacked]);
    execFileSync('tar', ['-C', unpacked, '-xzf', archive]);
    const manifest = join(unpacked, 'manifest.json');
    const edited = execFileSync('sed', ['s/"schema": "[^"]*"/"schema": "20991231A-from-the-future"/', manifest], { encoding: 'utf8' });
    writeFileSync(manifest, edited);
    const newer = join(scratch, 'newer.tar.gz');
    execFileSync('tar', ['-C', unpacked, '-czf', newer, '.']);
    const refusedNewer = script('restore.sh', [newer], restoredEnvironment());
    expect(refusedNewer.status).toBe(3);
    expect(refusedNewer.stderr).toContain('the archive was made by a newer Atrium');
    // Nothing was created for the project the refused restores named.
    expect(spawnSync('docker', ['volume', 'inspect', `${RESTORED}_db-data`]).status).not.toBe(0);
  });

  it('should bring a host started empty to the same users, groups, policies, servers, API keys and kept homes', async () => {
    // Both hosts keep their workspaces under the agent's name, as a moved host must; the source's agent rests
    // meanwhile, so that neither agent takes the other's containers for its own.
    execFileSync('docker', ['pause', containerOf('agent')]);
    sourceAgentPaused = true;
    const restore = script('restore.sh', [archive], { ...restoredEnvironment(), ATRIUM_AGENT_NAME: 'e2e-agent' });
    expect(restore.status).toBe(0);
    expect(restore.stdout).toContain('restored in');
    for (const secret of [adminPassword(), SSH_PASSWORD, apiKey.secret, USER_PASSWORD]) expect(restore.stdout + restore.stderr).not.toContain(secret);

    // The administrator's password is the original one; so is everyone else's.
    const restoredAdmin = await signInTo(RESTORED_PORT, 'admin', adminPassword());
    const restoredCarol = await signInTo(RESTORED_PORT, USER, USER_PASSWORD);
    expect(await directoryOf(restoredAdmin, RESTORED_PORT)).toEqual(before);

    // The API key answers with its secret.
    const images = await https('/api/public/get_images', { method: 'POST', port: RESTORED_PORT, body: { api_key: apiKey.key, api_key_secret: apiKey.secret } });
    expect(images.status).toBe(200);

    // The server's sealed password opens: a shell on the target runs what is typed, as the server's account.
    restoredTarget = await startTarget('atrium/target-ssh:dev', 'restore-ssh-target', 22, { TARGET_PASSWORD: SSH_PASSWORD }, RESTORED);
    const serverId = (before.servers.find((server) => server['name'] === 'restore-ssh') as { id: string }).id;
    const remote = await launch(restoredCarol, { serverId }, RESTORED_PORT);
    const client = await GuacamoleTestClient.open(remote.connectUrl, restoredCarol, { port: RESTORED_PORT });
    await client.expectWorking();
    expect(await touchThroughTerminal(client, restoredTarget, '/tmp/restored-proof')).toBe('atrium');
    client.close();

    // The kept home comes back in the person's next session on the new host.
    const next = await launch(restoredCarol, { workspaceId: await workspaceId(restoredCarol, RESTORED_PORT) }, RESTORED_PORT);
    await eventually(async () => expect(inWorkspace(next.id, 'pgrep -x xterm')).toBeTruthy(), 30_000, 250);
    expect(inWorkspace(next.id, 'cat ~/notes/kept.txt').trim()).toBe('written before the move');
  });

  it('should refuse to restore over a host that has data, unless told to replace it', () => {
    const refused = script('restore.sh', [archive], restoredEnvironment());
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(`project ${RESTORED} already has a database`);
  });
});

async function signInTo(port: number, username: string, password: string): Promise<string> {
  const response = await https('/api/auth/login', { method: 'POST', port, body: { username, password } });
  if (response.status !== 200) throw new Error(`login of ${username} on port ${port} answered ${response.status}: ${response.body}`);
  return String(response.headers['set-cookie']?.[0]).split(';')[0] as string;
}
