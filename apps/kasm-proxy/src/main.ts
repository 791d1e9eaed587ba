import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { createLogger } from '@atrium/logging';
import { parseProxySettings } from './proxy-settings';
import { renderNginxConf } from './render-nginx-conf';

/** Renders nginx.conf from the environment; the image's entrypoint then execs nginx on it. */
function main(): void {
  const { NGINX_CONF_PATH, ...settings } = parseProxySettings();
  mkdirSync(settings.RUN_DIR, { recursive: true });
  mkdirSync(dirname(NGINX_CONF_PATH), { recursive: true });
  writeFileSync(NGINX_CONF_PATH, renderNginxConf(settings));
  createLogger('kasm_proxy').info({ path: NGINX_CONF_PATH, hostname: settings.PUBLIC_HOSTNAME }, 'nginx configuration rendered');
}

main();
