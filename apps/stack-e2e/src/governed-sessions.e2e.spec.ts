import { execFileSync } from 'node:child_process';
import { containerOf, eventually, https, loginAsAdmin, platformHealthy, userCookie } from './support/stack';
import { expectViewerConnected, launchChromium } from './support/browser';
import { openDesktop } from './support/rfb-client';
import { E2E_HOSTNAME, E2E_HTTPS_PORT } from './support/stack-settings';
import { endSessions, execIn, inspectField, launchWorkspace, sessionContainer, smallWorkspace, type SessionView } from './support/workspaces';

/**
 * Group policy in force on the real stack: the session limit, keepalives and the reaper, pause and stop,
 * the clipboard filter in the agent, sharing, and sessions that outlive a restart of the roles around them.
 * One group (priority 1) governs the user; each test replaces its settings.
 */
const WORKSPACE = 'governed-terminal';
let adminCookie: string;
let ownerCookie: string;
let viewerCookie: string;
let groupId: string;
const launched: string[] = [];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const sessionState = async (id: string) => (await https(`/api/sessions/${id}`, { cookie: adminCookie })).json<SessionView>().state;

async function governBy(settings: Record<string, unknown>): Promise<void> {
  const response = await https(`/api/groups/${groupId}/settings`, { method: 'PUT', cookie: adminCookie, body: settings });
  if (response.status !== 204) throw new Error(`group settings answered ${response.status}: ${response.body}`);
}

async function launch(): Promise<SessionView> {
  const session = await launchWorkspace(ownerCookie, WORKSPACE);
  launched.push(session.id);
  return session;
}

const step = (sessionId: string, action: string, cookie = ownerCookie) => https(`/api/sessions/${sessionId}/${action}`, { method: 'POST', cookie });

/** The text on the workspace's X clipboard, as the workspace user reads it. */
const clipboardOf = (container: string) => execIn(container, ['bash', '-c', 'DISPLAY=:1 timeout 2 xclip -o -selection clipboard || true']);

beforeAll(async () => {
  await platformHealthy();
  adminCookie = await loginAsAdmin();
  ownerCookie = await userCookie(adminCookie, 'gina');
  viewerCookie = await userCookie(adminCookie, 'vera');
  // No egress: these sessions need no network, and a browser on this host sees no interface come and go.
  await smallWorkspace(adminCookie, WORKSPACE, 'none');
  const gina = (await https('/api/auth/me', { cookie: ownerCookie })).json<{ id: string }>();
  const created = await https('/api/groups', { method: 'POST', cookie: adminCookie, body: { name: 'e2e-governed', priority: 1 } });
  groupId = created.json<{ id: string }>().id;
  await https(`/api/groups/${groupId}/members`, { method: 'PUT', cookie: adminCookie, body: { userIds: [gina.id] } });
});

afterEach(async () => {
  await endSessions(adminCookie, launched.splice(0));
  await governBy({});
});

describe('the session limit of the policy', () => {
  it('should refuse a launch over max_kasms_per_user, and allow it again once a session ended', async () => {
    await governBy({ max_kasms_per_user: 1 });
    const first = await launch();
    const workspaceId = (await https('/api/workspaces', { cookie: ownerCookie })).json<{ id: string; name: string }[]>().find((w) => w.name === WORKSPACE)?.id;
    const refused = await https('/api/sessions', { method: 'POST', cookie: ownerCookie, body: { workspaceId } });
    expect([refused.status, refused.json().code]).toEqual([409, 'session_limit_reached']);
    await endSessions(ownerCookie, [first.id]);
    await launch();
  });
});

describe('keepalive', () => {
  it('should end a session within 10 s after its 20 s keepalive expiration passed, and keep one that is kept alive', async () => {
    await governBy({ keepalive_expiration: 20 });
    const [abandoned, kept] = [await launch(), await launch()];
    const lastKeepalive = (await https(`/api/sessions/${abandoned.id}/keepalive`, { method: 'POST', cookie: ownerCookie })).json<{ keepaliveUntil: string }>();
    const deadline = new Date(lastKeepalive.keepaliveUntil).getTime();
    let endedAt = 0;
    while (Date.now() < deadline + 12_000) {
      await https(`/api/sessions/${kept.id}/keepalive`, { method: 'POST', cookie: ownerCookie });
      if (!endedAt && (await sessionState(abandoned.id)) === 'destroyed') endedAt = Date.now();
      if (endedAt) break;
      await sleep(1000);
    }
    expect(endedAt).toBeGreaterThan(deadline);
    expect(endedAt - deadline).toBeLessThan(10_000);
    expect(sessionContainer(abandoned.id)).toBe('');
    expect(await sessionState(kept.id)).toBe('running');
  });
});

describe('pause and stop', () => {
  it('should pause a session with its processes frozen and memory kept, and resume where it was', async () => {
    const session = await launch();
    const container = sessionContainer(session.id);
    execFileSync('docker', ['exec', '-d', container, 'bash', '-c', 'i=0; while :; do i=$((i+1)); echo $i > /tmp/counter; sleep 0.1; done']);
    await sleep(1500);
    const viewer = await openDesktop(session.id, { cookie: ownerCookie });
    await viewer.handshake();
    const counter = () => Number(execIn(container, ['cat', '/tmp/counter']));
    const beforePause = counter();
    expect(beforePause).toBeGreaterThan(5);

    expect((await step(session.id, 'pause')).json<SessionView>().state).toBe('paused');
    expect(inspectField(container, '{{.State.Paused}}')).toBe('true');
    await expect(Promise.race([viewer.closed.then(() => 'closed'), sleep(3000).then(() => 'open')])).resolves.toBe('closed');
    await expect(openDesktop(session.id, { cookie: ownerCookie })).rejects.toThrow('HTTP 403');
    await sleep(3000);

    expect((await step(session.id, 'resume')).json<SessionView>().state).toBe('running');
    const afterResume = counter();
    // Frozen for 3 s: at most a few ticks between the last read and the pause, not 30; and not restarted.
    expect(afterResume).toBeGreaterThanOrEqual(beforePause);
    expect(afterResume - beforePause).toBeLessThan(15);
    await sleep(1000);
    expect(counter()).toBeGreaterThan(afterResume + 3);
    const back = await openDesktop(session.id, { cookie: ownerCookie });
    await back.handshake();
    back.close();
  });

  it('should stop a session (its container stopped, its home kept) and start it again with its desktop', async () => {
    const session = await launch();
    const container = sessionContainer(session.id);
    execIn(container, ['bash', '-c', 'echo kept-across-stop > ~/notes.txt']);
    expect((await step(session.id, 'stop')).json<SessionView>().state).toBe('stopped');
    expect(inspectField(container, '{{.State.Status}}')).toBe('exited');
    const refused = await step(session.id, 'resume');
    expect([refused.status, refused.json<{ code: string }>().code]).toEqual([409, 'invalid_state']);
    expect((await step(session.id, 'start')).json<SessionView>().state).toBe('running');
    expect(sessionContainer(session.id)).toBe(container);
    expect(execIn(container, ['cat', '/home/user/notes.txt'])).toBe('kept-across-stop');
    const viewer = await openDesktop(session.id, { cookie: ownerCookie });
    const init = await viewer.handshake();
    viewer.requestUpdate(init.width, init.height, false);
    expect(await viewer.readUpdate()).toBeGreaterThan(0);
    viewer.close();
  });

  it("should refuse a pause the user's policy does not allow", async () => {
    await governBy({ allow_kasm_pause: false });
    const session = await launch();
    const refused = await step(session.id, 'pause');
    expect([refused.status, refused.json().code]).toEqual([403, 'not_allowed_by_policy']);
    expect(inspectField(sessionContainer(session.id), '{{.State.Paused}}')).toBe('false');
  });
});

describe('the clipboard policy in the stream', () => {
  it('should keep text a viewer sends from the container when clipboard up is denied, and let it through when allowed', async () => {
    await governBy({ allow_kasm_clipboard_up: false });
    const session = await launch();
    const container = sessionContainer(session.id);
    const denied = await openDesktop(session.id, { cookie: ownerCookie });
    await denied.handshake();
    denied.sendCutText('clipboard-up-denied');
    await sleep(1500);
    expect(clipboardOf(container)).not.toContain('clipboard-up-denied');
    denied.close();

    await governBy({ allow_kasm_clipboard_up: true });
    const allowed = await openDesktop(session.id, { cookie: ownerCookie });
    await allowed.handshake();
    allowed.sendCutText('clipboard-up-allowed');
    await eventually(async () => expect(clipboardOf(container)).toContain('clipboard-up-allowed'), 5000, 250);
    allowed.close();
  });
});

describe('sharing', () => {
  it("should let a viewer watch but not type, and close the viewer's stream when the share is revoked", async () => {
    await governBy({ allow_kasm_sharing: true });
    const session = await launch();
    const container = sessionContainer(session.id);
    await expect(openDesktop(session.id, { cookie: viewerCookie })).rejects.toThrow('HTTP 403');
    const share = (await https(`/api/sessions/${session.id}/share`, { method: 'POST', cookie: ownerCookie })).json<{ shareId: string; joinUrl: string }>();
    expect((await https(`/api/shares/${share.shareId}/join`, { method: 'POST', cookie: viewerCookie })).status).toBe(200);

    const viewer = await openDesktop(session.id, { cookie: viewerCookie });
    const init = await viewer.handshake();
    viewer.requestUpdate(init.width, init.height, false);
    expect(await viewer.readUpdate()).toBeGreaterThan(0);
    for (let attempt = 0; attempt < 5; attempt++) {
      viewer.click(300, 200);
      viewer.type('touch /tmp/typed-by-viewer');
      await sleep(500);
    }
    expect(() => execIn(container, ['test', '-e', '/tmp/typed-by-viewer'])).toThrow();
    const viewers = (await https(`/api/sessions/${session.id}/viewers`, { cookie: ownerCookie })).json<{ username: string }[]>();
    expect(viewers.map((entry) => entry.username)).toEqual(['vera']);

    const owner = await openDesktop(session.id, { cookie: ownerCookie });
    await owner.handshake();
    expect((await https(`/api/sessions/${session.id}/share`, { method: 'DELETE', cookie: ownerCookie })).status).toBe(204);
    await expect(Promise.race([viewer.closed.then(() => 'closed'), sleep(3000).then(() => 'open')])).resolves.toBe('closed');
    await expect(openDesktop(session.id, { cookie: viewerCookie })).rejects.toThrow('HTTP 403');
    // The owner's stream is not the viewer's: it stays.
    owner.requestUpdate(init.width, init.height, false);
    expect(await owner.readUpdate()).toBeGreaterThan(0);
    owner.close();
  });
});

describe('a role restarting under running sessions', () => {
  it('should keep a session running and reachable across a killed and restarted agent, with no orphan left, and the open viewer keep it alive and reconnect by itself', async () => {
    const session = await launch();
    const browser = await launchChromium();
    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    const [name, value] = ownerCookie.split('=') as [string, string];
    await context.addCookies([{ name, value, domain: E2E_HOSTNAME, path: '/', secure: true, httpOnly: true, sameSite: 'Strict' }]);
    const page = await context.newPage();
    const status = () => page.evaluate("document.getElementById('status').textContent");
    const keepaliveUntil = async () =>
      Date.parse((await https(`/api/sessions/${session.id}`, { cookie: adminCookie })).json<{ keepaliveUntil: string }>().keepaliveUntil);
    const launchedUntil = await keepaliveUntil();
    await sleep(1000);
    await page.goto(`https://${E2E_HOSTNAME}:${E2E_HTTPS_PORT}/desktop/${session.id}/`);
    await expectViewerConnected(page);
    // The open viewer keeps its session alive: its first keepalive moved the deadline on.
    await eventually(async () => expect(await keepaliveUntil()).toBeGreaterThan(launchedUntil + 500), 10_000, 250);

    const agent = containerOf('agent');
    execFileSync('docker', ['kill', agent], { stdio: 'ignore' });
    await eventually(async () => expect(await status()).toMatch(/reconnecting/), 10_000, 250);
    execFileSync('docker', ['start', agent], { stdio: 'ignore' });
    await platformHealthy();
    await eventually(async () => expect(await status()).toBe('connected'), 45_000, 500);
    await browser.close();
    const viewer = await eventually(() => openDesktop(session.id, { cookie: ownerCookie }), 20_000, 500);
    const init = await viewer.handshake();
    viewer.requestUpdate(init.width, init.height, false);
    expect(await viewer.readUpdate()).toBeGreaterThan(0);
    viewer.close();
    expect(await sessionState(session.id)).toBe('running');
    // Other suites' sessions may run on the same stack: every container the agent labelled must be a live session's.
    const labelled = execFileSync('docker', ['ps', '-a', '--filter', 'label=atrium.agent=e2e-agent', '--format', '{{.Label "atrium.session"}}'], {
      encoding: 'utf8',
    })
      .trim()
      .split('\n')
      .filter(Boolean);
    const live = (await https('/api/sessions', { cookie: adminCookie }))
      .json<SessionView[]>()
      .filter((entry) => ['running', 'paused', 'stopped'].includes(entry.state));
    expect(labelled).toContain(session.id);
    expect(labelled.filter((id) => !live.some((entry) => entry.id === id))).toEqual([]);
  });

  it('should keep an open desktop stream across a webapp restart (streams do not pass through it)', async () => {
    const session = await launch();
    const viewer = await openDesktop(session.id, { cookie: ownerCookie });
    const init = await viewer.handshake();
    execFileSync('docker', ['restart', '-t', '10', containerOf('webapp')], { stdio: 'ignore' });
    await platformHealthy();
    viewer.requestUpdate(init.width, init.height, false);
    expect(await viewer.readUpdate()).toBeGreaterThan(0);
    viewer.close();
    expect(await sessionState(session.id)).toBe('running');
  });
});

describe('the audit trail', () => {
  it("should show an administrator one session's transitions with their actors, and refuse it to users", async () => {
    const session = await launch();
    await step(session.id, 'pause');
    await step(session.id, 'resume');
    await endSessions(ownerCookie, [session.id]);
    const trail = await https(`/api/audit?targetType=session&targetId=${session.id}`, { cookie: adminCookie });
    const entries = trail.json<{ entries: { action: string; actorType: string }[] }>().entries;
    expect(entries.map((entry) => entry.action).reverse()).toEqual(['session.launch', 'session.pause', 'session.resume', 'session.destroy']);
    expect(entries.every((entry) => entry.actorType === 'user')).toBe(true);
    const audit = await https(`/api/audit?targetId=${session.id}`, { cookie: ownerCookie });
    expect([audit.status, audit.json<{ code: string }>().code]).toEqual([403, 'admin_only']);
  });
});
