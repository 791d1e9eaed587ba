// Shared jest settings: TypeScript through SWC, workspace libs resolved to their sources.
module.exports = {
  testEnvironment: 'node',
  testEnvironmentOptions: { customExportConditions: ['@atrium/source', 'node', 'require', 'default'] },
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '\\.int\\.spec\\.ts$', '/dist/'],
  // Build output and the staged image inputs (tmp/images) hold copies of workspace manifests: not modules.
  modulePathIgnorePatterns: ['/dist/', '<rootDir>/tmp/'],
};
