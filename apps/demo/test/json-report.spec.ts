import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { DemoReport } from '../src/report.js';
import { ansiSequences, runCli, tempBaseDir } from './support/run-cli.js';

/** The `--json` document. */
type JsonReport = { ok: boolean; problems: string[] } & DemoReport;

jest.setTimeout(30_000);

const SECTIONS = [
  'input',
  'plan',
  'cost',
  'filled',
  'script',
  'server',
  'job',
  'downloads',
  'transientFailure',
  'permanentFailure',
  'unsafeFilename',
  'specMismatch',
  'diskUsage',
  'cleanup',
];

describe('--json', () => {
  let baseDir: Awaited<ReturnType<typeof tempBaseDir>>;
  beforeEach(async () => {
    baseDir = await tempBaseDir();
  });
  afterEach(async () => {
    await baseDir.remove();
  });

  test('prints exactly one JSON document holding every section, with no progress or colour', async () => {
    const run = await runCli(['--json', '--style', 'minimal', '--base-dir', baseDir.path], {
      FORCE_COLOR: '1',
    });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(ansiSequences(run.stdout)).toEqual([]);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(Object.keys(report)).toEqual(['ok', 'problems', ...SECTIONS]);
    expect(report.ok).toBe(true);
    expect(report.problems).toEqual([]);

    expect(report.input).toEqual({ style: 'minimal', product: 'Premium Watch', cta: 'Shop Now' });
    expect(report.plan.styles).toEqual(['luxury', 'energetic', 'minimal', 'bold']);
    expect(report.plan.scenes.map((scene) => scene.seconds)).toEqual([8, 8, 10, 4]);
    expect(report.cost.totalUsd).toBeCloseTo(1.31, 10);
    expect(report.filled.slots.map((slot) => slot.slot)).toEqual([
      'benefit statement',
      'social proof',
    ]);
    expect(report.script.scenes[1].voiceover).toContain(report.script.lines['benefit statement']);
    expect(report.script.scenes[0].voiceover).toContain('Premium Watch');
    expect(report.server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const assets = report.downloads.assets;
    expect(assets.map((asset) => [asset.filename, asset.ok, asset.valid, asset.kind])).toEqual([
      ['scene_1.mp4', true, true, 'video'],
      ['scene_2.mp4', true, true, 'video'],
      ['scene_3.mp4', true, true, 'video'],
      ['scene_4.png', true, true, 'image'],
    ]);
    for (const asset of assets) expect(asset.sha256).toMatch(/^[0-9a-f]{64}$/);
    // Real media: each asset's probe matches its scene's spec (sceneAssetSpec), checked on download.
    expect(
      assets.map((asset) => [asset.media?.durationSec, asset.media?.aspectRatio, asset.spec?.['durationSec']]),
    ).toEqual([
      [8, '9:16', 8],
      [8, '9:16', 8],
      [10, '9:16', 10],
      [undefined, '9:16', undefined],
    ]);
    expect(assets.map((asset) => asset.media?.videoCodec)).toEqual(['h264', 'h264', 'h264', undefined]);
    expect(report.specMismatch).toMatchObject({
      filename: 'scene_1_take2.mp4',
      sceneId: 1,
      code: 'ASSET_SPEC_MISMATCH',
      retryable: false,
      requests: 1,
      fileWritten: false,
      expected: { aspectRatio: '9:16' },
      actual: { aspectRatio: '16:9', minDurationSec: 5 },
    });

    expect(report.transientFailure).toMatchObject({
      filename: 'voiceover.wav',
      succeeded: true,
      requests: 2,
    });
    expect(report.transientFailure.retries).toEqual([
      expect.objectContaining({ attempt: 1, code: 'ASSET_DOWNLOAD_FAILED', status: 503 }),
    ]);

    const permanent = report.permanentFailure;
    expect(permanent).toMatchObject({
      code: 'ASSET_DOWNLOAD_FAILED',
      status: 404,
      retryable: false,
      requests: 1,
      fileWritten: false,
    });
    expect(permanent.userMessage).toBe(permanent.problemDetails.detail);
    expect(permanent.problemDetails).toMatchObject({
      code: 'ASSET_DOWNLOAD_FAILED',
      retryable: false,
      title: expect.any(String),
      status: expect.any(Number),
    });
    expect(permanent.problemDetails.instance).toBe(
      `/jobs/${report.job.jobId}/assets/scene_missing.mp4`,
    );

    expect(report.unsafeFilename).toMatchObject({
      filename: '../../etc/passwd',
      rejected: true,
      code: 'INVALID_INPUT',
      fileWritten: false,
    });

    expect(report.diskUsage.files).toEqual([
      join('scenes', 'scene_1.mp4'),
      join('scenes', 'scene_2.mp4'),
      join('scenes', 'scene_3.mp4'),
      join('scenes', 'scene_4.png'),
      join('audio', 'voiceover.wav'),
    ]);
    const sizes =
      assets.reduce((sum, asset) => sum + (asset.size ?? 0), 0) +
      (report.transientFailure.size ?? 0);
    expect(report.diskUsage.bytes).toBe(sizes);
    expect(report.cleanup).toEqual({ kept: false, jobDir: report.job.jobDir, jobDirExists: false });
  });

  test('the reported digests and sizes are those of the files on disk (--keep)', async () => {
    const run = await runCli(['--json', '--keep', '--base-dir', baseDir.path]);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as JsonReport;
    for (const asset of report.downloads.assets) {
      const bytes = await readFile(join(report.job.jobDir, asset.subdir, asset.filename));
      expect(bytes.length).toBe(asset.size);
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(asset.sha256);
    }
  });
});

describe('cleanup', () => {
  let baseDir: Awaited<ReturnType<typeof tempBaseDir>>;
  beforeEach(async () => {
    baseDir = await tempBaseDir();
  });
  afterEach(async () => {
    await baseDir.remove();
  });

  test('removes the job directory: --base-dir is empty afterwards', async () => {
    const run = await runCli(['--base-dir', baseDir.path]);
    expect(run.code).toBe(0);
    expect(await readdir(baseDir.path)).toEqual([]);
  });

  test('--keep leaves the job directory with every downloaded file, and says where', async () => {
    const run = await runCli(['--keep', '--base-dir', baseDir.path]);
    expect(run.code).toBe(0);
    const [jobId, ...others] = await readdir(baseDir.path);
    expect(others).toEqual([]);
    expect(jobId).toMatch(/^demo-/);
    const jobDir = join(baseDir.path, jobId as string);
    expect(run.stdout).toContain(`job directory kept (--keep): ${jobDir}`);
    expect((await readdir(join(jobDir, 'scenes'))).sort()).toEqual([
      'scene_1.mp4',
      'scene_2.mp4',
      'scene_3.mp4',
      'scene_4.png',
    ]);
    expect(await readdir(join(jobDir, 'audio'))).toEqual(['voiceover.wav']);
  });
});
