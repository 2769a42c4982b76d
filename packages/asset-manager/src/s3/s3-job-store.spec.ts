import { appendFile, readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { ErrorCode } from '@ad-pipeline/errors';
import { sha256Hex as sha256 } from '@ad-pipeline/test-support';
import { AssetManager } from '../asset-manager.js';
import { listTree, makeTempDir, mp4Bytes, pngBytes, rejectsWith, removeDir, wavBytes } from '../../test/helpers.js';
import { startS3Server, type S3TestServer } from '../../test/s3/s3-server.js';
import { S3JobStore } from './s3-job-store.js';

jest.setTimeout(60_000);

const MiB = 1024 * 1024;

let server: S3TestServer;
let dir: string;
let direct: S3Client;

beforeAll(async () => {
  server = await startS3Server();
  direct = server.client({ direct: true });
});
afterAll(async () => {
  await server.close();
});
beforeEach(async () => {
  server.reset();
  dir = await makeTempDir();
});
afterEach(async () => {
  await removeDir(dir);
});

/** Every key in the bucket (straight from s3rver, no faults). */
async function allKeys(): Promise<string[]> {
  const page = await direct.send(new ListObjectsV2Command({ Bucket: server.bucket }));
  return (page.Contents ?? []).map((object) => object.Key as string).sort();
}

async function keyExists(key: string): Promise<boolean> {
  return direct.send(new HeadObjectCommand({ Bucket: server.bucket, Key: key })).then(
    () => true,
    () => false,
  );
}

/** A job with a file in the root and in every subdir; `final/ad.mp4` is `finalSize` bytes. */
async function makeJob(jobId: string, finalSize = 256): Promise<{ manager: AssetManager; contents: Map<string, Buffer> }> {
  const manager = new AssetManager(jobId, { baseDir: path.join(dir, 'worker-a') });
  const contents = new Map<string, Buffer>([
    ['plan.json', Buffer.from('{"scenes":4}')],
    ['scenes/scene-1.png', pngBytes(300)],
    ['audio/voice.wav', wavBytes(4096)],
    ['final/ad.mp4', mp4Bytes(finalSize)],
  ]);
  for (const [relative, bytes] of contents) {
    const [first, second] = relative.split('/') as [string, string | undefined];
    if (second === undefined) await manager.saveFile(bytes, first);
    else await manager.saveFile(bytes, second, first as 'scenes' | 'audio' | 'final');
  }
  return { manager, contents };
}

describe('S3JobStore against s3rver', () => {
  test('persistJob uploads every file with its SHA-256 and sniffed type; restoreJob brings it back verified', async () => {
    const store = new S3JobStore({ bucket: server.bucket, prefix: 'ads', client: server.client() });
    const { manager, contents } = await makeJob('job-roundtrip', 12 * MiB);

    const persisted = await store.persistJob(manager, { concurrency: 2 });
    expect(persisted.objects.map((object) => [object.relativePath, object.key, object.contentType])).toEqual([
      ['audio/voice.wav', 'ads/job-roundtrip/audio/voice.wav', 'audio/wav'],
      ['final/ad.mp4', 'ads/job-roundtrip/final/ad.mp4', 'video/mp4'],
      ['plan.json', 'ads/job-roundtrip/plan.json', 'application/octet-stream'],
      ['scenes/scene-1.png', 'ads/job-roundtrip/scenes/scene-1.png', 'image/png'],
    ]);
    for (const object of persisted.objects) {
      const bytes = contents.get(object.relativePath) as Buffer;
      expect({ size: object.size, sha256: object.sha256 }).toEqual({ size: bytes.length, sha256: sha256(bytes) });
      const head = await direct.send(new HeadObjectCommand({ Bucket: server.bucket, Key: object.key }));
      expect({ sha: head.Metadata?.['sha256'], type: head.ContentType }).toEqual({
        sha: sha256(bytes),
        type: object.contentType,
      });
    }
    expect(persisted.bytes).toBe([...contents.values()].reduce((sum, bytes) => sum + bytes.length, 0));
    // The 12 MiB file went up in parts (lib-storage: 5 MiB parts), the small ones in one PUT.
    const parts = server.seen.filter((request) => request.method === 'PUT' && request.query.has('partNumber'));
    expect(parts.length).toBe(3);
    expect(server.seen.some((request) => request.method === 'POST' && request.query.has('uploads'))).toBe(true);

    expect((await store.listJob('job-roundtrip')).map((object) => [object.relativePath, object.size])).toEqual(
      persisted.objects.map((object) => [object.relativePath, object.size]),
    );

    const restored = await store.restoreJob('job-roundtrip', { baseDir: path.join(dir, 'worker-b') });
    expect(restored.jobDir).toBe(path.join(dir, 'worker-b', 'job-roundtrip'));
    for (const file of restored.files) {
      const bytes = contents.get(file.relativePath) as Buffer;
      // Digests, not bytes: Jest compares a 12 MiB Buffer element by element (minutes).
      expect(sha256(await readFile(file.path))).toBe(sha256(bytes));
      expect(file.sha256).toBe(sha256(bytes));
      expect(file.path).toBe(path.join(restored.jobDir, file.relativePath));
    }
    expect(restored.files).toHaveLength(4);
    // No in-progress file anywhere.
    expect((await listTree(restored.jobDir)).filter((entry) => path.basename(entry).startsWith('.'))).toEqual([]);
  });

  test('persistJob with subdirs uploads only those (root left out unless includeRoot)', async () => {
    const store = new S3JobStore({ bucket: server.bucket, client: server.client() });
    const { manager } = await makeJob('job-subdirs');
    expect((await store.persistJob(manager, { subdirs: ['final'] })).objects.map((o) => o.relativePath)).toEqual([
      'final/ad.mp4',
    ]);
    const both = await store.persistJob(manager, { subdirs: ['audio'], includeRoot: true });
    expect(both.objects.map((o) => o.relativePath)).toEqual(['audio/voice.wav', 'plan.json']);
    await rejectsWith(store.persistJob(manager, { subdirs: ['../x' as 'final'] }), ErrorCode.INVALID_INPUT);
  });

  test('persistJob keeps at most `concurrency` uploads in flight', async () => {
    const store = new S3JobStore({ bucket: server.bucket, client: server.client() });
    const manager = new AssetManager('job-many', { baseDir: path.join(dir, 'worker-a') });
    for (let index = 0; index < 12; index += 1) await manager.saveFile(pngBytes(200_000 + index), `s${index}.png`, 'scenes');
    await store.persistJob(manager, { concurrency: 2 });
    expect(server.maxPutsInFlight).toBeGreaterThanOrEqual(1);
    expect(server.maxPutsInFlight).toBeLessThanOrEqual(2);
    expect(await store.listJob('job-many')).toHaveLength(12);
    await rejectsWith(store.persistJob(manager, { concurrency: 0 }), ErrorCode.INVALID_INPUT);
  });

  test('a file that changes while it uploads fails the upload instead of storing a wrong SHA-256', async () => {
    const store = new S3JobStore({ bucket: server.bucket, client: server.client() });
    const { manager } = await makeJob('job-changing', 32 * MiB);
    // lib-storage reads at most a few parts ahead, so the append lands before the file is read to its end.
    server.inject({
      match: (request) => request.method === 'PUT' && request.query.get('partNumber') === '1',
      action: { kind: 'hook', before: () => appendFile(manager.getFilePath('ad.mp4', 'final'), 'more bytes') },
      times: 1,
    });
    const error = await rejectsWith(store.persistJob(manager, { subdirs: ['final'] }), ErrorCode.STORAGE_ERROR);
    expect(error.details['reason']).toBe('file-changed');
    expect(await keyExists('job-changing/final/ad.mp4')).toBe(false);
  });

  test('persistJob with an aborted signal is JOB_CANCELLED and stores nothing', async () => {
    const store = new S3JobStore({ bucket: server.bucket, client: server.client() });
    const { manager } = await makeJob('job-cancelled', 12 * MiB);
    const controller = new AbortController();
    controller.abort();
    await rejectsWith(store.persistJob(manager, { signal: controller.signal }), ErrorCode.JOB_CANCELLED);
    expect(await allKeys()).not.toContain('job-cancelled/final/ad.mp4');
    expect((await allKeys()).filter((key) => key.startsWith('job-cancelled/'))).toEqual([]);
  });

  test('restoreJob refuses a tampered object and one without a recorded SHA-256; nothing lands on disk', async () => {
    const store = new S3JobStore({ bucket: server.bucket, client: server.client() });
    const { manager } = await makeJob('job-tampered');
    await store.persistJob(manager);
    // Replace the content but keep the old digest in the metadata.
    const key = 'job-tampered/final/ad.mp4';
    const original = await direct.send(new HeadObjectCommand({ Bucket: server.bucket, Key: key }));
    await direct.send(
      new PutObjectCommand({ Bucket: server.bucket, Key: key, Body: mp4Bytes(300), Metadata: original.Metadata ?? {} }),
    );
    const baseDir = path.join(dir, 'worker-b');
    const error = await rejectsWith(store.restoreJob('job-tampered', { baseDir, concurrency: 1 }), ErrorCode.STORAGE_ERROR);
    expect(error.details).toMatchObject({ reason: 'sha256-mismatch', key });
    expect(error.retryable).toBe(false);
    const restoredTree = await listTree(path.join(baseDir, 'job-tampered'));
    expect(restoredTree).not.toContain('final/ad.mp4');
    expect(restoredTree.filter((entry) => path.basename(entry).startsWith('.'))).toEqual([]);

    await direct.send(new PutObjectCommand({ Bucket: server.bucket, Key: 'job-unsigned/final/ad.mp4', Body: mp4Bytes(300) }));
    const unsigned = await rejectsWith(store.restoreJob('job-unsigned', { baseDir }), ErrorCode.STORAGE_ERROR);
    expect(unsigned.details['reason']).toBe('no-checksum');
    expect(await listTree(path.join(baseDir, 'job-unsigned'))).not.toContain('final/ad.mp4');
  });

  test('missing jobs and objects are JOB_NOT_FOUND; a missing bucket is a permanent STORAGE_ERROR', async () => {
    const store = new S3JobStore({ bucket: server.bucket, client: server.client() });
    await rejectsWith(store.restoreJob('job-never', { baseDir: dir }), ErrorCode.JOB_NOT_FOUND);
    await rejectsWith(store.presignUrl('job-never', 'final/ad.mp4'), ErrorCode.JOB_NOT_FOUND);
    expect(await store.listJob('job-never')).toEqual([]);
    expect(await store.deleteJob('job-never')).toBe(0);
    const nowhere = new S3JobStore({ bucket: 'no-such-bucket', client: server.client() });
    const error = await rejectsWith(nowhere.listJob('job-1'), ErrorCode.STORAGE_ERROR);
    expect({ s3Code: error.details['s3Code'], retryable: error.retryable }).toEqual({
      s3Code: 'NoSuchBucket',
      retryable: false,
    });
  });

  test.each([
    '../job-other/final/ad.mp4',
    'final/../../job-other/final/ad.mp4',
    '/final/ad.mp4',
    'other/ad.mp4',
    'final/.hidden',
    'final/a/b.mp4',
    'final/',
    '',
    '..',
    'final\\ad.mp4',
    'final/ad\u0000.mp4',
  ])('relativePath %j is INVALID_INPUT before any request', async (relativePath) => {
    const store = new S3JobStore({ bucket: server.bucket, client: server.client() });
    await rejectsWith(store.presignUrl('job-1', relativePath), ErrorCode.INVALID_INPUT);
    await rejectsWith(store.putFromUrl('job-1', relativePath, 'http://127.0.0.1:9/x'), ErrorCode.INVALID_INPUT);
    expect(server.seen).toEqual([]);
  });

  test.each(['../x', 'a/b', '.hidden', ''])('jobId %j is INVALID_INPUT before any request', async (jobId) => {
    const store = new S3JobStore({ bucket: server.bucket, client: server.client() });
    await rejectsWith(store.listJob(jobId), ErrorCode.INVALID_INPUT);
    await rejectsWith(store.deleteJob(jobId), ErrorCode.INVALID_INPUT);
    await rejectsWith(store.restoreJob(jobId, { baseDir: dir }), ErrorCode.INVALID_INPUT);
    expect(server.seen).toEqual([]);
  });

  test('bad options are INVALID_INPUT', () => {
    const client = server.client();
    for (const options of [
      { bucket: 'A_B' },
      { bucket: 'ok-bucket', prefix: '../up' },
      { bucket: 'ok-bucket', prefix: 'a//b' },
      { bucket: 'ok-bucket', client, clientConfig: {} },
      { bucket: 'ok-bucket', client: {} },
    ]) {
      expect(() => new S3JobStore(options as never)).toThrow(expect.objectContaining({ code: ErrorCode.INVALID_INPUT }));
    }
  });

  test('deleteJob removes every key of the job and no other job (job1 vs job10)', async () => {
    const store = new S3JobStore({ bucket: server.bucket, prefix: 'del/', client: server.client() });
    await store.persistJob((await makeJob('job1')).manager);
    await store.persistJob((await makeJob('job10')).manager);
    expect(await store.deleteJob('job1')).toBe(4);
    expect(await store.listJob('job1')).toEqual([]);
    expect(await store.listJob('job10')).toHaveLength(4);
  });

  test('a presigned URL serves the file to a plain HTTP client until it expires', async () => {
    const store = new S3JobStore({ bucket: server.bucket, client: server.client() });
    const { manager, contents } = await makeJob('job-presign');
    await store.persistJob(manager, { subdirs: ['final'] });
    const url = await store.presignUrl('job-presign', 'final/ad.mp4', { expiresInSec: 600 });
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer())).toEqual(contents.get('final/ad.mp4'));
    const shortLived = await store.presignUrl('job-presign', 'final/ad.mp4', { expiresInSec: 1 });
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const expired = await fetch(shortLived);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toContain('AccessDenied');
    await rejectsWith(store.presignUrl('job-presign', 'final/ad.mp4', { expiresInSec: 0 }), ErrorCode.INVALID_INPUT);
    await rejectsWith(store.presignUrl('job-presign', 'final/ad.mp4', { expiresInSec: 604_801 }), ErrorCode.INVALID_INPUT);
  });
});

describe('S3JobStore under faults', () => {
  const isPut = (key: string) => (request: { method: string; path: string }) =>
    request.method === 'PUT' && request.path.endsWith(key);

  test('a 503 SlowDown is retried and the upload completes', async () => {
    const store = new S3JobStore({ bucket: server.bucket, client: server.client() });
    const { manager, contents } = await makeJob('job-slowdown');
    server.inject({ match: isPut('/final/ad.mp4'), action: { kind: 'slow-down' }, times: 1 });
    const result = await store.persistJob(manager, { subdirs: ['final'] });
    const puts = server.seen.filter(isPut('/final/ad.mp4'));
    expect(puts.map((request) => request.fault)).toEqual(['slow-down', undefined]);
    expect(result.objects[0]?.sha256).toBe(sha256(contents.get('final/ad.mp4') as Buffer));
  });

  test('SlowDown that outlasts the retries fails retryable, with no object under the key', async () => {
    const store = new S3JobStore({ bucket: server.bucket, client: server.client({ maxAttempts: 2 }) });
    const { manager } = await makeJob('job-throttled');
    server.inject({ match: isPut('/final/ad.mp4'), action: { kind: 'slow-down' }, times: 10 });
    const error = await rejectsWith(store.persistJob(manager, { subdirs: ['final'] }), ErrorCode.STORAGE_ERROR);
    expect({ s3Code: error.details['s3Code'], status: error.details['upstreamStatus'], retryable: error.retryable }).toEqual({
      s3Code: 'SlowDown',
      status: 503,
      retryable: true,
    });
    expect(server.seen.filter(isPut('/final/ad.mp4'))).toHaveLength(2);
    expect(await keyExists('job-throttled/final/ad.mp4')).toBe(false);
  });

  test('AccessDenied is PERMISSION_DENIED and not retried', async () => {
    const store = new S3JobStore({ bucket: server.bucket, client: server.client() });
    const { manager } = await makeJob('job-denied');
    server.inject({ match: isPut('/final/ad.mp4'), action: { kind: 'access-denied' }, times: 10 });
    const error = await rejectsWith(store.persistJob(manager, { subdirs: ['final'] }), ErrorCode.PERMISSION_DENIED);
    expect(error.retryable).toBe(false);
    expect(server.seen.filter(isPut('/final/ad.mp4'))).toHaveLength(1);
  });

  test('a reset mid-multipart is retried; the object is whole', async () => {
    const store = new S3JobStore({ bucket: server.bucket, client: server.client() });
    const { manager, contents } = await makeJob('job-reset', 12 * MiB);
    server.inject({
      match: (request) => request.method === 'PUT' && request.query.get('partNumber') === '2',
      action: { kind: 'reset', afterBytes: 256 * 1024 },
      times: 1,
    });
    await store.persistJob(manager, { subdirs: ['final'] });
    expect(server.seen.some((request) => request.fault === 'reset')).toBe(true);
    const object = await direct.send(new GetObjectCommand({ Bucket: server.bucket, Key: 'job-reset/final/ad.mp4' }));
    const bytes = Buffer.from(await (object.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray());
    expect(sha256(bytes)).toBe(sha256(contents.get('final/ad.mp4') as Buffer));
  });

  test('a reset mid-multipart without retries aborts the upload: nothing under the final key', async () => {
    const store = new S3JobStore({ bucket: server.bucket, client: server.client({ maxAttempts: 1 }) });
    const { manager } = await makeJob('job-reset-fatal', 12 * MiB);
    server.inject({
      match: (request) => request.method === 'PUT' && request.query.get('partNumber') === '2',
      action: { kind: 'reset', afterBytes: 256 * 1024 },
      times: 1,
    });
    const error = await rejectsWith(store.persistJob(manager, { subdirs: ['final'] }), ErrorCode.STORAGE_ERROR);
    expect(error.retryable).toBe(true);
    expect(await keyExists('job-reset-fatal/final/ad.mp4')).toBe(false);
    // lib-storage aborted the multipart upload (DELETE ?uploadId=…).
    expect(server.seen.some((request) => request.method === 'DELETE' && request.query.has('uploadId'))).toBe(true);
    expect((await allKeys()).filter((key) => key.startsWith('job-reset-fatal/'))).toEqual([]);
  });
});
