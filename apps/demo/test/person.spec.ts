/** What a new user meets beyond the happy path: help through Nx, JSON usage errors, long input, logs. */
import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createLineProgress } from '../src/render/progress.js';
import { outputOf, runCli, tempBaseDir, type CliRun } from './support/run-cli.js';

jest.setTimeout(120_000);

const WORKSPACE = join(__dirname, '..', '..', '..');

/** `npx nx run demo -- ...args` from the workspace root, as the README says. */
function runThroughNx(args: readonly string[]): Promise<CliRun> {
  // The packages and the demo are built already (the test target depends on their builds); skipping the
  // task dependencies keeps this nested Nx from rebuilding them while the outer run reads them.
  const nx = join(WORKSPACE, 'node_modules', '.bin', 'nx');
  return outputOf(
    spawn(nx, ['run', 'demo', '--excludeTaskDependencies', '--', ...args], {
      cwd: WORKSPACE,
      env: { ...process.env, NX_DAEMON: 'false', NX_TUI: 'false', NX_NO_CLOUD: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
}

describe('through nx, as the README says', () => {
  test('`npx nx run demo -- --help` prints the demo usage, not the Nx executor help', async () => {
    const run = await runThroughNx(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: demo [options]');
    expect(run.stdout).toContain('--product <name>');
    expect(run.stdout).not.toContain('nx:run-commands');
    expect(run.stdout).not.toContain('--parallel');
  });

  test('bad input through nx: the demo message once, one Nx failure banner (Nx itself exits 1)', async () => {
    const run = await runThroughNx(['--style', 'retro']);
    const output = run.stdout + run.stderr;
    expect(run.code).not.toBe(0);
    expect(output.match(/\[INVALID_STYLE\]/gu)).toHaveLength(1);
    expect(output.match(/Failed tasks:/gu)?.length ?? 0).toBeLessThanOrEqual(1);
  });
});

describe('smaller things a user notices', () => {
  test('--json with a usage error still prints one JSON document', async () => {
    const run = await runCli(['--json', '--bogus']);
    expect(run.code).toBe(2);
    const body = JSON.parse(run.stdout) as { ok: boolean; error: { error_code: string; message: string } };
    expect(body.ok).toBe(false);
    expect(body.error.error_code).toBe('INVALID_INPUT');
    expect(body.error.message).toContain('--bogus');
  });

  test('a product too long for a voiceover is named as the product, with its word count', async () => {
    const base = await tempBaseDir();
    try {
      const product = 'one two three four five six seven eight nine ten eleven twelve';
      const run = await runCli(['--product', product, '--base-dir', base.path]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('--product');
      expect(run.stderr).toContain('12 words');
      expect(await readdir(base.path)).toEqual([]);
    } finally {
      await base.remove();
    }
  });

  test('a long CTA is told its own length', async () => {
    const run = await runCli(['--cta', 'x'.repeat(45)]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('[INVALID_CTA]');
    expect(run.stderr).toContain('got 45');
  });

  test('a fresh jobs directory made by the run is removed with the job', async () => {
    const base = await tempBaseDir();
    try {
      const run = await runCli(['--base-dir', join(base.path, 'jobs')]);
      expect(run.code).toBe(0);
      expect(await readdir(base.path)).toEqual([]);
    } finally {
      await base.remove();
    }
  });

  test('plain progress lines come in the batch order, whatever order downloads finish in', () => {
    const written: string[] = [];
    const progress = createLineProgress({ write: (text: string) => written.push(text) }, ['a', 'b', 'c']);
    progress.complete(2, true, '3 B');
    progress.complete(0, true, '1 B');
    expect(written.join('')).toBe('  [1/3] a ok 1 B\n');
    progress.complete(1, false, 'ASSET_DOWNLOAD_FAILED');
    progress.close();
    expect(written.join('')).toBe(
      '  [1/3] a ok 1 B\n  [2/3] b failed ASSET_DOWNLOAD_FAILED\n  [3/3] c ok 3 B\n',
    );
  });
});
