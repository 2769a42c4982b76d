import * as errors from '@ad-pipeline/errors';

test('imports the built errors package by name', () => {
  expect(errors.PACKAGE_NAME).toBe('@ad-pipeline/errors');
});
