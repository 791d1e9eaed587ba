import { execFileSync } from 'node:child_process';
import { request as httpsRequest } from 'node:https';
import { request as httpRequest } from 'node:http';
import { composeCli } from '@atrium/testing';
import { COMPOSE_DIR, E2E_HOSTNAME, E2E_HTTP_PORT, E2E_HTTPS_PORT, E2E_PROJECT, stackEnvironment } from './stack-settings';

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  json<T = Record<string, unknown>>(): T;
  peerFingerprint?: string;
}

const docker = (args: string[]) => execFileSync('docker', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

export const compose = (args: string[]) => composeCli({ composeDir: COMPOSE_DIR, projectName: E2E_PROJECT, environment: stackEnvironment() }, args);

/** The id of the (one) container of a compose service, running or not. */
export function containerOf(service: string): string {
  const id = docker(['ps', '-aq', '--filter', `label=com.docker.compose.project=${E2E_PROJECT}`, '--filter', `label=com.docker.compose.service=${service}`]);
  if (!id) throw new Error(`no container for service ${service}`);
  return id.split('\n')[0] as string;
}

export const execIn = (service: string, command: string[]) => docker(['exec', containerOf(service), ...command]);
export const logsOf = (service: string) => execFileSync('docker', ['logs', containerOf(service)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

let certificate: string | undefined;
/** The certificate the first start generated, read from the proxy's volume. */
export function generatedCertificate(): string {
  certificate ??= execIn('kasm_proxy', ['cat', '/certs/tls.crt']);
  return certificate;
}

export const adminPassword = () => execIn('webapp', ['cat', '/var/lib/atrium/initial-admin-password']);

function answer(status: number, headers: HttpAnswer['headers'], body: string, peerFingerprint?: string): HttpAnswer {
  return { status, headers, body, json: () => JSON.parse(body), ...(peerFingerprint && { peerFingerprint }) };
}

/** HTTPS to the stack's public port, verifying the server against the generated certificate. */
export function https(
  path: string,
  options: { method?: string; cookie?: string; body?: unknown; origin?: string; headers?: Record<string, string>; port?: number; ca?: string } = {},
): Promise<HttpAnswer> {
  // Another stack on this host answers on its own port, with its own certificate (a restored copy: the same one).
  const port = options.port ?? E2E_HTTPS_PORT;
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      {
        host: '127.0.0.1',
        servername: E2E_HOSTNAME,
        port,
        path,
        method: options.method ?? 'GET',
        ca: options.ca ?? generatedCertificate(),
        // A fresh connection each time: a reused TLS session reports no peer certificate to check.
        agent: false,
        headers: {
          host: `${E2E_HOSTNAME}:${port}`,
          ...(payload && { 'content-type': 'application/json' }),
          ...(options.cookie && { cookie: options.cookie }),
          ...(options.origin && { origin: options.origin }),
          ...options.headers,
        },
      },
      (res) => {
        const fingerprint = (res.socket as import('node:tls').TLSSocket).getPeerCertificate().fingerprint256;
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve(answer(res.statusCode ?? 0, res.headers, body, fingerprint)));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** Plain HTTP to the stack's port 80 equivalent (which only redirects). */
export function http(path: string): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    httpRequest({ host: '127.0.0.1', port: E2E_HTTP_PORT, path, headers: { host: `evil.example:${E2E_HTTP_PORT}` } }, (res) => {
      res.resume();
      res.on('end', () => resolve(answer(res.statusCode ?? 0, res.headers, '')));
    })
      .on('error', reject)
      .end();
  });
}

/** Signs in as the generated administrator and returns the session cookie. */
export async function loginAsAdmin(): Promise<string> {
  const response = await https('/api/auth/login', { method: 'POST', body: { username: 'admin', password: adminPassword() } });
  if (response.status !== 200) throw new Error(`admin login answered ${response.status}: ${response.body}`);
  const setCookie = response.headers['set-cookie']?.[0] ?? '';
  return setCookie.split(';')[0] as string;
}

/** Polls until `check` passes or the time is up (then throws the last failure). */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 60_000, intervalMs = 1_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}

/** Waits until /api/health reports every component ok. */
export const platformHealthy = () =>
  eventually(async () => {
    const health = await https('/api/health');
    if (health.status !== 200) throw new Error(`platform not healthy: ${health.body}`);
    return health.json();
  }, 120_000);

/** Signs a user in and returns the session cookie. */
export async function signIn(username: string, password: string): Promise<string> {
  const response = await https('/api/auth/login', { method: 'POST', body: { username, password } });
  if (response.status !== 200) throw new Error(`login of ${username} answered ${response.status}: ${response.body}`);
  return String(response.headers['set-cookie']?.[0]).split(';')[0] as string;
}

/** Creates a user as the administrator (if missing) and signs them in. */
export async function userCookie(adminCookie: string, username: string, password = `${username}-password-123`): Promise<string> {
  await https('/api/users', { method: 'POST', cookie: adminCookie, body: { username, password } });
  return signIn(username, password);
}
