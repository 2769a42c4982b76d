import { readdir } from 'node:fs/promises';
import { ansiSequences, STACK_FRAME, runCli, tempBaseDir } from './support/run-cli.js';

jest.setTimeout(30_000);

const cases = [
  {
    name: 'an unknown style',
    args: ['--style', 'retro'],
    code: 'INVALID_STYLE',
    userMessage: 'The chosen style is not available',
    detail: 'luxury, energetic, minimal, bold',
  },
  {
    name: 'a 31-character CTA',
    args: ['--cta', 'x'.repeat(31)],
    code: 'INVALID_CTA',
    userMessage: 'The call to action is not valid',
    detail: '30',
  },
  {
    name: 'an empty product',
    args: ['--product', ''],
    code: 'MISSING_REQUIRED_FIELD',
    userMessage: 'A required field is missing',
    detail: 'roduct',
  },
  {
    name: 'a blank product',
    args: ['--product', '   '],
    code: 'MISSING_REQUIRED_FIELD',
    userMessage: 'A required field is missing',
    detail: 'roduct',
  },
];

describe('bad flag values', () => {
  let baseDir: Awaited<ReturnType<typeof tempBaseDir>>;
  beforeEach(async () => {
    baseDir = await tempBaseDir();
  });
  afterEach(async () => {
    await baseDir.remove();
  });

  test.each(cases)(
    '$name: exit 2, the user message and code on stderr, no stack trace, nothing written',
    async ({ args, code, userMessage, detail }) => {
      const run = await runCli([...args, '--base-dir', baseDir.path]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`[${code}]`);
      expect(run.stderr).toContain(userMessage);
      expect(run.stderr).toContain(detail);
      expect(run.stderr).not.toMatch(STACK_FRAME);
      expect(ansiSequences(run.stderr)).toEqual([]);
      expect(run.stdout).toBe('');
      expect(await readdir(baseDir.path)).toEqual([]);
    },
  );

  test.each(cases)(
    '$name with --json: one JSON error document on stdout, exit 2',
    async ({ args, code }) => {
      const run = await runCli([...args, '--json', '--base-dir', baseDir.path]);
      expect(run.code).toBe(2);
      const document = JSON.parse(run.stdout) as {
        ok: boolean;
        error: { error_code: string; user_message: string; message: string };
      };
      expect(document.ok).toBe(false);
      expect(document.error.error_code).toBe(code);
      expect(document.error.user_message.length).toBeGreaterThan(0);
      expect(run.stderr).toContain(`[${code}]`);
      expect(run.stderr).not.toMatch(STACK_FRAME);
    },
  );
});
