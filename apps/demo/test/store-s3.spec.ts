/** `--store s3`: the job persisted to an embedded S3-protocol server, presigned, restored as a second worker. */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DemoReport } from '../src/report.js';
import { runCli } from './support/run-cli.js';

jest.setTimeout(60_000);

type JsonReport = { ok: boolean; problems: string[] } & DemoReport;

let scratch: string;
beforeEach(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'demo-store-test-'));
});
afterEach(async () => {
  await rm(scratch, { recursive: true, force: true });
});

test('persists, presigns, restores as a second worker, verifies, and leaves nothing behind', async () => {
  // TMPDIR points the S3 server's data and the second worker at the scratch dir, so leftovers show.
  const run = await runCli(['--store', 's3', '--json', '--base-dir', join(scratch, 'jobs')], {
    TMPDIR: scratch,
  });
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  const report = JSON.parse(run.stdout) as JsonReport;
  expect(report.problems).toEqual([]);
  const store = report.store;
  expect(store).toBeDefined();
  expect(store?.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect(store?.objects.map((object) => object.relativePath)).toEqual([
    'audio/voiceover.wav',
    'final/ad.mp4',
    'scenes/scene_1.mp4',
    'scenes/scene_2.mp4',
    'scenes/scene_3.mp4',
    'scenes/scene_4.png',
  ]);
  for (const object of store?.objects ?? []) expect(object.sha256).toMatch(/^[0-9a-f]{64}$/);
  expect(store?.presignedUrl).toContain('X-Amz-Signature=');
  expect(store?.presignedServesFinal).toBe(true);
  expect(store?.restoredFiles).toBe(6);
  expect(store?.secondWorkerJobDir.startsWith(scratch)).toBe(true);
  expect(store?.verifiedAgainstSpec).toHaveLength(4);
  expect(store?.deletedObjects).toBe(6);
  expect(await readdir(scratch)).toEqual([]);
});

test('the default run stays offline and local: no store section', async () => {
  const run = await runCli(['--json', '--base-dir', join(scratch, 'jobs')], { TMPDIR: scratch });
  expect(run.code).toBe(0);
  const report = JSON.parse(run.stdout) as JsonReport;
  expect(report.store).toBeUndefined();
});

test('an unknown store is a usage error (exit 2)', async () => {
  const run = await runCli(['--store', 'ftp']);
  expect(run.code).toBe(2);
  expect(run.stderr).toContain('Allowed choices are local, s3');
});
