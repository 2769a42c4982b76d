import nx from '@nx/eslint-plugin';

/** Test files: specs anywhere, and every file under a `test/` folder. */
const TEST_FILES = ['**/*.spec.ts', '**/*.test.ts', '**/test/**/*.ts', '**/test/**/*.?(c|m)js'];

/**
 * Which projects may import which (Nx module boundaries). `withTestSupport` is the same table for
 * test files, which may also import the private `@ad-pipeline/test-support` (the shared fault
 * server); production sources may not, so test code never ships in a package or an app.
 */
const depConstraints = (withTestSupport) => {
  const test = withTestSupport ? ['type:test-support'] : [];
  return [
    // Packages never import an app.
    { sourceTag: 'type:package', onlyDependOnLibsWithTags: ['type:package', ...test] },
    // errors depends on no sibling.
    { sourceTag: 'scope:errors', onlyDependOnLibsWithTags: ['scope:errors', ...test] },
    // templates and asset-manager may use errors only (never each other).
    {
      sourceTag: 'scope:templates',
      onlyDependOnLibsWithTags: ['scope:errors', 'scope:templates', ...test],
    },
    {
      sourceTag: 'scope:asset-manager',
      onlyDependOnLibsWithTags: ['scope:errors', 'scope:asset-manager', ...test],
    },
    // Apps consume packages only.
    { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:package', ...test] },
    // Test support imports nothing of ours: every project's tests (errors' too) use it, so any
    // import back would be a cycle.
    { sourceTag: 'type:test-support', onlyDependOnLibsWithTags: ['type:test-support'] },
  ];
};

const boundaries = (withTestSupport) => ({
  '@nx/enforce-module-boundaries': [
    'error',
    {
      enforceBuildableLibDependency: true,
      allow: [],
      depConstraints: depConstraints(withTestSupport),
    },
  ],
});

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
    rules: boundaries(false),
  },
  {
    files: TEST_FILES,
    rules: boundaries(true),
  },
  {
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
];
