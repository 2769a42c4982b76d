/** CLI tests: they run the built demo (`dist/main.js`) as a child process, as a user would. */
module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'demo',
};
