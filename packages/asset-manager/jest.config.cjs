/** Unit tests; `@ad-pipeline/*` imports resolve to the sibling's source so no build is needed. */
const preset = require('../../jest.preset.cjs');

/**
 * ESM-only dependencies CommonJS Jest must transform: p-retry (preset) and the media parsers
 * (file-type, music-metadata and their tokenizer helpers).
 */
const ESM_ONLY = [
  'p-retry',
  'is-network-error',
  'file-type',
  'music-metadata',
  'strtok3',
  'token-types',
  '@tokenizer/inflate',
  'uint8array-extras',
  '@borewit/text-codec',
  'win-guid',
  'media-typer',
];

/** Import-only entry points (no `require`/`default` condition that Jest's resolver would take). */
const packageFile = (name, file) =>
  require('node:path').join(__dirname, '..', '..', 'node_modules', name, file);

module.exports = {
  ...preset,
  displayName: 'asset-manager',
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY.join('|')})/)`],
  moduleNameMapper: {
    ...preset.moduleNameMapper,
    '^@ad-pipeline/(errors|templates|asset-manager)$': '<rootDir>/../$1/src/index.ts',
    '^file-type$': packageFile('file-type', 'index.js'),
    '^music-metadata$': packageFile('music-metadata', 'lib/index.js'),
    '^content-type$': '<rootDir>/test/media/content-type-interop.cjs',
  },
};
