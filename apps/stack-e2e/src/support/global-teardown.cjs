// Removes the e2e stack with its volumes, unless ATRIUM_E2E_KEEP=1 (to look at it after a failure).
require('tsx/cjs');
const { composeCli } = require('../../../../libs/testing/src/index.ts');
const { COMPOSE_DIR, E2E_PROJECT, stackEnvironment } = require('./stack-settings.ts');

module.exports = async () => {
  if (process.env.ATRIUM_E2E_KEEP === '1') return;
  composeCli({ composeDir: COMPOSE_DIR, projectName: E2E_PROJECT, environment: stackEnvironment() }, ['down', '-v', '--remove-orphans', '-t', '10']);
};
