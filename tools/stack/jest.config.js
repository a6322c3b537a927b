module.exports = { displayName: 'stack', preset: '../../jest.preset.js', testEnvironment: 'node', passWithNoTests: true };
