/**
 * Shared Jest settings for every project: ts-jest in CommonJS mode (transpile-only; the
 * `typecheck` target owns type errors), Node environment, and the ESM-only dependencies
 * transformed so CommonJS Jest can load them: p-retry and its helper, pretty-bytes (errors), and the media parsers of
 * asset-manager (file-type, music-metadata and their tokenizer helpers).
 */
const path = require('node:path');

const ESM_ONLY = [
  'p-retry',
  'is-network-error',
  'pretty-bytes',
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

/** Entry points that only have an `import` condition, which Jest's CommonJS resolver skips. */
const importOnly = (name, file) => path.join(__dirname, 'node_modules', name, file);

module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.[cm]?[tj]s$': [
      'ts-jest',
      {
        tsconfig: path.join(__dirname, 'tsconfig.jest.json'),
      },
    ],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY.join('|')})/)`],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  moduleNameMapper: {
    '^(\\.{1,2}/.*)\\.js$': '$1',
    '^file-type$': importOnly('file-type', 'index.js'),
    '^music-metadata$': importOnly('music-metadata', 'lib/index.js'),
    '^content-type$': path.join(__dirname, 'tools', 'jest', 'content-type-interop.cjs'),
    // The shared fault server runs from its TypeScript source in every project's tests: no build step.
    '^@ad-pipeline/test-support$': path.join(__dirname, 'libs', 'test-support', 'src', 'index.ts'),
  },
  testMatch: ['<rootDir>/src/**/*.(spec|test).ts', '<rootDir>/test/**/*.(spec|test).ts'],
  clearMocks: true,
};
