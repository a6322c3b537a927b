module.exports = { displayName: 'api-guide', preset: '../../jest.preset.js', testEnvironment: 'node', testTimeout: 60_000 };
