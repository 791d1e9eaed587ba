// Brings the RA1 stack up once for the whole e2e run. Images are built beforehand by `npm test`
// (tools/scripts/test-all.sh); a missing image fails here with compose's own message.
require('tsx/cjs');
const { startComposeStack } = require('../../../../libs/testing/src/index.ts');
const { execFileSync } = require('node:child_process');
const { join } = require('node:path');
const { COMPOSE_DIR, E2E_EGRESS_BRIDGE, E2E_PROJECT, npmRunDown, stackEnvironment } = require('./stack-settings.ts');

module.exports = async () => {
  const options = { composeDir: COMPOSE_DIR, projectName: E2E_PROJECT, environment: stackEnvironment() };
  // A stack left over from an interrupted run would carry its old volumes: start from nothing.
  npmRunDown(['-v', '--remove-orphans']);
  execFileSync('bash', [join(__dirname, '..', '..', '..', '..', 'tools', 'scripts', 'egress-firewall.sh'), E2E_EGRESS_BRIDGE], { stdio: 'inherit' });
  globalThis.__ATRIUM_STACK__ = await startComposeStack(options);
};
