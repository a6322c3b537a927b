module.exports = {
  displayName: 'subgraph-grading-grid',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  coverageDirectory: '../../coverage/apps/subgraph-grading-grid',
};
