module.exports = {
  displayName: 'subgraph-annuaire',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  coverageDirectory: '../../coverage/apps/subgraph-annuaire',
};
