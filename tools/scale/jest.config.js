module.exports = { displayName: 'scale', preset: '../../jest.preset.js', testEnvironment: 'node' };
