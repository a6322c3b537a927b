module.exports = {
  displayName: 'graphql-client',
  preset: '../../jest.preset.js',
  testEnvironment: 'jsdom',
  coverageDirectory: '../../coverage/libs/graphql-client',
};
