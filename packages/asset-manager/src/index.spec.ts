import { DEPENDS_ON, PACKAGE_NAME } from './index.js';

test('exports its name and sees errors', () => {
  expect(PACKAGE_NAME).toBe('@ad-pipeline/asset-manager');
  expect(DEPENDS_ON).toBe('@ad-pipeline/errors');
});
