import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { containerOf, execIn, eventually, https, loginAsAdmin, platformHealthy } from './support/stack';
import { openDesktop } from './support/rfb-client';
import type { SessionView } from './support/workspaces';

type WorkspaceView = { id: string; name: string };

let adminCookie: string;
let bobCookie: string;

const sessionContainers = (sessionId: string) =>
  execFileSync('docker', ['ps', '-aq', '--filter', `label=atrium.session=${sessionId}`], { encoding: 'utf8' }).trim();

async function workspaceId(name: string): Promise<string> {
  const list = (await https('/api/workspaces', { cookie: adminCookie })).json<WorkspaceView[]>();
  const found = list.find((workspace) => workspace.name === name);
  if (!found) throw new Error(`no workspace ${name}`);
  return found.id;
}

async function launch(cookie: string, name: string) {
  return https('/api/sessions', { method: 'POST', cookie, body: { workspaceId: await workspaceId(name) } });
}

beforeAll(async () => {
  await platformHealthy();
  adminCookie = await loginAsAdmin();
  await https('/api/users', { method: 'POST', cookie: adminCookie, body: { username: 'bob', password: 'bob-password-123' } });
  const login = await https('/api/auth/login', { method: 'POST', body: { username: 'bob', password: 'bob-password-123' } });
  bobCookie = String(login.headers['set-cookie']?.[0]).split(';')[0] as string;
});

describe('a container workspace, end to end', () => {
  let session: SessionView;

  it('should launch the terminal workspace and report it running with a connect URL', async () => {
    const response = await launch(adminCookie, 'terminal');
    expect(response.status).toBe(201);
    session = response.json<SessionView>();
    expect(session.state).toBe('running');
    expect(session.connectUrl).toBe(`/desktop/${session.id}/websockify`);
    expect(sessionContainers(session.id)).not.toBe('');
  });

  it('should stream the desktop through the proxy with no VNC password, and take keyboard input', async () => {
    const rfb = await openDesktop(session.id, { cookie: adminCookie });
    const init = await rfb.handshake();
    expect(init.securityTypes).toEqual([1]);
    expect([init.width, init.height]).toEqual([1280, 720]);
    rfb.requestUpdate(init.width, init.height, false);
    expect(await rfb.readUpdate()).toBeGreaterThan(init.width * init.height);
    const container = sessionContainers(session.id);
    // The terminal window appears a moment after the VNC server answers: click into it and type until
    // the command lands (touch is idempotent), as a user would.
    await eventually(
      async () => {
        rfb.click(300, 200);
        rfb.type('touch /tmp/atrium-e2e-proof');
        await new Promise((resolve) => setTimeout(resolve, 700));
        execFileSync('docker', ['exec', container, 'test', '-f', '/tmp/atrium-e2e-proof']);
      },
      15_000,
      300,
    );
    rfb.close();
  });

  it("should relay the stream to the agent over its Unix socket, not the roles' network", async () => {
    // nginx writes a stream's access line when the stream closes (the previous test closed it).
    const streamLines = await eventually(
      async () => {
        const logs = execFileSync('docker', ['logs', containerOf('kasm_proxy')], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
        const lines = logs.split('\n').filter((line) => line.startsWith('{') && line.includes(`/desktop/${session.id}/websockify`));
        expect(lines.length).toBeGreaterThan(0);
        return lines;
      },
      10_000,
      500,
    );
    for (const line of streamLines) expect(JSON.parse(line).upstream).toBe('unix:/run/atrium/agent-streams/agent.sock');
    // The socket lets only the agent and nginx in (0660, kasm_proxy's group).
    expect(execIn('agent', ['stat', '-c', '%a %g', '/run/atrium/agent-streams/agent.sock'])).toBe('660 1004');
  });

  it('should refuse the desktop without a cookie (401), to another user (403) and from another origin (403)', async () => {
    await expect(openDesktop(session.id, {})).rejects.toThrow('HTTP 401');
    await expect(openDesktop(session.id, { cookie: bobCookie })).rejects.toThrow('HTTP 403');
    await expect(openDesktop(session.id, { cookie: adminCookie, origin: 'https://evil.example' })).rejects.toThrow('HTTP 403');
    const refused = await https(`/api/sessions/${session.id}`, { cookie: bobCookie });
    expect([refused.status, refused.json<{ code: string }>().code]).toEqual([403, 'not_session_owner']);
  });

  it('should make the agent refuse forged, expired and other-session connect tokens sent straight to it', async () => {
    const signingKey = execIn('webapp', ['cat', '/secrets/webapp/token-signing-key.pem']);
    const agentId = execIn('db', ['psql', '-U', 'atrium', '-h', '/tmp', '-tAc', 'select id from agents limit 1']);
    const options = { algorithm: 'ES256' as const, issuer: 'atrium-webapp', audience: `atrium-agent:${agentId}` };
    const claims = {
      typ: 'connect',
      sid: session.id,
      own: session.userId,
      perm: 'full',
      clip: { up: true, down: true },
      asid: '00000000-0000-4000-8000-00000000000a',
    };
    const forgedKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    const tokens = {
      missing: '',
      forged: jwt.sign(claims, forgedKey, { ...options, expiresIn: 20 }),
      expired: jwt.sign({ ...claims, exp: Math.floor(Date.now() / 1000) - 60 }, signingKey, options),
      otherSession: jwt.sign({ ...claims, sid: '00000000-0000-4000-8000-000000000000' }, signingKey, { ...options, expiresIn: 20 }),
      valid: jwt.sign(claims, signingKey, { ...options, expiresIn: 20 }),
    };
    const statusWith = (token: string) => {
      const script = `require('http').request({host:'agent',port:4100,path:'/v1/desktop/${session.id}/websockify',headers:{connection:'Upgrade',upgrade:'websocket','sec-websocket-version':'13','sec-websocket-key':'dGhlIHNhbXBsZSBub25jZQ==',origin:'https://localhost:18443','x-atrium-connect-token':process.argv[1]}}).on('response',r=>{console.log(r.statusCode);process.exit(0)}).on('upgrade',r=>{console.log(r.statusCode);process.exit(0)}).end()`;
      return execIn('kasm_proxy', ['node', '-e', script, token]);
    };
    expect(statusWith(tokens.missing)).toBe('401');
    expect(statusWith(tokens.forged)).toBe('401');
    expect(statusWith(tokens.expired)).toBe('401');
    expect(statusWith(tokens.otherSession)).toBe('401');
    expect(statusWith(tokens.valid)).toBe('101');
  });

  it('should end the session on DELETE and have the container gone within 5 s', async () => {
    const started = Date.now();
    const response = await https(`/api/sessions/${session.id}`, { method: 'DELETE', cookie: adminCookie });
    expect(response.status).toBe(200);
    expect(response.json<SessionView>().state).toBe('destroyed');
    await eventually(async () => expect(sessionContainers(session.id)).toBe(''), 5_000, 100);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe('capacity on this 2-core host', () => {
  it('should start a third and a fourth one-core terminal (CPU is shared and overcommitted, memory decides)', async () => {
    const started: SessionView[] = [];
    try {
      for (const cookie of [adminCookie, adminCookie, bobCookie, bobCookie]) {
        const response = await launch(cookie, 'terminal');
        expect(response.status).toBe(201);
        started.push(response.json<SessionView>());
      }
      expect(started.map((entry) => entry.state)).toEqual(['running', 'running', 'running', 'running']);
      const cpu = execFileSync('docker', ['inspect', '-f', '{{.HostConfig.CpuShares}} {{.HostConfig.NanoCpus}}', sessionContainers(started[3]?.id ?? '')], {
        encoding: 'utf8',
      }).trim();
      expect(cpu).toBe('1024 0');
    } finally {
      for (const entry of started) await https(`/api/sessions/${entry.id}`, { method: 'DELETE', cookie: adminCookie });
    }
  });
});

describe('provisioning that fails', () => {
  it('should end in error, with a clear message and no container left behind, when the image is missing', async () => {
    // The agent tries to pull a missing image: from a registry on this host's loopback, where nothing listens, so the
    // test sends nothing off the machine.
    const created = await https('/api/workspaces', {
      method: 'POST',
      cookie: adminCookie,
      body: { name: 'missing-image', image: '127.0.0.1:9/atrium/no-such-image:1', cores: 0.5, memoryMb: 256 },
    });
    expect(created.status).toBe(201);
    const response = await launch(adminCookie, 'missing-image');
    expect(response.status).toBe(502);
    const session = response.json<SessionView>();
    expect(session.state).toBe('error');
    expect(session.errorMessage).toMatch(/^The image 127\.0\.0\.1:9\/atrium\/no-such-image:1 is not on this agent's host and could not be pulled \(.+\)\.$/);
    expect(sessionContainers(session.id)).toBe('');
  });
});

describe('reconciliation', () => {
  /** A container made by hand with a session's labels, as a crash between start and record could leave. */
  const handMade = (sessionId: string, agent: string) =>
    execFileSync(
      'docker',
      [
        'run',
        '-d',
        '--network',
        'none',
        '--label',
        `atrium.session=${sessionId}`,
        '--label',
        `atrium.agent=${agent}`,
        '--entrypoint',
        'sleep',
        'atrium/workspace-terminal:dev',
        '300',
      ],
      { encoding: 'utf8' },
    ).trim();

  it("should remove a container labelled as this agent's session that no live session has, within a few heartbeats", async () => {
    const mine = randomUUID();
    const theirs = randomUUID();
    handMade(mine, 'e2e-agent');
    const otherAgents = handMade(theirs, 'someone-else');
    try {
      await eventually(async () => expect(sessionContainers(mine)).toBe(''), 30_000, 500);
      // Another agent's containers are its own business, even on the same Docker engine.
      expect(sessionContainers(theirs)).not.toBe('');
    } finally {
      execFileSync('docker', ['rm', '-f', otherAgents], { stdio: 'ignore' });
    }
  });
});
