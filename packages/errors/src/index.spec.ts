import { PACKAGE_NAME } from './index.js';

test('exports its name', () => {
  expect(PACKAGE_NAME).toBe('@ad-pipeline/errors');
});
