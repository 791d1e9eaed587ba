// End-to-end tier: one RA1 stack (project "atrium-e2e", loopback ports 18443/18080) is brought up once
// for the run by global setup; the tests drive it over HTTPS and with the Docker CLI, one file at a time.
const preset = require('../../jest.preset.cjs');

module.exports = {
  ...preset,
  displayName: 'stack-e2e',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.e2e.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  globalSetup: '<rootDir>/src/support/global-setup.cjs',
  globalTeardown: '<rootDir>/src/support/global-teardown.cjs',
  maxWorkers: 1,
  testSequencer: '<rootDir>/src/support/sequencer.cjs',
  testTimeout: 180_000,
};
