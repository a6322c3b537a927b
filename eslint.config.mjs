// Lint for the whole workspace. The module-boundary rule makes the dependency picture a checked fact:
// apps never import apps, libs/domain stays free of I/O and frameworks (the browser apps import it).
import nx from '@nx/eslint-plugin';

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  { ignores: ['**/dist', '**/node_modules', '**/data', '**/*.d.ts', '**/vite.config.*.timestamp*', 'tmp/**'] },
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.js', '**/*.jsx', '**/*.mjs', '**/*.cjs'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:domain', 'type:server', 'type:ui', 'type:data'] },
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:domain', 'type:server', 'type:data'] },
            { sourceTag: 'type:server', onlyDependOnLibsWithTags: ['type:domain'] },
            { sourceTag: 'type:ui', onlyDependOnLibsWithTags: ['type:domain', 'type:data'] },
            { sourceTag: 'type:data', onlyDependOnLibsWithTags: ['type:domain'] },
            {
              sourceTag: 'type:domain',
              onlyDependOnLibsWithTags: ['type:domain'],
              // Pure rules: only the official administrative lists and the test tool.
              allowedExternalImports: ['@etalab/decoupage-administratif', 'fast-check'],
            },
            { sourceTag: 'scope:porteur', onlyDependOnLibsWithTags: ['scope:porteur', 'scope:shared'] },
            { sourceTag: 'scope:instructeur', onlyDependOnLibsWithTags: ['scope:instructeur', 'scope:shared'] },
            { sourceTag: 'scope:cnsa', onlyDependOnLibsWithTags: ['scope:cnsa', 'scope:shared'] },
            { sourceTag: 'scope:gateway', onlyDependOnLibsWithTags: ['scope:gateway', 'scope:shared'] },
            { sourceTag: 'scope:annuaire', onlyDependOnLibsWithTags: ['scope:annuaire', 'scope:shared'] },
            { sourceTag: 'scope:candidature', onlyDependOnLibsWithTags: ['scope:candidature', 'scope:shared'] },
            { sourceTag: 'scope:grading-grid', onlyDependOnLibsWithTags: ['scope:grading-grid', 'scope:shared'] },
            { sourceTag: 'scope:e2e', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:tools', onlyDependOnLibsWithTags: ['scope:shared'] },
          ],
        },
      ],
      '@typescript-eslint/no-explicit-any': 'warn',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Tool configuration files reach the workspace root on purpose.
    files: ['**/eslint.config.mjs', '**/jest.config.js', '**/vite.config.mts', 'jest.preset.js'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
  {
    // Tests check `errors` first, then read `data!`: the assertion is the guard, a `?.` chain would hide a failure.
    files: ['**/*.spec.ts', '**/*.spec.tsx', '**/*.e2e.spec.ts', '**/testing.ts', '**/*.testing.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
];
