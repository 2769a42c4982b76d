import { execFileSync } from 'node:child_process';
import path from 'node:path';

// The workspace lint rule (eslint.config.mjs) decides who may import test-support: tests only.
// ESLint runs in a child process: the config is ESM, which CommonJS Jest cannot import.

const ROOT = path.resolve(__dirname, '..', '..', '..');
const SCRIPT = `
import { ESLint } from 'eslint';
const eslint = new ESLint({ cwd: process.cwd() });
const out = {};
for (const [file, code] of JSON.parse(process.argv[1])) {
  const [result] = await eslint.lintText(code, { filePath: file });
  out[file] = result.messages.filter((m) => m.ruleId === '@nx/enforce-module-boundaries').map((m) => m.message);
}
console.log(JSON.stringify(out));
`;

const IMPORT_TEST_SUPPORT =
  "import { startFaultServer } from '@ad-pipeline/test-support';\nexport const use = startFaultServer;\n";

/** The module-boundary messages ESLint reports for each virtual file (path relative to the workspace). */
function boundaryMessages(files: Array<[string, string]>): Record<string, string[]> {
  const output = execFileSync(
    process.execPath,
    ['--input-type=module', '-e', SCRIPT, JSON.stringify(files)],
    {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, NX_DAEMON: 'false' },
    },
  );
  return JSON.parse(output.trim().split('\n').at(-1) ?? '{}') as Record<string, string[]>;
}

test('production sources of packages and apps may not import test-support; their tests may', () => {
  const production = [
    'packages/asset-manager/src/probe.ts',
    'packages/errors/src/probe.ts',
    'packages/templates/src/probe.ts',
    'apps/harness/src/probe.ts',
    'apps/demo/src/probe.ts',
  ];
  const tests = [
    'packages/asset-manager/src/probe.spec.ts',
    'packages/asset-manager/test/probe.ts',
    'packages/errors/src/probe.spec.ts',
    'apps/harness/test/probe.ts',
  ];
  const messages = boundaryMessages(
    [...production, ...tests].map((file) => [file, IMPORT_TEST_SUPPORT]),
  );
  for (const file of production)
    expect([file, messages[file]]).toEqual([
      file,
      [expect.stringMatching(/can only depend on libs tagged with/)],
    ]);
  for (const file of tests) expect([file, messages[file]]).toEqual([file, []]);
}, 60_000);

test('test-support itself imports nothing of ours', () => {
  const file = 'libs/test-support/src/probe.ts';
  const messages = boundaryMessages([
    [
      file,
      "import { AssetManager } from '@ad-pipeline/asset-manager';\nexport const use = AssetManager;\n",
    ],
  ]);
  expect(messages[file]).toHaveLength(1);
}, 60_000);
