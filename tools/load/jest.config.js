module.exports = { displayName: 'load', preset: '../../jest.preset.js', testEnvironment: 'node' };
