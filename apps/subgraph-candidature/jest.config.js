module.exports = {
  displayName: 'subgraph-candidature',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  coverageDirectory: '../../coverage/apps/subgraph-candidature',
  testTimeout: 60000,
};
