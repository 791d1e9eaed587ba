import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { containerOf, loginAsAdmin, platformHealthy, userCookie } from './support/stack';
import { E2E_EGRESS_BRIDGE, E2E_PROJECT } from './support/stack-settings';
import {
  addressesOf,
  execIn,
  gatewayOf,
  inspectField,
  endSessions,
  launchWorkspace,
  networksOf,
  sessionContainer,
  smallWorkspace,
  tcpConnects,
  type SessionView,
} from './support/workspaces';

/**
 * The attacker here is a user with a shell inside a workspace. Every probe has a positive control beside it
 * (the same probe succeeding where it should), so a probe that could never connect proves nothing.
 */
const ROLE_PORTS: [service: string, port: number][] = [
  ['webapp', 3000],
  ['webapp', 3001],
  ['agent', 4100],
  ['guacd', 4822],
  ['db', 5432],
  ['connection_proxy', 4000],
  ['kasm_proxy', 8443],
];

let adminCookie: string;
let mine: SessionView;
let theirs: SessionView;
let attacker: string;
let victim: string;
let hostListener: Server;
let hostPort: number;

beforeAll(async () => {
  await platformHealthy();
  adminCookie = await loginAsAdmin();
  const workspace = await smallWorkspace(adminCookie, 'isolation-terminal');
  mine = await launchWorkspace(await userCookie(adminCookie, 'mallory'), workspace);
  theirs = await launchWorkspace(await userCookie(adminCookie, 'victoria'), workspace);
  launched.push(mine.id, theirs.id);
  attacker = sessionContainer(mine.id);
  victim = sessionContainer(theirs.id);
  // A service on the Docker host, on every address: a workspace must not reach it.
  hostListener = createServer((socket) => socket.end());
  await new Promise<void>((resolve) => hostListener.listen(0, '0.0.0.0', resolve));
  hostPort = (hostListener.address() as { port: number }).port;
});

const launched: string[] = [];

afterAll(async () => {
  await new Promise((resolve) => hostListener.close(resolve));
  await endSessions(adminCookie, launched);
});

describe('a workspace container', () => {
  it('should be on the egress bridge only, with a read-only root, bounded writable space and logs', () => {
    expect(networksOf(attacker)).toEqual([`${E2E_PROJECT}_egress`]);
    expect(inspectField(attacker, '{{.HostConfig.ReadonlyRootfs}}')).toBe('true');
    expect(inspectField(attacker, '{{json .HostConfig.Tmpfs}}')).toMatch(/"\/home\/user":"[^"]*size=512m/);
    expect(inspectField(attacker, '{{index .HostConfig.LogConfig.Config "max-size"}}')).toBe('1m');
    expect(inspectField(attacker, '{{.HostConfig.PidsLimit}}')).toBe('512');
    expect(() => execIn(attacker, ['touch', '/usr/local/bin/planted'])).toThrow();
  });

  it('should serve its desktop on a Unix socket only: no TCP port for anyone to reach', () => {
    expect(execIn(attacker, ['bash', '-c', 'test -S /run/atrium/vnc/rfb.sock && echo socket'])).toBe('socket');
    expect(tcpConnects(attacker, '127.0.0.1', 5901)).toBe(false);
    expect(tcpConnects(attacker, '127.0.0.1', 5900)).toBe(false);
  });
});

describe('from inside a workspace', () => {
  it.each(ROLE_PORTS)('should not reach %s:%i by name or by address', (service, port) => {
    const role = containerOf(service);
    // Control: the role does listen there, as another role sees it.
    expect(tcpConnects(containerOf('kasm_proxy'), service, port)).toBe(true);
    expect(tcpConnects(attacker, service, port)).toBe(false);
    for (const address of addressesOf(role)) expect(tcpConnects(attacker, address, port)).toBe(false);
  });

  it('should not reach the Docker host, through any of its gateways', () => {
    const control = gatewayOf(`${E2E_PROJECT}_control`);
    // Control: a role reaches the host's listener through its own network's gateway.
    expect(tcpConnects(containerOf('kasm_proxy'), control, hostPort)).toBe(true);
    for (const gateway of [gatewayOf(`${E2E_PROJECT}_egress`), control, gatewayOf(`${E2E_PROJECT}_targets`)]) {
      expect(tcpConnects(attacker, gateway, hostPort)).toBe(false);
    }
  });

  it("should not reach another user's workspace, by address or by name", () => {
    // The victim runs a server of its own (a second Xvnc on TCP); control: it answers inside the victim.
    execFileSync('docker', ['exec', '-d', victim, 'Xvnc', ':7', '-rfbport', '5977', '-SecurityTypes', 'None', '-geometry', '64x64']);
    const [victimAddress] = addressesOf(victim);
    let answers = false;
    for (let i = 0; i < 30 && !answers; i++) answers = tcpConnects(victim, victimAddress as string, 5977);
    expect(answers).toBe(true);
    expect(tcpConnects(attacker, victimAddress as string, 5977)).toBe(false);
    expect(tcpConnects(attacker, `atrium-session-${theirs.id}`, 5977)).toBe(false);
  });

  it('should have the host firewall refuse private, link-local (cloud metadata) and loopback ranges from the egress bridge', () => {
    // Probing 169.254.169.254 itself would send traffic off this machine if the rule were missing: check the rule.
    for (const range of ['169.254.0.0/16', '10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '127.0.0.0/8']) {
      expect(() =>
        execFileSync('iptables', ['-w', '-C', 'DOCKER-USER', '-i', E2E_EGRESS_BRIDGE, '-d', range, '-j', 'DROP'], { stdio: 'ignore' }),
      ).not.toThrow();
    }
    expect(() => execFileSync('iptables', ['-w', '-C', 'INPUT', '-i', E2E_EGRESS_BRIDGE, '-j', 'DROP'], { stdio: 'ignore' })).not.toThrow();
  });
});

describe('a workspace without egress', () => {
  it('should have no network at all', async () => {
    const session = await launchWorkspace(adminCookie, await smallWorkspace(adminCookie, 'offline-terminal', 'none'));
    launched.push(session.id);
    const container = sessionContainer(session.id);
    expect(inspectField(container, '{{.HostConfig.NetworkMode}}')).toBe('none');
    expect(execIn(container, ['ls', '/sys/class/net'])).toBe('lo');
  });
});
