/**
 * Shared Jest settings for every project: ts-jest in CommonJS mode (transpile-only; the
 * `typecheck` target owns type errors), Node environment, and the ESM-only dependencies
 * (p-retry and its helper, pretty-bytes) transformed so CommonJS Jest can load them.
 */
module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.[cm]?[tj]s$': [
      'ts-jest',
      {
        tsconfig: require('node:path').join(__dirname, 'tsconfig.jest.json'),
      },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!(p-retry|is-network-error|pretty-bytes)/)'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  moduleNameMapper: {
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testMatch: ['<rootDir>/src/**/*.(spec|test).ts', '<rootDir>/test/**/*.(spec|test).ts'],
  clearMocks: true,
};
