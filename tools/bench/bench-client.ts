/**
 * What the benchmarks share: the running RA1 host's settings, an administrator's HTTPS client of its API, and
 * desktop streams through kasm_proxy. kasm_proxy is reached at its container's address, as a browser on
 * another machine reaches it through the published port's NAT; through 127.0.0.1 the host's port goes through
 * Docker's userland proxy instead, a copy no remote user pays (`--via-loopback` measures that path).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { join } from 'node:path';
import { passwordOfVncPasswdFile } from '@atrium/rfb';
import { RfbViewer } from '@atrium/testing';
import { startWebsockifyPeer } from './websockify-peer';
import WebSocket, { createWebSocketStream } from 'ws';

export const docker = (...argv: string[]) => execFileSync('docker', argv, { encoding: 'utf8' }).trim();

/** The VNC password of a session, from the password file the agent wrote in its directory (root can read it). */
export const sessionVncPassword = (sessionDir: string) => passwordOfVncPasswdFile(readFileSync(join(sessionDir, 'vnc-passwd')));

export const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
};

export interface Answer {
  status: number;
  body: string;
  cookie?: string;
}

export async function benchClient() {
  const project = process.env['COMPOSE_PROJECT_NAME'] ?? 'atrium';
  const publicPort = Number(process.env['ATRIUM_HTTPS_PORT'] ?? 443);
  const host = process.env['ATRIUM_HOSTNAME'] ?? 'localhost';
  const viaLoopback = process.argv.includes('--via-loopback');
  const serviceContainer = (service: string) =>
    docker('ps', '-q', '--filter', `label=com.docker.compose.project=${project}`, '--filter', `label=com.docker.compose.service=${service}`);
  const proxy = serviceContainer('kasm_proxy');
  const ca = docker('exec', proxy, 'cat', '/certs/tls.crt');
  // kasm_proxy's first network and its address there: where a peer is put to be reached the same way.
  const [proxyNetwork, proxyAddress] = docker(
    'inspect',
    '-f',
    '{{range $name, $net := .NetworkSettings.Networks}}{{$name}} {{$net.IPAddress}} {{end}}',
    proxy,
  ).split(' ') as [string, string];
  const address = viaLoopback ? '127.0.0.1' : proxyAddress;
  const port = viaLoopback ? publicPort : 8443;
  const hostHeader = `${host}${publicPort === 443 ? '' : `:${publicPort}`}`;
  let cookie = '';

  const api = (path: string, options: { method?: string; body?: unknown } = {}): Promise<Answer> => {
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: address,
          servername: host,
          port,
          path,
          method: options.method ?? 'GET',
          ca,
          agent: false,
          headers: { host: hostHeader, ...(payload && { 'content-type': 'application/json' }), ...(cookie && { cookie }) },
        },
        (res) => {
          let body = '';
          res.on('data', (chunk) => (body += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body, cookie: res.headers['set-cookie']?.[0]?.split(';')[0] }));
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  };

  /** A WebSocket to a wss URL with the generated certificate, as an RFB viewer. */
  const openWebSocket = (url: string, headers: Record<string, string> = {}): Promise<RfbViewer> => {
    // ws hands TLS options such as servername on to tls.connect, though its type does not name them.
    const options: WebSocket.ClientOptions & { servername: string } = {
      ca,
      servername: host,
      headers,
      origin: `https://${hostHeader}`,
      perMessageDeflate: false,
    };
    const ws = new WebSocket(url, ['binary'], options);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new RfbViewer(createWebSocketStream(ws))));
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      ws.once('error', reject);
    });
  };

  /**
   * Bytes/s of a static file fetched again and again over one kept-alive TLS connection to kasm_proxy for
   * `seconds`: what TLS through the same nginx allows this client on this machine, with no relay behind it.
   */
  const tlsDownload = async (path: string, seconds: number): Promise<number> => {
    const keepAlive = new Agent({ keepAlive: true, maxSockets: 1 });
    const fetchOnce = () =>
      new Promise<number>((resolve, reject) => {
        const req = request({ host: address, servername: host, port, path, ca, agent: keepAlive, headers: { host: hostHeader } }, (res) => {
          let bytes = 0;
          res.on('data', (chunk: Buffer) => (bytes += chunk.length));
          res.on('end', () => (res.statusCode === 200 ? resolve(bytes) : reject(new Error(`GET ${path}: HTTP ${res.statusCode}`))));
        });
        req.on('error', reject);
        req.end();
      });
    const started = performance.now();
    let bytes = 0;
    while (performance.now() - started < seconds * 1000) bytes += await fetchOnce();
    keepAlive.destroy();
    return bytes / ((performance.now() - started) / 1000);
  };

  const password = docker('exec', serviceContainer('webapp'), 'cat', '/var/lib/atrium/initial-admin-password');
  const login = await api('/api/auth/login', { method: 'POST', body: { username: 'admin', password } });
  if (login.status !== 200 || !login.cookie) throw new Error(`admin login failed: ${login.status}`);
  cookie = login.cookie;

  return {
    project,
    ca,
    viaLoopback,
    serviceContainer,
    api,
    /** Options of an HTTPS request to kasm_proxy as the signed-in administrator's browser (cookie and Origin). */
    requestOptions: (path: string, method = 'GET') => ({
      host: address,
      servername: host,
      port,
      path,
      method,
      ca,
      agent: false as const,
      headers: { host: hostHeader, cookie, origin: `https://${hostHeader}` } as Record<string, string>,
    }),
    openWebSocket,
    tlsDownload,
    /** websockify on `vncSocket` behind an nginx of kasm_proxy's image, settings, certificate and network. */
    websockifyPeer: (vncSocket: string, options: { publishOnLoopback?: boolean } = {}) =>
      startWebsockifyPeer(
        vncSocket,
        { cert: ca, key: docker('exec', proxy, 'cat', '/certs/tls.key') },
        docker('inspect', '-f', '{{.Config.Image}}', proxy),
        proxyNetwork,
        options.publishOnLoopback,
      ),
    openDesktop: (sessionId: string) => openWebSocket(`wss://${address}:${port}/desktop/${sessionId}/websockify`, { cookie, host: hostHeader }),
    /** Launches a workspace; resolves with the session id once it runs. */
    async launch(workspaceId: string): Promise<string> {
      const launched = await api('/api/sessions', { method: 'POST', body: { workspaceId } });
      const session = JSON.parse(launched.body) as { id: string; state: string };
      if (session.state !== 'running') throw new Error(`launch answered ${launched.status}: ${launched.body}`);
      return session.id;
    },
    async workspaceId(name: string): Promise<string> {
      const workspaces = JSON.parse((await api('/api/workspaces')).body) as { id: string; name: string }[];
      const found = workspaces.find((workspace) => workspace.name === name);
      if (!found) throw new Error(`no workspace ${name}`);
      return found.id;
    },
    /** The id of a workspace of this name, created with `spec` when missing. */
    async ensureWorkspace(spec: { name: string } & Record<string, unknown>): Promise<string> {
      await api('/api/workspaces', { method: 'POST', body: spec });
      return this.workspaceId(spec.name);
    },
    /** A group with these settings holding the administrator, created when missing. */
    async ensureGroup(name: string, settings: Record<string, unknown>): Promise<string> {
      await api('/api/groups', { method: 'POST', body: { name, priority: 1 } });
      const groups = JSON.parse((await api('/api/groups')).body) as { id: string; name: string }[];
      const group = groups.find((entry) => entry.name === name);
      if (!group) throw new Error(`no group ${name}`);
      const me = JSON.parse((await api('/api/auth/me')).body) as { id: string };
      await api(`/api/groups/${group.id}/settings`, { method: 'PUT', body: settings });
      await api(`/api/groups/${group.id}/members`, { method: 'PUT', body: { userIds: [me.id] } });
      return group.id;
    },
  };
}
