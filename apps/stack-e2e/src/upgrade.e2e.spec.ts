import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { StartedTestContainer } from 'testcontainers';
import { composeCli } from '@atrium/testing';
import { GuacamoleTestClient } from './support/guacamole-client';
import { startTarget, touchThroughTerminal } from './support/remote-targets';
import { openDesktop } from './support/rfb-client';
import { eventually, https } from './support/stack';
import { COMPOSE_DIR, E2E_PROJECT, secondStackEnvironment } from './support/stack-settings';
import { sessionContainer } from './support/workspaces';

/**
 * An operator's upgrade: a host runs the previous release (checked out from git and brought up by that
 * release's own `npm run up`), people work in it, then `npm run up` of this code replaces every role. The
 * container session must keep running, with what was in it, and stay reachable through the proxy; the SSH
 * session reconnects; the data is the same.
 *
 * The previous release is the commit main stood at when the last release was cut: bump it with each release
 * (docs/operations.md, "Upgrades"), or point ATRIUM_UPGRADE_FROM at another commit.
 */
const PREVIOUS_RELEASE = process.env['ATRIUM_UPGRADE_FROM'] ?? 'f143fa1abbc8fe0e75d7942db5d34708d0666f1f';
const ROOT = join(__dirname, '..', '..', '..');
const PROJECT = `${E2E_PROJECT}-upgrade`;
const PORT = 18743;
const CHECKOUT = `/tmp/${PROJECT}-from`;
const SSH_PASSWORD = 'upgrade-ssh-password';

const environment = (): Record<string, string> => ({
  ...secondStackEnvironment(PROJECT, { https: PORT, http: 18380 }, 'atrium-e2e-up'),
  // Its own agent name, so that the e2e stack's agent never takes its workspaces for its own (nor the reverse).
  ATRIUM_AGENT_NAME: 'e2e-upgrade-agent',
});
const previousTag = () => `prev-${resolvedPrevious.slice(0, 12)}`;
let resolvedPrevious = '';

/**
 * `npm run up` of a checkout (tools/scripts/up.sh), with this stack's settings; its output when it fails. Not
 * spawnSync: the open viewers must keep answering guacd's syncs meanwhile, as a person's browser does.
 */
function up(checkout: string, extra: Record<string, string> = {}): Promise<{ status: number | null; output: string }> {
  const child = spawn('bash', [join(checkout, 'tools', 'scripts', 'up.sh')], { cwd: checkout, env: { ...process.env, ...environment(), ...extra } });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = setTimeout(() => child.kill('SIGTERM'), 1_500_000);
  return new Promise((resolve) =>
    child.on('close', (status) => {
      clearTimeout(deadline);
      resolve({ status, output });
    }),
  );
}

const roleContainer = (service: string) =>
  execFileSync('docker', ['ps', '-q', '--filter', `label=com.docker.compose.project=${PROJECT}`, '--filter', `label=com.docker.compose.service=${service}`], {
    encoding: 'utf8',
  }).trim();
const certificate = () => execFileSync('docker', ['exec', roleContainer('kasm_proxy'), 'cat', '/certs/tls.crt'], { encoding: 'utf8' });
const call = (path: string, options: Parameters<typeof https>[1] = {}) => https(path, { ...options, port: PORT, ca: certificate() });
const inWorkspace = (sessionId: string, command: string) =>
  execFileSync('docker', ['exec', sessionContainer(sessionId), 'bash', '-c', command], { encoding: 'utf8' }).trim();

function tearDown(): void {
  try {
    composeCli({ composeDir: COMPOSE_DIR, projectName: PROJECT, environment: environment() }, ['down', '-v', '--remove-orphans']);
  } catch {
    /* nothing to remove */
  }
  const leftovers = execFileSync('docker', ['ps', '-aq', '--filter', 'label=atrium.agent=e2e-upgrade-agent'], { encoding: 'utf8' }).trim();
  if (leftovers) execFileSync('docker', ['rm', '-f', ...leftovers.split('\n')]);
  rmSync(`/var/lib/atrium/${PROJECT}`, { recursive: true, force: true });
  if (existsSync(CHECKOUT)) spawnSync('git', ['-C', ROOT, 'worktree', 'remove', '--force', CHECKOUT]);
  spawnSync('git', ['-C', ROOT, 'worktree', 'prune']);
}

let admin: string;
let target: StartedTestContainer | undefined;
let workspaceSession: { id: string; containerId: string; startedAt: string; xtermPid: string };
let sshSession: { id: string; client: GuacamoleTestClient };
let directoryBefore: unknown;
let adminPassword: string;

async function signInAdmin(): Promise<string> {
  const response = await call('/api/auth/login', { method: 'POST', body: { username: 'admin', password: adminPassword } });
  if (response.status !== 200) throw new Error(`admin login answered ${response.status}: ${response.body}`);
  return String(response.headers['set-cookie']?.[0]).split(';')[0] as string;
}

async function directory(): Promise<unknown> {
  const read = async (path: string) => (await call(path, { cookie: admin })).json<Record<string, unknown>[]>();
  const users = (await read('/api/users')).map(({ lastLoginAt: _lastSeen, ...user }) => user);
  return { users, groups: await read('/api/groups'), servers: await read('/api/servers'), workspaces: await read('/api/workspaces') };
}

beforeAll(() => {
  tearDown();
  const found = spawnSync('git', ['-C', ROOT, 'rev-parse', '--verify', `${PREVIOUS_RELEASE}^{commit}`], { encoding: 'utf8' });
  if (found.status !== 0) throw new Error(`the previous release ${PREVIOUS_RELEASE} is not in this clone's history (a shallow clone?)`);
  resolvedPrevious = found.stdout.trim();
  execFileSync('git', ['-C', ROOT, 'worktree', 'add', '--detach', CHECKOUT, resolvedPrevious], { stdio: 'ignore' });
});

afterAll(async () => {
  sshSession?.client.close();
  await target?.stop().catch(() => undefined);
  tearDown();
  // By name: an image the previous release built exactly as this code does is one image with both tags, and only
  // the previous release's tag goes.
  const tags = execFileSync('docker', ['images', '--format', '{{.Repository}}:{{.Tag}}', '--filter', `reference=atrium/*:${previousTag()}`], {
    encoding: 'utf8',
  });
  for (const tag of tags.split('\n').filter(Boolean)) spawnSync('docker', ['rmi', tag]);
}, 180_000);

describe('an upgrade from the previous release with npm run up', () => {
  it('should bring the previous release up with its own npm run up', async () => {
    // Its images under their own tag, so that this code's images stay as they are.
    const previous = await up(CHECKOUT, { ATRIUM_VERSION: previousTag() });
    if (previous.status !== 0) throw new Error(`the previous release's npm run up failed:\n${previous.output.slice(-3000)}`);
    expect(execFileSync('docker', ['inspect', '-f', '{{.Config.Image}}', roleContainer('webapp')], { encoding: 'utf8' }).trim()).toBe(
      `atrium/webapp:${previousTag()}`,
    );
    adminPassword = execFileSync('docker', ['exec', roleContainer('webapp'), 'cat', '/var/lib/atrium/initial-admin-password'], { encoding: 'utf8' }).trim();
    admin = await signInAdmin();
  });

  it('should have people working in it: a terminal workspace and an SSH server', async () => {
    const terminal = (await call('/api/workspaces', { cookie: admin })).json<{ id: string; name: string }[]>().find((entry) => entry.name === 'terminal');
    const launched = await call('/api/sessions', { method: 'POST', cookie: admin, body: { workspaceId: terminal?.id } });
    expect(launched.status).toBe(201);
    const id = launched.json<{ id: string }>().id;
    await eventually(async () => expect(inWorkspace(id, 'pgrep -x xterm')).toMatch(/^\d+$/), 30_000, 250);
    inWorkspace(id, 'echo "written before the upgrade" > ~/before-upgrade.txt');
    const containerId = sessionContainer(id);
    workspaceSession = {
      id,
      containerId,
      startedAt: execFileSync('docker', ['inspect', '-f', '{{.State.StartedAt}}', containerId], { encoding: 'utf8' }).trim(),
      xtermPid: inWorkspace(id, 'pgrep -x xterm'),
    };

    target = await startTarget('atrium/target-ssh:dev', 'upgrade-ssh-target', 22, { TARGET_PASSWORD: SSH_PASSWORD }, PROJECT);
    const server = await call('/api/servers', {
      method: 'POST',
      cookie: admin,
      body: {
        name: 'upgrade-ssh',
        protocol: 'ssh',
        hostname: 'upgrade-ssh-target',
        port: 22,
        credentials: { mode: 'static', username: 'atrium', password: SSH_PASSWORD },
      },
    });
    expect(server.status).toBe(201);
    const remote = await call('/api/sessions', { method: 'POST', cookie: admin, body: { serverId: server.json<{ id: string }>().id } });
    expect(remote.status).toBe(201);
    const client = await GuacamoleTestClient.open(remote.json<{ connectUrl: string }>().connectUrl, admin, { port: PORT, ca: certificate() });
    await client.expectWorking();
    sshSession = { id: remote.json<{ id: string }>().id, client };
    directoryBefore = await directory();
  });

  it("should replace every role with this code's npm run up", async () => {
    const current = await up(ROOT);
    if (current.status !== 0) throw new Error(`npm run up of this code failed:\n${current.output.slice(-3000)}`);
    for (const [service, image] of [
      ['webapp', 'atrium/webapp:dev'],
      ['agent', 'atrium/agent:dev'],
      ['connection_proxy', 'atrium/connection-proxy:dev'],
      ['kasm_proxy', 'atrium/kasm-proxy:dev'],
    ] as const) {
      expect(execFileSync('docker', ['inspect', '-f', '{{.Config.Image}}', roleContainer(service)], { encoding: 'utf8' }).trim()).toBe(image);
    }
  });

  it('should keep the container session running, with its content, and reachable through the proxy', async () => {
    admin = await signInAdmin();
    const session = await call(`/api/sessions/${workspaceSession.id}`, { cookie: admin });
    expect(session.json()).toMatchObject({ state: 'running', errorMessage: null });
    // The same container, never restarted, with the same terminal process and the file written before.
    expect(sessionContainer(workspaceSession.id)).toBe(workspaceSession.containerId);
    expect(execFileSync('docker', ['inspect', '-f', '{{.State.StartedAt}}', workspaceSession.containerId], { encoding: 'utf8' }).trim()).toBe(
      workspaceSession.startedAt,
    );
    expect(inWorkspace(workspaceSession.id, 'pgrep -x xterm')).toBe(workspaceSession.xtermPid);
    expect(inWorkspace(workspaceSession.id, 'cat ~/before-upgrade.txt')).toBe('written before the upgrade');

    // Through kasm_proxy to the new agent: the desktop draws, and what is typed reaches the terminal that
    // was running before the upgrade.
    const rfb = await openDesktop(workspaceSession.id, { cookie: admin, port: PORT, ca: certificate() });
    const init = await rfb.handshake();
    rfb.requestUpdate(init.width, init.height, false);
    expect(await rfb.readUpdate()).toBeGreaterThan(init.width * init.height);
    await eventually(
      async () => {
        rfb.click(300, 200);
        rfb.type('touch /tmp/typed-after-upgrade');
        await new Promise((resolve) => setTimeout(resolve, 700));
        inWorkspace(workspaceSession.id, 'test -f /tmp/typed-after-upgrade');
      },
      20_000,
      300,
    );
    rfb.close();
  });

  it('should let the SSH session reconnect, and keep the data', async () => {
    // guacd and the connection proxy were replaced, which closes the old tunnel; the Atrium session stays, and
    // the viewer's reconnect (a fresh connection token from GET /api/sessions/:id) opens the server again.
    await eventually(async () => expect(sshSession.client.closed).toBe(true), 30_000, 250);
    const session = await call(`/api/sessions/${sshSession.id}`, { cookie: admin });
    expect(session.json()).toMatchObject({ state: 'running', errorMessage: null });
    const client = await GuacamoleTestClient.open(session.json<{ connectUrl: string }>().connectUrl, admin, { port: PORT, ca: certificate() });
    sshSession.client = client;
    await client.expectWorking();
    expect(await touchThroughTerminal(client, target as StartedTestContainer, '/tmp/reconnected-after-upgrade')).toBe('atrium');

    expect(await directory()).toEqual(directoryBefore);
  });
});
