/** CLI tests: they run the built demo (`dist/main.js`) as a child process, as a user would. */
const preset = require('../../jest.preset.cjs');

module.exports = {
  ...preset,
  displayName: 'demo',
  // string-width and its helpers are ESM-only, like p-retry: CommonJS Jest transforms them.
  transformIgnorePatterns: [
    '/node_modules/(?!(p-retry|is-network-error|string-width|strip-ansi|ansi-regex|get-east-asian-width)/)',
  ],
};
