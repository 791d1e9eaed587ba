// Starts the one PostgreSQL every integration test file shares, and hands its address to the workers.
// Global setup runs outside jest's module system, so the testing lib is loaded from its source through tsx.
require('tsx/cjs');
const { startPostgres } = require('../../libs/testing/src/index.ts');

module.exports = async () => {
  const postgres = await startPostgres();
  globalThis.__ATRIUM_POSTGRES__ = postgres;
  process.env.ATRIUM_TEST_POSTGRES = JSON.stringify(postgres.settings);
};
