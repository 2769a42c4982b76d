/** Unit tests; `@ad-pipeline/*` imports resolve to the sibling's source so no build is needed. */
module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'asset-manager',
  moduleNameMapper: {
    ...require('../../jest.preset.cjs').moduleNameMapper,
    '^@ad-pipeline/(errors|templates|asset-manager)$': '<rootDir>/../$1/src/index.ts',
  },
};
