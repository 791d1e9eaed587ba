// Removes the e2e stack with its volumes, unless ATRIUM_E2E_KEEP=1 (to look at it after a failure).
require('tsx/cjs');
const { npmRunDown } = require('./stack-settings.ts');

module.exports = async () => {
  if (process.env.ATRIUM_E2E_KEEP === '1') return;
  npmRunDown(['-v', '--remove-orphans', '-t', '10']);
};
