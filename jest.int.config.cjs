// Integration tier: *.int.spec.ts in every project, against one real PostgreSQL from testcontainers
// started once for the run (tools/testing/int-global-setup.cjs); each test file gets its own database.
const preset = require('./jest.preset.cjs');

module.exports = {
  ...preset,
  displayName: 'integration',
  rootDir: __dirname,
  testMatch: ['<rootDir>/{apps,libs}/*/src/**/*.int.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  globalSetup: '<rootDir>/tools/testing/int-global-setup.cjs',
  globalTeardown: '<rootDir>/tools/testing/int-global-teardown.cjs',
  testTimeout: 60_000,
};
