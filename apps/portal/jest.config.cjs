// Unit tier: the portal's logic (*.spec.ts beside it), and components rendered to HTML on the server side.
const preset = require('../../jest.preset.cjs');
const swc = { jsc: { parser: { syntax: 'typescript', tsx: true }, transform: { react: { runtime: 'automatic' } }, target: 'es2022' } };

module.exports = {
  ...preset,
  displayName: 'portal',
  transform: { '^.+\\.tsx?$': ['@swc/jest', swc] },
  moduleFileExtensions: ['ts', 'tsx', 'js', 'json'],
  testMatch: ['<rootDir>/src/**/*.spec.ts?(x)'],
};
