import { X509Certificate } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { adminPassword, containerOf, generatedCertificate, http, https, loginAsAdmin, logsOf, platformHealthy, userCookie } from './support/stack';
import { E2E_HTTPS_PORT } from './support/stack-settings';

beforeAll(() => platformHealthy());

describe('front door (kasm_proxy)', () => {
  it('should serve HTTPS with the certificate generated at first start', async () => {
    const health = await https('/api/health');
    expect(health.status).toBe(200);
    const generated = new X509Certificate(generatedCertificate());
    expect(health.peerFingerprint).toBe(generated.fingerprint256);
    expect(generated.checkHost('localhost')).toBe('localhost');
  });

  it('should report every role healthy: database, registered agent, connection proxy and guacd', async () => {
    const health = (await https('/api/health')).json<{ status: string; components: Record<string, { status: string; registered?: number }> }>();
    expect(health.status).toBe('ok');
    expect(health.components['database']?.status).toBe('ok');
    expect(health.components['agents']).toMatchObject({ status: 'ok', registered: 1, online: 1 });
    expect(health.components['connectionProxy']?.status).toBe('ok');
    expect(health.components['guacd']?.status).toBe('ok');
  });

  it('should redirect plain HTTP to HTTPS on the configured name, ignoring the Host header', async () => {
    const response = await http('/some/page?x=1');
    expect(response.status).toBe(301);
    expect(response.headers['location']).toBe(`https://localhost:${E2E_HTTPS_PORT}/some/page?x=1`);
  });

  it('should serve the portal with security headers', async () => {
    const page = await https('/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Atrium</title>');
    expect(page.headers['strict-transport-security']).toContain('max-age=');
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
  });
});

describe('login through the proxy', () => {
  it('should answer 401 in the error envelope without a session', async () => {
    for (const path of ['/api/auth/me', '/api/workspaces']) {
      const response = await https(path);
      expect(response.status).toBe(401);
      expect(response.json()).toEqual({ code: 'unauthorized', message: 'Sign in first.' });
    }
  });

  it('should sign the generated admin in and keep them signed in with the cookie', async () => {
    const cookie = await loginAsAdmin();
    const me = await https('/api/auth/me', { cookie });
    expect(me.status).toBe(200);
    expect(me.json()).toMatchObject({ username: 'admin', role: 'admin' });
  });

  it('should never write the generated password to a log, only to the file npm run admin-password reads', async () => {
    const password = adminPassword();
    expect(password.length).toBeGreaterThan(16);
    for (const service of ['webapp', 'setup', 'agent', 'connection_proxy', 'kasm_proxy']) expect(logsOf(service)).not.toContain(password);
    expect(logsOf('webapp')).toContain('initial administrator created');
  });
});

describe('the door to internal routes', () => {
  it.each([
    '/api/internal/desktop-authorization',
    '/api/INTERNAL/desktop-authorization',
    '/api/Internal/remote-authorization',
    '/api/%49nternal/desktop-authorization',
    '/api/internal%2Fdesktop-authorization',
    '/api/internal/desktop-authorization/',
    '/api/./internal/desktop-authorization',
    '/api//internal/desktop-authorization',
    '/internal/desktop-authorization',
    '/internal/agents/register',
    '/_atrium/desktopAuthorization',
  ])('should answer %s with 404 in the envelope, and never a connect token', async (path) => {
    const cookie = await loginAsAdmin();
    const response = await https(path, { cookie, origin: `https://localhost:${E2E_HTTPS_PORT}` });
    expect(response.status).toBe(404);
    expect(response.json()).toMatchObject({ code: 'not_found' });
    expect(response.headers['x-atrium-connect-token']).toBeUndefined();
    expect(response.headers['x-atrium-agent-upstream']).toBeUndefined();
  });
});

describe("nginx's own answers", () => {
  it('should carry the security headers on the viewer pages too', async () => {
    const page = await https('/desktop/0b6c4c1e-3f1a-4c55-9d7e-2a1f0c9b8e77/');
    expect(page.status).toBe(200);
    for (const header of ['strict-transport-security', 'x-frame-options', 'x-content-type-options', 'referrer-policy', 'content-security-policy']) {
      expect(page.headers[header]).toBeDefined();
    }
  });

  it('should refuse a body over the limit with 413 in the envelope, not an HTML page', async () => {
    const response = await https('/api/auth/login', { method: 'POST', body: { username: 'x', password: 'y'.repeat(2 * 1024 * 1024) } });
    expect(response.status).toBe(413);
    expect(response.headers['content-type']).toContain('application/json');
    expect(response.json()).toMatchObject({ code: 'payload_too_large' });
  });

  it('should refuse a URI over the limit with 414 in the envelope', async () => {
    const response = await https(`/api/${'a'.repeat(9000)}`);
    expect(response.status).toBe(414);
    expect(response.json()).toMatchObject({ code: 'uri_too_long' });
  });
});

describe('sign-in throttling through the proxy', () => {
  it('should refuse the guessing address with 429 and Retry-After, whatever forwarding headers it sends', async () => {
    const cookie = await loginAsAdmin();
    await userCookie(cookie, 'tina');
    const guesses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const spoofed = { 'x-forwarded-for': `198.51.100.${i}`, 'x-real-ip': `203.0.113.${i}` };
      guesses.push((await https('/api/auth/login', { method: 'POST', body: { username: 'tina', password: `guess-${i}` }, headers: spoofed })).status);
    }
    expect(guesses.slice(0, 10).every((status) => status === 401)).toBe(true);
    expect(guesses[10]).toBe(429);
    const refused = await https('/api/auth/login', { method: 'POST', body: { username: 'tina', password: 'tina-password-123' } });
    expect(refused.status).toBe(429);
    // The control plane's sign-in throttle, not nginx's request rate (which answers too_many_requests).
    expect(refused.json()).toMatchObject({ code: 'too_many_attempts' });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('should still let the right password in from another address', () => {
    // Another client address: inside the stack, from the connection proxy's container to kasm_proxy.
    const script = `fetch('https://kasm_proxy:8443/api/auth/login',{method:'POST',headers:{'content-type':'application/json'},body:JSON.stringify({username:'tina',password:'tina-password-123'})}).then(r=>console.log(r.status))`;
    const status = execFileSync('docker', ['exec', '-e', 'NODE_TLS_REJECT_UNAUTHORIZED=0', containerOf('connection_proxy'), 'node', '-e', script], {
      encoding: 'utf8',
    }).trim();
    expect(status).toBe('200');
  });
});
