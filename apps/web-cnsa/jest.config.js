module.exports = {
  displayName: 'web-cnsa',
  preset: '../../jest.preset.js',
  testEnvironment: 'jsdom',
  setupFiles: ['<rootDir>/src/test-setup.ts'],
  // d3-geo (and its d3-array / internmap) ship ES modules only.
  transformIgnorePatterns: ['node_modules/(?!(@codegouvfr/react-dsfr|tsafe|d3-geo|d3-array|internmap)/)'],
  coverageDirectory: '../../coverage/apps/web-cnsa',
};
