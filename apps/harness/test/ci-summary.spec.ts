import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTempDir, runNode, type TempDir } from '../src/index.js';

/**
 * `tools/ci/summarize-tests.mjs`, which `npm test` and `.ci/run` end with: only the tail of CI's
 * output is read, so each failed suite and test must be named there exactly once, whatever else
 * the log holds. The log below is shaped like `nx run-many --outputStyle=static` output: a verbose
 * project (✕ lines) and a plain one (● reports only), Jest's repeated "Summary of all failing
 * tests", console output that looks like a failure, and a summary this script printed earlier
 * (as in `.ci/run`, which summarizes `npm test`'s own output again).
 */

const SCRIPT = join(__dirname, '..', '..', '..', 'tools', 'ci', 'summarize-tests.mjs');

const LOG = `
> nx run harness:e2e

 PASS   harness  test/ok.spec.ts
  ✓ works (3 ms)
  ● Console

    console.log
      ✕ a console line that looks like a failure

 FAIL   harness  test/planted.spec.ts (6.2 s)
  ● Console

    console.log
      printed by the failing suite

  outer
    ✕ fails here (12 ms)
    ✓ passes (1 ms)

  ● outer › fails here

    expect(received).toEqual(expected)

    Expected: 1
    Received: 2

      at Object.<anonymous> (test/planted.spec.ts:4:5)

 FAIL   harness  test/broken.spec.ts
  ● Test suite failed to run

    Cannot find module './does-not-exist' from 'test/broken.spec.ts'

Summary of all failing tests
 FAIL  test/planted.spec.ts (6.2 s)
  ● outer › fails here

    expect(received).toEqual(expected)

 FAIL  test/broken.spec.ts
  ● Test suite failed to run

    Cannot find module './does-not-exist' from 'test/broken.spec.ts'

Test Suites: 2 failed, 1 passed, 3 total
Tests:       1 failed, 2 passed, 3 total

> nx run errors:test

 FAIL   errors  src/plain.spec.ts
  ● a › b › c

    boom
      ● not a title: a bullet inside a message

Test Suites: 1 failed, 4 passed, 5 total
Tests:       1 failed, 40 passed, 40 total

Jest projects reported: 2
✕ harness test/planted.spec.ts
  ● outer › fails here — expect(received).toEqual(expected) / Expected: 1 / Received: 2
2 passed, 2 failed, 0 skipped
`;

let temp: TempDir;
beforeAll(async () => {
  temp = await makeTempDir('ci-summary');
});
afterAll(async () => {
  await temp?.remove();
});

test('names each failed suite once, with the first lines of each failed test, before the totals', async () => {
  const log = join(temp.path, 'run.log');
  await writeFile(log, LOG);
  const run = await runNode([SCRIPT, '--label', 'v20', log]);
  expect(run.code).toBe(1);
  expect(run.stdout.trimEnd().split('\n')).toEqual([
    'Jest projects reported: 2',
    'Test suites failed: 3',
    '✕ harness test/planted.spec.ts',
    '  ● outer › fails here — expect(received).toEqual(expected) / Expected: 1 / Received: 2',
    '✕ harness test/broken.spec.ts',
    "  ● Test suite failed to run — Cannot find module './does-not-exist' from 'test/broken.spec.ts'",
    '✕ errors src/plain.spec.ts',
    '  ● a › b › c — boom / ● not a title: a bullet inside a message',
    'v20: 42 passed, 2 failed, 0 skipped',
  ]);
});

test('a green log names nothing and exits 0', async () => {
  const log = join(temp.path, 'green.log');
  await writeFile(log, ' PASS   errors  src/a.spec.ts\n  ✕ printed by a test, not a failure\nTests:       3 passed, 3 total\n');
  const run = await runNode([SCRIPT, log]);
  expect(run.code).toBe(0);
  expect(run.stdout.trimEnd().split('\n')).toEqual(['Jest projects reported: 1', '3 passed, 0 failed, 0 skipped']);
});
