import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadConfig } from '@atrium/config';
import { createLogger } from '@atrium/logging';
import { writeSelfSignedCertificate } from '@atrium/tls';
import { proxySettingsShape } from './proxy-settings';
import { renderNginxConf } from './render-nginx-conf';

/**
 * `nx serve kasm-proxy`: the front door in development. Renders the same nginx.conf as the image, pointed
 * at the dev servers on loopback, and runs the host's nginx on https://localhost:8443 until stopped;
 * tsx restarts it (re-rendering) whenever the generator changes.
 */
const root = resolve(__dirname, '..', '..', '..');
const runDir = join(root, 'tmp', 'kasm-proxy-dev');
const logger = createLogger('kasm_proxy-dev');

function ensureDevCertificate(): void {
  if (existsSync(join(runDir, 'tls.key'))) return;
  writeSelfSignedCertificate({ hostname: 'localhost', days: 30, keyPath: join(runDir, 'tls.key'), certPath: join(runDir, 'tls.crt') });
}

mkdirSync(runDir, { recursive: true });
ensureDevCertificate();
const settings = loadConfig(proxySettingsShape, {
  PUBLIC_HTTPS_PORT: '8443',
  TLS_CERT_PATH: join(runDir, 'tls.crt'),
  TLS_KEY_PATH: join(runDir, 'tls.key'),
  // The portal's build (nx build portal); `nx serve portal` instead serves it with hot reload on :5173.
  STATIC_ROOT: join(root, 'apps', 'portal', 'dist'),
  WEBAPP_UPSTREAM: '127.0.0.1:3000',
  WEBAPP_INTERNAL_UPSTREAM: '127.0.0.1:3001',
  CONNECTION_PROXY_UPSTREAM: '127.0.0.1:4000',
  DNS_RESOLVER: '127.0.0.1',
  RUN_DIR: runDir,
  // Under nx the process's stdout may be a socket nginx cannot open by path.
  ACCESS_LOG_PATH: join(runDir, 'access.log'),
});
const confPath = join(runDir, 'nginx.conf');
writeFileSync(confPath, renderNginxConf(settings));
const nginx = spawn('nginx', ['-c', confPath, '-p', runDir, '-e', 'stderr', '-g', 'daemon off;'], { stdio: 'inherit' });
nginx.on('exit', (code) => process.exit(code ?? 1));
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => nginx.kill('SIGQUIT'));
logger.info({ url: 'https://localhost:8443', config: confPath }, 'front door for development');
