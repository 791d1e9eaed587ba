import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { containerOf, eventually, https, loginAsAdmin, platformHealthy, signIn, userCookie } from './support/stack';
import { openDesktop } from './support/rfb-client';
import { endSessions, execIn, launchWorkspace, sessionContainer, smallWorkspace, type SessionView } from './support/workspaces';

/**
 * The attackers here are a browser (a signed-in user sending what they like down their desktop stream, or
 * watching someone else's desktop with view-only permission) and a user with a shell inside a workspace,
 * who can put any server they like behind the workspace's VNC socket.
 */
const EXTENDED_DESKTOP_SIZE = -308;
const RAW = 0;

/** The agent container's memory use, in MiB (docker stats), asked without blocking the test's own streams. */
async function agentMemoryMib(): Promise<number> {
  const { stdout } = await promisify(execFile)('docker', ['stats', '--no-stream', '--format', '{{.MemUsage}}', containerOf('agent')]);
  const used = stdout.split('/')[0] as string;
  return parseFloat(used) * (/GiB/.test(used) ? 1024 : /KiB/.test(used) ? 1 / 1024 : 1);
}

/** Samples the agent's memory until stopped; returns the peak. */
function sampleAgentMemory(): { stop: () => Promise<number> } {
  let peak = 0;
  let running = true;
  const loop = (async () => {
    while (running) peak = Math.max(peak, await agentMemoryMib());
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return peak;
    },
  };
}

let adminCookie: string;
let ownerCookie: string;
let session: SessionView;

beforeAll(async () => {
  await platformHealthy();
  adminCookie = await loginAsAdmin();
  ownerCookie = await userCookie(adminCookie, 'olivia');
  session = await launchWorkspace(ownerCookie, await smallWorkspace(adminCookie, 'bridge-terminal'));
});

afterAll(() => endSessions(adminCookie, [session.id]));

describe('a browser that floods its desktop stream', () => {
  it('should stream a declared 1 GiB clipboard through without holding it, keep the agent under 160 MiB, and keep other viewers served', async () => {
    const attacker = await openDesktop(session.id, { cookie: ownerCookie });
    await attacker.handshake();
    const bystander = await openDesktop(session.id, { cookie: ownerCookie });
    const init = await bystander.handshake();
    const baseline = await agentMemoryMib();
    const sampler = sampleAgentMemory();
    const header = Buffer.from([6, 0, 0, 0, 0x40, 0, 0, 0]); // ClientCutText, 1 GiB declared
    await attacker.sendRaw(header);
    const chunk = Buffer.alloc(64 * 1024, 0x41);
    let sent = 0;
    while (sent < 256 * 1024 * 1024 && (await attacker.sendRaw(chunk))) sent += chunk.length;
    const peak = await sampler.stop();
    expect(sent).toBe(256 * 1024 * 1024);
    expect(peak).toBeLessThan(Math.max(160, baseline + 64));
    bystander.requestUpdate(init.width, init.height, false);
    expect(await bystander.readUpdate()).toBeGreaterThan(init.width * init.height);
    attacker.close();
    bystander.close();
  });

  it('should end a stream that sends a message it cannot frame (QEMU subtype 9), and serve the next one', async () => {
    const attacker = await openDesktop(session.id, { cookie: ownerCookie });
    await attacker.handshake();
    await attacker.sendRaw(Buffer.from([255, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
    await expect(Promise.race([attacker.closed.then(() => 'closed'), new Promise((resolve) => setTimeout(() => resolve('open'), 5000))])).resolves.toBe(
      'closed',
    );
    const next = await openDesktop(session.id, { cookie: ownerCookie });
    const init = await next.handshake();
    next.requestUpdate(init.width, init.height, false);
    expect(await next.readUpdate()).toBeGreaterThan(0);
    next.close();
    expect((await https('/api/health')).status).toBe(200);
  });
});

describe("someone watching another user's desktop (view-only)", () => {
  it('should never get the text copied in the desktop, while its owner does', async () => {
    const owner = await openDesktop(session.id, { cookie: ownerCookie });
    const watcher = await openDesktop(session.id, { cookie: adminCookie });
    await owner.handshake();
    await watcher.handshake();
    const ownerSees = owner.cutTextWithin(6000);
    const watcherSees = watcher.cutTextWithin(6000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    execIn(sessionContainer(session.id), ['bash', '-c', 'printf copied-secret-42 | DISPLAY=:1 xclip -selection clipboard']);
    expect(await ownerSees).toContain('copied-secret-42');
    expect((await watcherSees).join('')).not.toContain('copied-secret-42');
    owner.close();
    watcher.close();
  });

  it("should not put its clipboard text into the desktop, while the owner's gets there", async () => {
    const container = sessionContainer(session.id);
    const clipboard = () => execIn(container, ['bash', '-c', 'DISPLAY=:1 timeout 2 xclip -o -selection clipboard || true']);
    const watcher = await openDesktop(session.id, { cookie: adminCookie });
    await watcher.handshake();
    watcher.sendCutText('from-the-watcher');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(clipboard()).not.toContain('from-the-watcher');
    const owner = await openDesktop(session.id, { cookie: ownerCookie });
    await owner.handshake();
    owner.sendCutText('from-the-owner');
    await eventually(async () => expect(clipboard()).toContain('from-the-owner'), 5000, 250);
    watcher.close();
    owner.close();
  });

  it("should not change the desktop's size, while the owner may", async () => {
    const sizeNow = async () => {
      const viewer = await openDesktop(session.id, { cookie: ownerCookie });
      const init = await viewer.handshake();
      viewer.close();
      return `${init.width}x${init.height}`;
    };
    const watcher = await openDesktop(session.id, { cookie: adminCookie });
    await watcher.handshake(undefined, [RAW, EXTENDED_DESKTOP_SIZE]);
    watcher.setDesktopSize(1024, 768);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await sizeNow()).toBe('1280x720');
    const owner = await openDesktop(session.id, { cookie: ownerCookie });
    await owner.handshake(undefined, [RAW, EXTENDED_DESKTOP_SIZE]);
    owner.setDesktopSize(1024, 768);
    await eventually(async () => expect(await sizeNow()).toBe('1024x768'), 5000, 500);
    watcher.close();
    owner.close();
  });
});

describe('signing out', () => {
  it("should close that browser's open desktop stream within a second, and not another sign-in's", async () => {
    const otherBrowser = await openDesktop(session.id, { cookie: ownerCookie });
    await otherBrowser.handshake();
    const cookie = await signIn('olivia', 'olivia-password-123');
    const viewer = await openDesktop(session.id, { cookie });
    const init = await viewer.handshake();
    viewer.requestUpdate(init.width, init.height, false);
    await viewer.readUpdate();
    const started = Date.now();
    expect((await https('/api/auth/logout', { method: 'POST', cookie })).status).toBe(204);
    await Promise.race([viewer.closed, new Promise((resolve) => setTimeout(resolve, 5000))]);
    expect(Date.now() - started).toBeLessThan(1000);
    otherBrowser.requestUpdate(init.width, init.height, false);
    expect(await otherBrowser.readUpdate()).toBeGreaterThan(0);
    otherBrowser.close();
  });
});

/**
 * A VNC server that a workspace user puts in Xvnc's place: it passes VncAuth (accepting any answer), then
 * sends as fast as it can, up to 2 GiB, while the agent still waits for the browser's half of the handshake.
 */
const FLOODING_VNC_SERVER = `
import os, socket
path = '/run/atrium/vnc/rfb.sock'
os.unlink(path)
server = socket.socket(socket.AF_UNIX)
server.bind(path)
os.chmod(path, 0o660)
server.listen(1)
open('/tmp/flooding-server-listens', 'w').close()
agent, _ = server.accept()
agent.sendall(b'RFB 003.008\\n')
agent.recv(12)
agent.sendall(bytes([1, 2]))
agent.recv(1)
agent.sendall(bytes(16))
agent.recv(16)
agent.sendall(bytes(4))
block = b'A' * 65536
try:
    for _ in range(32768):
        agent.sendall(block)
except OSError:
    pass
`;

describe('a workspace that puts its own VNC server behind its socket', () => {
  it('should not let it make the agent hold more than a handshake, and should close that stream', async () => {
    const hijacked = await launchWorkspace(ownerCookie, await smallWorkspace(adminCookie, 'bridge-hijacked'));
    try {
      const container = sessionContainer(hijacked.id);
      execFileSync('docker', ['exec', '-d', container, 'python3', '-c', FLOODING_VNC_SERVER]);
      await eventually(async () => expect(execIn(container, ['bash', '-c', 'test -f /tmp/flooding-server-listens && echo up'])).toBe('up'), 5000, 100);
      const agentStart = () =>
        execFileSync('docker', ['inspect', '-f', '{{.RestartCount}} {{.State.StartedAt}}', containerOf('agent')], { encoding: 'utf8' }).trim();
      const startedBefore = agentStart();
      const baseline = await agentMemoryMib();
      const sampler = sampleAgentMemory();
      // The browser opens its stream and says nothing: the agent is between the desktop's handshake and its own.
      const viewer = await openDesktop(hijacked.id, { cookie: ownerCookie });
      const closedWithin = await Promise.race([viewer.closed.then(() => 'closed'), new Promise((resolve) => setTimeout(() => resolve('open'), 15_000))]);
      const peak = await sampler.stop();
      expect(closedWithin).toBe('closed');
      // The agent survived (killed for memory, it would have restarted: docker stats can miss that peak).
      expect(agentStart()).toBe(startedBefore);
      expect(peak).toBeLessThan(baseline + 32);
      expect((await https('/api/health')).status).toBe(200);
    } finally {
      await endSessions(adminCookie, [hijacked.id]);
    }
  });
});
