/**
 * The harness suites (`nx run harness:e2e`): they import the packages by npm name, so they
 * run against each package's built output, exactly as a consumer would.
 */
module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'harness',
  verbose: true,
  testTimeout: 30000,
  // Jest's verbose output and summary, then a closing `N passed, N failed` line (see the reporter).
  reporters: ['<rootDir>/summary-reporter.cjs'],
};
