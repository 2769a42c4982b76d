import { DEPENDS_ON, PACKAGE_NAME } from './index.js';

test('exports its name and sees errors', () => {
  expect(PACKAGE_NAME).toBe('@ad-pipeline/templates');
  expect(DEPENDS_ON).toBe('@ad-pipeline/errors');
});
