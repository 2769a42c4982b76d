import { readdir } from 'node:fs/promises';
import { ansiSequences, STACK_FRAME, runCli, tempBaseDir } from './support/run-cli.js';

jest.setTimeout(30_000);

describe('demo CLI flags', () => {
  let baseDir: Awaited<ReturnType<typeof tempBaseDir>>;
  beforeEach(async () => {
    baseDir = await tempBaseDir();
  });
  afterEach(async () => {
    await baseDir.remove();
  });

  test('--help lists every flag with its default, and exits 0 without running', async () => {
    const run = await runCli(['--help', '--base-dir', baseDir.path]);
    expect(run.code).toBe(0);
    for (const flag of [
      '--style',
      '--product',
      '--cta',
      '--keep',
      '--json',
      '--base-dir',
      '--help',
    ]) {
      expect(run.stdout).toContain(flag);
    }
    expect(run.stdout).toContain('luxury, energetic, minimal, bold');
    expect(run.stdout).toContain('"Premium Watch"');
    expect(run.stdout).toContain('"Shop Now"');
    expect(run.stderr).toBe('');
    expect(await readdir(baseDir.path)).toEqual([]);
  });

  test('an unknown flag is a usage error: exit 2, a hint on stderr, no stack trace', async () => {
    const run = await runCli(['--colour', '--base-dir', baseDir.path]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("unknown option '--colour'");
    expect(run.stderr).toContain('--help');
    expect(run.stderr).not.toMatch(STACK_FRAME);
    expect(run.stdout).toBe('');
  });

  test('a flag without its value is a usage error (exit 2)', async () => {
    const run = await runCli(['--base-dir', baseDir.path, '--style']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("'--style <style>' argument missing");
  });

  test('the default run prints every step and exits 0', async () => {
    const run = await runCli(['--base-dir', baseDir.path]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const steps = [
      'style luxury · product "Premium Watch" · CTA "Shop Now"',
      '1. Styles and the luxury scene plan',
      'styles: luxury, energetic, minimal, bold',
      'cost: 26 s of video $1.30 + 1 image $0.01 = $1.31',
      '2. Filled for the product and CTA',
      '[benefit statement] → scene 2',
      '[social proof] → scene 3',
      'sample script applied',
      '3. Embedded media server http://127.0.0.1:',
      '4. Job demo-',
      '[4/4]',
      "validated, probed and checked against each scene's spec (concurrency 3)",
      'scenes/scene_3.mp4',
      '5. Failures, handled',
      'attempt 1 failed: ASSET_DOWNLOAD_FAILED (HTTP 503), retried after',
      'permanent failure: scene_missing.mp4 → ASSET_DOWNLOAD_FAILED (HTTP 404), not retried, 1 request, nothing written',
      '"status": 502',
      'unsafe filename "../../etc/passwd" rejected: INVALID_INPUT, nothing written',
      'near-miss scene_1_take2.mp4 for scene 1 refused: ASSET_SPEC_MISMATCH, not retried, 1 request, nothing kept',
      '6. Disk usage and cleanup',
      'job directory removed',
      'Done in',
    ];
    let from = 0;
    for (const step of steps) {
      const at = run.stdout.indexOf(step, from);
      expect({ step, found: at >= 0 }).toEqual({ step, found: true });
      from = at;
    }
  });

  test('--style, --product and --cta reach the plan, the filled scenes and the voice-over', async () => {
    const run = await runCli([
      '--style',
      'bold',
      '--product',
      '  Trail Shoes ',
      '--cta',
      'Run Now',
      '--base-dir',
      baseDir.path,
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('style bold · product "Trail Shoes" · CTA "Run Now"');
    expect(run.stdout).toContain('1. Styles and the bold scene plan');
    expect(run.stdout).toMatch(/^ +4 +4 +image +Run Now /m);
    expect(run.stdout).toContain('Trail Shoes');
    expect(run.stdout).not.toContain('Premium Watch');
  });

  test('output to a pipe has no ANSI escapes: no colour, no progress bars, one line per finished download', async () => {
    const run = await runCli(['--base-dir', baseDir.path]);
    expect(run.code).toBe(0);
    expect(ansiSequences(run.stdout)).toEqual([]);
    expect(run.stdout).not.toContain('\r');
    expect(run.stdout.match(/^ {2}\[\d\/4\] scene_\d\.(mp4|png) ok /gm)).toHaveLength(4);
  });

  test('NO_COLOR wins over FORCE_COLOR', async () => {
    const run = await runCli(['--base-dir', baseDir.path], { NO_COLOR: '1', FORCE_COLOR: '1' });
    expect(run.code).toBe(0);
    expect(ansiSequences(run.stdout)).toEqual([]);
  });

  test('FORCE_COLOR colours piped output but draws no progress bars (not a TTY)', async () => {
    const run = await runCli(['--base-dir', baseDir.path], { FORCE_COLOR: '1' });
    expect(run.code).toBe(0);
    const sequences = ansiSequences(run.stdout);
    expect(sequences).toContain('[32m');
    expect(sequences.filter((sequence) => !sequence.endsWith('m'))).toEqual([]);
  });
});
