module.exports = {
  displayName: 'gateway',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  coverageDirectory: '../../coverage/apps/gateway',
  // The tests start the subgraphs as child processes: give them time.
  testTimeout: 60_000,
};
