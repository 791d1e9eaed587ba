import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '@atrium/config';
import { proxySettingsShape } from './proxy-settings';
import { renderNginxConf } from './render-nginx-conf';

/** Golden files: set UPDATE_GOLDEN=1 to rewrite them after an intended change, then review the diff. */
function expectGolden(name: string, actual: string): void {
  const path = join(__dirname, '__golden__', name);
  if (process.env['UPDATE_GOLDEN'] === '1') writeFileSync(path, actual);
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

const settingsFrom = (env: Record<string, string>) => loadConfig(proxySettingsShape, env);

describe('renderNginxConf', () => {
  it('should render the default RA1 front door', () => {
    expectGolden('default.nginx.conf', renderNginxConf(settingsFrom({})));
  });

  it('should render a custom hostname, port and certificate', () => {
    const settings = settingsFrom({
      PUBLIC_HOSTNAME: 'desk.example.org',
      PUBLIC_HTTPS_PORT: '8443',
      TLS_CERT_PATH: '/custom-tls/fullchain.pem',
      TLS_KEY_PATH: '/custom-tls/privkey.pem',
    });
    expectGolden('custom-host.nginx.conf', renderNginxConf(settings));
  });

  it('should redirect plain HTTP to the configured name, not to the Host header', () => {
    const conf = renderNginxConf(settingsFrom({ PUBLIC_HOSTNAME: 'desk.example.org', PUBLIC_HTTPS_PORT: '8443' }));
    expect(conf).toContain('return 301 https://desk.example.org:8443$request_uri;');
    expect(conf).not.toMatch(/return 301 https:\/\/\$host/);
  });

  it.each([
    ['PUBLIC_HOSTNAME', 'evil; include /etc/passwd'],
    ['TLS_CERT_PATH', '/certs/a b.crt'],
    ['WEBAPP_UPSTREAM', 'webapp:3000; proxy_pass http://x'],
  ])('should refuse %s values that could inject directives', (variable, value) => {
    expect(() => settingsFrom({ [variable]: value })).toThrow(`invalid setting ${variable}`);
  });
});
