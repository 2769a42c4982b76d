import { createHash } from 'node:crypto';
import { copyFile, link, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DeleteObjectCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { startS3Server, S3RVER_CREDENTIALS } from '../../s3-server.js';
import { benchError } from '../bench-error.js';
import { formatBytes } from '../config.js';
import { makeFigure, type Figure } from '../report/figure.js';
import { runProcess } from '../run-process.js';
import { alternatingSchedule, median, Samples } from '../stats.js';
import type { BenchContext } from './context.js';
import type { PersistTask } from './persist-job-worker.js';

type Contender = PersistTask['contender'];

// The SDK's Node-version notice (the first name for older SDK releases, the second for 3.11xx) would otherwise interleave with the bench's progress output.
process.env['AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE'] = '1';
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';

const MiB = 1024 * 1024;
const JOB_ID = 'bench-persist';
const FILENAME = 'big.bin';
const WORKER_PATH = fileURLToPath(new URL('./persist-job-worker.js', import.meta.url));
const KEY = `${JOB_ID}/final/${FILENAME}`;

/** Streams the stored object back and checks its SHA-256 (outside the timed region). */
async function verifyObject(client: S3Client, bucket: string, expected: string, label: string): Promise<void> {
  const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: KEY }));
  const hash = createHash('sha256');
  for await (const chunk of object.Body as AsyncIterable<Uint8Array>) hash.update(chunk);
  if (hash.digest('hex') !== expected) throw benchError(`${label}: the stored object has the wrong SHA-256`);
}

/**
 * `S3JobStore.persistJob` of a job holding the big bench file against the AWS SDK's own
 * lib-storage `Upload` of the same file, both to one local s3rver (path-style, loopback), each
 * upload in its own process, alternating; every stored object is read back and verified, then
 * deleted, outside the timed region. Target (SPEC 6.8): ours within 1.2× of the SDK's time.
 */
export async function benchPersistJob(context: Pick<BenchContext, 'config' | 'fixtures' | 'workDir' | 'log'>): Promise<Figure[]> {
  const { config, fixtures } = context;
  const s3 = await startS3Server('bench-persist');
  const client = new S3Client({
    endpoint: s3.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: S3RVER_CREDENTIALS,
  });
  const baseDir = path.join(context.workDir, 'persist-base');
  const finalDir = path.join(baseDir, JOB_ID, 'final');
  const seconds = new Samples<Contender>();
  const peakRss = new Samples<Contender>();
  try {
    await mkdir(finalDir, { recursive: true });
    const source = path.join(fixtures.root, ...fixtures.big.urlPath.split('/'));
    // A hard link shares the cached file's pages; a copy when the work dir is on another device.
    await link(source, path.join(finalDir, FILENAME)).catch(() => copyFile(source, path.join(finalDir, FILENAME)));
    for (const { contender, warmup } of alternatingSchedule<Contender>(['ours', 'sdk'], config.bigFileRuns, config.warmupRounds)) {
      const task: PersistTask = { contender, endpoint: s3.endpoint, bucket: s3.bucket, baseDir, jobId: JOB_ID, filename: FILENAME };
      const { stdout } = await runProcess(process.execPath, [WORKER_PATH, JSON.stringify(task)], { timeoutMs: 600_000 });
      const report = JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as { elapsedMs: number; peakRssBytes: number };
      await verifyObject(client, s3.bucket, fixtures.big.sha256, `${contender} persist`);
      await client.send(new DeleteObjectCommand({ Bucket: s3.bucket, Key: KEY }));
      context.log(`  ${contender.padEnd(5)} ${(report.elapsedMs / 1000).toFixed(3)} s${warmup ? ' (warm-up)' : ''}`);
      if (warmup) continue;
      seconds.add(contender, report.elapsedMs / 1000);
      peakRss.add(contender, report.peakRssBytes / MiB);
    }
  } finally {
    client.destroy();
    await s3.close();
    await rm(baseDir, { recursive: true, force: true });
  }
  const size = formatBytes(fixtures.big.size);
  return [
    makeFigure({
      id: 'persist_job_vs_sdk_upload',
      figure: `persistJob of ${size} to s3rver, median time`,
      unit: 's',
      ours: median(seconds.of('ours')),
      peerName: 'lib-storage Upload (SDK defaults)',
      peer: seconds.median('sdk'),
      target: { on: 'ratio', op: '<=', value: 1.2 },
      samples: { ours: seconds.of('ours'), peer: seconds.of('sdk') },
      note: `ours hashes the file (SHA-256) before uploading it; peak RSS ours ${Math.max(...peakRss.of('ours')).toFixed(0)} MiB, SDK ${Math.max(...peakRss.of('sdk')).toFixed(0)} MiB`,
    }),
  ];
}
