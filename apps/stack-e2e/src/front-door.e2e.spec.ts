import { X509Certificate } from 'node:crypto';
import { generatedCertificate, http, https, loginAsAdmin, platformHealthy, logsOf, adminPassword } from './support/stack';
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

  it('should serve the placeholder UI with security headers', async () => {
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

  it('should have shown the generated password once in the webapp log, and no other secret', async () => {
    const password = adminPassword();
    const lines = logsOf('webapp')
      .split('\n')
      .filter((line) => line.includes(password));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('initial administrator created');
  });
});
