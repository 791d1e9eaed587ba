// Runs e2e files in name order, so that resilience.e2e.spec.ts (which stops and recreates roles) runs last.
const Sequencer = require('@jest/test-sequencer').default;

module.exports = class ByName extends Sequencer {
  sort(tests) {
    return [...tests].sort((a, b) => a.path.localeCompare(b.path));
  }
};
