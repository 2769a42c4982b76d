/**
 * One timed S3 upload of the persistJob bench, in its own process.
 * argv[2]: JSON {@link PersistTask}. Prints one JSON line: `{ elapsedMs, peakRssBytes }`.
 * `ours` is `S3JobStore.persistJob` of a job whose only file is the bench file; `sdk` is the AWS
 * SDK's own lib-storage `Upload` of the same file from a read stream, with its defaults.
 */
import { createReadStream } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { AssetManager } from '@ad-pipeline/asset-manager';
import { S3JobStore } from '@ad-pipeline/asset-manager/s3';
import { peakRssBytes } from '../workers/peak-rss.js';

/** What one worker uploads, and how. */
export interface PersistTask {
  contender: 'ours' | 'sdk';
  endpoint: string;
  bucket: string;
  /** Base directory holding `<jobId>/final/<filename>`. */
  baseDir: string;
  jobId: string;
  filename: string;
}

process.env['AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE'] = '1';
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';
const task = JSON.parse(process.argv[2] ?? '') as PersistTask;
const client = new S3Client({
  endpoint: task.endpoint,
  region: 'us-east-1',
  forcePathStyle: true,
  credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
});
const manager = new AssetManager(task.jobId, { baseDir: task.baseDir });
const store = new S3JobStore({ bucket: task.bucket, client });

const start = performance.now();
if (task.contender === 'ours') {
  await store.persistJob(manager, { subdirs: ['final'] });
} else {
  await new Upload({
    client,
    params: {
      Bucket: task.bucket,
      Key: `${task.jobId}/final/${task.filename}`,
      Body: createReadStream(manager.getFilePath(task.filename, 'final')),
    },
  }).done();
}
const elapsedMs = performance.now() - start;
client.destroy();
process.stdout.write(`${JSON.stringify({ elapsedMs, peakRssBytes: peakRssBytes() })}\n`);
