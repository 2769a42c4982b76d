import nx from '@nx/eslint-plugin';

/** Workspace lint rules; every project's eslint.config.mjs extends this one. */
export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  {
    ignores: ['**/dist', '**/out-tsc', '**/coverage', '**/node_modules', '**/.nx', 'tmp/**'],
  },
  {
    // Source and tests only: config files may import the workspace's shared presets.
    files: ['**/src/**/*.ts', '**/test/**/*.ts', '**/src/**/*.?(c|m)js', '**/test/**/*.?(c|m)js'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: [],
          depConstraints: [
            // Packages never import an app.
            { sourceTag: 'type:package', onlyDependOnLibsWithTags: ['type:package'] },
            // errors depends on no sibling.
            { sourceTag: 'scope:errors', onlyDependOnLibsWithTags: ['scope:errors'] },
            // templates and asset-manager may use errors only (never each other).
            { sourceTag: 'scope:templates', onlyDependOnLibsWithTags: ['scope:errors', 'scope:templates'] },
            {
              sourceTag: 'scope:asset-manager',
              onlyDependOnLibsWithTags: ['scope:errors', 'scope:asset-manager'],
            },
            // Apps consume packages only.
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:package'] },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
];
