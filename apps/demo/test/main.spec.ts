import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

test('the built demo runs', () => {
  const out = execFileSync(process.execPath, [join(__dirname, '..', 'dist', 'main.js')], { encoding: 'utf8' });
  expect(out).toContain('@ad-pipeline/asset-manager');
});
