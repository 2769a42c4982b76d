/** The fault server's own tests: each knob and the handler mode against real clients. */
module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'test-support',
};
