import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@atrium/config';
import { writeSelfSignedCertificate } from '@atrium/tls';
import { proxySettingsShape } from './proxy-settings';
import { renderNginxConf } from './render-nginx-conf';

/** Runs Debian's nginx -t on the rendered file, with a real certificate, as the image does. */
describe('rendered nginx.conf', () => {
  it('should pass nginx -t', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nginx-t-'));
    const runDir = join(dir, 'run');
    mkdirSync(runDir);
    writeSelfSignedCertificate({ hostname: 'localhost', days: 1, keyPath: join(dir, 'tls.key'), certPath: join(dir, 'tls.crt') });
    const settings = loadConfig(proxySettingsShape, {
      TLS_CERT_PATH: join(dir, 'tls.crt'),
      TLS_KEY_PATH: join(dir, 'tls.key'),
      RUN_DIR: runDir,
      STATIC_ROOT: dir,
    });
    const confPath = join(dir, 'nginx.conf');
    writeFileSync(confPath, renderNginxConf(settings));
    // stdout goes to /dev/null: nginx opens /dev/stdout for the access log, which a pipe to jest may not allow.
    const result = spawnSync('nginx', ['-t', '-c', confPath, '-p', dir, '-e', 'stderr'], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
    if (result.error) throw new Error(`nginx is not installed (apt-get install nginx-light): ${result.error.message}`);
    expect(result.stderr).toContain('test is successful');
    expect(result.status).toBe(0);
  });
});
