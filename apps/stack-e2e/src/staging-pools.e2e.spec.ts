import { execFileSync } from 'node:child_process';
import { eventually, https, loginAsAdmin, platformHealthy } from './support/stack';
import { openDesktop } from './support/rfb-client';
import { endSessions, type SessionView } from './support/workspaces';

/**
 * Staging pools on the real stack: ready containers kept warm per workspace, claimed by launches. A staged
 * container carries the session id it will have (the agent labelled it before any launch).
 */
const NAME = 'pooled-terminal';
let adminCookie: string;
let workspaceId: string;
const launched: string[] = [];

const docker = (...argv: string[]) => execFileSync('docker', argv, { encoding: 'utf8' }).trim();
/** The staged and claimed containers of the pooled workspace: session label, image, creation time (to the nanosecond). */
const containers = () => {
  const ids = docker('ps', '-q', '--filter', `label=atrium.workspace=${workspaceId}`).split('\n').filter(Boolean);
  if (!ids.length) return [];
  return docker('inspect', '-f', '{{index .Config.Labels "atrium.session"}} {{.Config.Image}} {{.Created}}', ...ids)
    .split('\n')
    .map((line) => {
      const [sessionId = '', image = '', created = ''] = line.split(' ');
      return { sessionId, image, createdAt: Date.parse(created) };
    });
};
/** The VNC password file a session's desktop reads, as seen from inside its container (hex). */
const vncPasswdIn = (sessionId: string) => {
  const id = docker('ps', '-q', '--filter', `label=atrium.session=${sessionId}`);
  return docker('exec', id, 'od', '-An', '-tx1', '/run/atrium/vnc/vnc-passwd').replace(/\s+/g, '');
};
const stagedIds = async () => {
  const live = new Set((await https('/api/sessions', { cookie: adminCookie })).json<SessionView[]>().map((session) => session.id));
  return containers().filter((container) => !live.has(container.sessionId));
};
const setPool = async (body: Record<string, unknown>) => {
  const response = await https(`/api/workspaces/${workspaceId}`, { method: 'PATCH', cookie: adminCookie, body });
  if (response.status !== 200) throw new Error(`PATCH answered ${response.status}: ${response.body}`);
};
const launch = async () => {
  const session = (await https('/api/sessions', { method: 'POST', cookie: adminCookie, body: { workspaceId } })).json<SessionView>();
  launched.push(session.id);
  return session;
};

beforeAll(async () => {
  await platformHealthy();
  adminCookie = await loginAsAdmin();
  const body = { name: NAME, image: 'atrium/workspace-terminal:dev', cores: 0.25, memoryMb: 512, egress: 'none', stagingSize: 2 };
  await https('/api/workspaces', { method: 'POST', cookie: adminCookie, body });
  workspaceId = (await https('/api/workspaces', { cookie: adminCookie })).json<{ id: string; name: string }[]>().find((w) => w.name === NAME)?.id ?? '';
  await setPool({ stagingSize: 2, image: 'atrium/workspace-terminal:dev' });
});

afterAll(async () => {
  await setPool({ stagingSize: 0 });
  await endSessions(adminCookie, launched);
  await eventually(async () => expect(containers()).toEqual([]), 30_000, 500);
  docker('rmi', 'atrium/workspace-terminal:e2e-pool');
});

describe('a staging pool', () => {
  it('should keep two containers warm, and launch from one that was started before the request, with a VNC password of its own', async () => {
    await eventually(async () => expect(await stagedIds()).toHaveLength(2), 30_000, 500);
    const staged = await stagedIds();
    const passwordsWhileStaged = new Map(staged.map((entry) => [entry.sessionId, vncPasswdIn(entry.sessionId)]));
    const requested = Date.now();
    const session = await launch();
    expect(session.state).toBe('running');
    expect(staged.map((entry) => entry.sessionId)).toContain(session.id);
    const container = containers().find((entry) => entry.sessionId === session.id);
    expect(container?.createdAt).toBeLessThan(requested);
    // The claim rotated the password the desktop asks for; the agent reaches it with the new one (Xvnc reads the file at each authentication).
    expect(vncPasswdIn(session.id)).not.toBe(passwordsWhileStaged.get(session.id));
    const viewer = await openDesktop(session.id, { cookie: adminCookie });
    const init = await viewer.handshake();
    viewer.requestUpdate(init.width, init.height, false);
    expect(await viewer.readUpdate()).toBeGreaterThan(0);
    viewer.close();
  });

  it('should refill to its size, and give two concurrent launches two different containers', async () => {
    await eventually(async () => expect(await stagedIds()).toHaveLength(2), 30_000, 500);
    const [first, second] = await Promise.all([launch(), launch()]);
    expect(first?.state).toBe('running');
    expect(second?.state).toBe('running');
    expect(first?.id).not.toBe(second?.id);
    await eventually(async () => expect(await stagedIds()).toHaveLength(2), 30_000, 500);
  });

  it('should hold only the new image after the workspace image changes', async () => {
    docker('tag', 'atrium/workspace-terminal:dev', 'atrium/workspace-terminal:e2e-pool');
    await setPool({ image: 'atrium/workspace-terminal:e2e-pool' });
    await eventually(
      async () => {
        const staged = await stagedIds();
        expect(staged.map((entry) => entry.image)).toEqual(['atrium/workspace-terminal:e2e-pool', 'atrium/workspace-terminal:e2e-pool']);
      },
      30_000,
      500,
    );
  });
});
