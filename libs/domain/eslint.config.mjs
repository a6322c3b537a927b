import baseConfig from '../../eslint.config.mjs';

// The rules stay pure: no Node built-in (I/O, network, processes) and no framework, so that the
// browser apps and the subgraphs run the very same functions.
const IO_MODULES = ['fs', 'fs/promises', 'http', 'https', 'http2', 'net', 'tls', 'dgram', 'dns', 'child_process', 'cluster', 'worker_threads', 'os', 'process', 'path', 'crypto', 'stream', 'zlib'];

export default [
  ...baseConfig,
  {
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: IO_MODULES.map((name) => ({ name, message: 'libs/domain is pure: no I/O here.' })),
          patterns: [
            { group: ['node:*'], message: 'libs/domain is pure: no Node built-ins here.' },
            { group: ['react', 'react-*', 'typeorm', 'type-graphql', 'graphql', '@apollo/*', 'pg'], message: 'libs/domain is framework-free.' },
          ],
        },
      ],
    },
  },
];
