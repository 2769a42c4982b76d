import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTempDir, runNode, type TempDir } from '../src/index.js';

const fixtures = join(__dirname, 'fixtures');
let temp: TempDir;

beforeEach(async () => {
  temp = await makeTempDir('consumers');
});
afterEach(() => temp.remove());

describe.each([
  ['CommonJS require()', 'consumer.cjs', 'consumer-cjs'],
  ['ES module import', 'consumer.mjs', 'consumer-esm'],
])('consumers: %s', (_label, file, jobId) => {
  test('loads every package by name and uses a key export of each', async () => {
    const run = await runNode([join(fixtures, file), temp.path], { cwd: join(__dirname, '..') });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      errors: 'DISK_FULL: full',
      templates: ['luxury,energetic,minimal,bold', 'soft lighting, elegant, premium, refined'],
      assetManager: join(temp.path, jobId, 'scenes'),
    });
    // Constructing a manager does no I/O.
    expect(await readdir(temp.path)).toEqual([]);
  });
});
