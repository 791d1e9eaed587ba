// Unit tier: *.spec.ts beside the code. Integration tests (*.int.spec.ts) run from the root jest.int.config.cjs.
module.exports = { ...require('../../jest.preset.cjs'), displayName: 'tls' };
