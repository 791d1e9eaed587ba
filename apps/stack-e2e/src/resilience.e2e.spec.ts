import { execFileSync } from 'node:child_process';
import { compose, containerOf, eventually, https, loginAsAdmin, platformHealthy } from './support/stack';
import { npmRunDown } from './support/stack-settings';
import { launchWorkspace, sessionContainer, smallWorkspace } from './support/workspaces';

type Health = { status: string; components: Record<string, { status: string }> };
const health = async () => (await https('/api/health')).json<Health>();

/** `docker stop` (SIGTERM, then SIGKILL after 10 s): returns how long it took and how the role exited. */
function stopService(service: string): { seconds: number; exitCode: number } {
  const id = containerOf(service);
  const started = Date.now();
  execFileSync('docker', ['stop', '-t', '10', id], { stdio: 'ignore' });
  const seconds = (Date.now() - started) / 1000;
  const exitCode = Number(execFileSync('docker', ['inspect', '-f', '{{.State.ExitCode}}', id], { encoding: 'utf8' }).trim());
  return { seconds, exitCode };
}

const startService = (service: string) => execFileSync('docker', ['start', containerOf(service)], { stdio: 'ignore' });

beforeAll(() => platformHealthy());
afterEach(() => platformHealthy());

describe('a role stopped', () => {
  it.each([
    ['connection_proxy', 'connectionProxy'],
    ['guacd', 'guacd'],
    ['agent', 'agents'],
    ['db', 'database'],
  ])('should turn %s red in /api/health, stop cleanly within 10 s, and come back green', async (service, component) => {
    const stopped = stopService(service);
    expect(stopped.seconds).toBeLessThan(10);
    if (service !== 'guacd') expect(stopped.exitCode).toBe(0);
    await eventually(async () => {
      const now = await health();
      expect(now.status).toBe('degraded');
      expect(now.components[component]?.status).toBe('down');
    }, 30_000);
    startService(service);
    await platformHealthy();
  });

  it('should stop the webapp cleanly within 10 s, answer 503 in the error envelope at the door meanwhile, and recover', async () => {
    const stopped = stopService('webapp');
    expect(stopped.seconds).toBeLessThan(10);
    expect(stopped.exitCode).toBe(0);
    const door = await https('/api/health');
    expect(door.status).toBe(503);
    expect(door.json()).toMatchObject({ code: 'control_plane_unavailable' });
    startService('webapp');
    await platformHealthy();
  });
});

describe('running `up` again', () => {
  it('should change nothing on a healthy host', () => {
    const services = ['db', 'webapp', 'agent', 'connection_proxy', 'guacd', 'kasm_proxy'];
    const before = services.map(containerOf);
    compose(['up', '-d']);
    expect(services.map(containerOf)).toEqual(before);
  });

  it('should keep users and the database across npm run down and up', async () => {
    const password = execFileSync('docker', ['exec', containerOf('webapp'), 'cat', '/var/lib/atrium/initial-admin-password'], { encoding: 'utf8' }).trim();
    npmRunDown(['-t', '10']);
    compose(['up', '-d']);
    await platformHealthy();
    const login = await https('/api/auth/login', { method: 'POST', body: { username: 'admin', password } });
    expect(login.status).toBe(200);
    const logs = execFileSync('docker', ['logs', containerOf('webapp')], { encoding: 'utf8' });
    expect(logs).not.toContain('initial administrator created');
    // The migration step ran again, found nothing to do, and the webapp did not migrate at all.
    expect(execFileSync('docker', ['logs', containerOf('migrate')], { encoding: 'utf8' })).toContain('database schema up to date');
    expect(logs).not.toContain('database migrated');
  });
});

describe('a session whose agent did not answer when it was ended', () => {
  it('should answer 503, stay stopping, and be gone (container and record) after the reaper retries', async () => {
    const cookie = await loginAsAdmin();
    const session = await launchWorkspace(cookie, await smallWorkspace(cookie, 'reaper-terminal'));
    const container = sessionContainer(session.id);
    expect(container).not.toBe('');
    stopService('agent');
    const refused = await https(`/api/sessions/${session.id}`, { method: 'DELETE', cookie });
    expect(refused.status).toBe(503);
    expect(refused.json()).toMatchObject({ code: 'agent_unavailable' });
    expect((await https(`/api/sessions/${session.id}`, { cookie })).json()).toMatchObject({ state: 'stopping', connectUrl: null });
    expect(sessionContainer(session.id)).toBe(container);
    startService('agent');
    await eventually(async () => {
      expect((await https(`/api/sessions/${session.id}`, { cookie })).json()).toMatchObject({ state: 'destroyed' });
      expect(sessionContainer(session.id)).toBe('');
    }, 60_000);
  });
});
