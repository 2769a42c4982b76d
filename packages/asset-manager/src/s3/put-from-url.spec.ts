import path from 'node:path';
import { inspect } from 'node:util';
import { HeadObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { ErrorCode, isPipelineError, type PipelineError } from '@ad-pipeline/errors';
import { sha256Hex as sha256, startFaultServer, type FaultServer } from '@ad-pipeline/test-support';
import { AssetManager } from '../asset-manager.js';
import { makeTempDir, mp4Bytes, pngBytes, rejectsWith, removeDir } from '../../test/helpers.js';
import { startS3Server, type S3TestServer } from '../../test/s3/s3-server.js';
import { S3JobStore } from './s3-job-store.js';

jest.setTimeout(60_000);

const MiB = 1024 * 1024;
const open = { blockPrivateNetworks: false } as const;
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY';

const files: Record<string, Buffer> = {
  '/video.mp4': mp4Bytes(3 * MiB),
  '/large.mp4': mp4Bytes(12 * MiB + 1234),
  '/image.png': pngBytes(5000),
};

let server: S3TestServer;
let direct: S3Client;
let provider: FaultServer;
let dir: string;

beforeAll(async () => {
  server = await startS3Server();
  direct = server.client({ direct: true });
  provider = await startFaultServer((request, response) => {
    const body = files[request.url ?? ''];
    const whole = files['/video.mp4'] as Buffer;
    const range = /^bytes=(\d+)-$/.exec(String(request.headers.range ?? ''));
    if (request.url === '/error') {
      response.writeHead(500).end('boom');
    } else if (request.url === '/sliced' || request.url === '/sliced-then-whole') {
      // A CDN that answers in 64 KiB slices; the second one ignores Range for the rest and sends 200.
      const start = Number(range?.[1] ?? 0);
      if (start > 0 && request.url === '/sliced-then-whole') {
        response.writeHead(200, { 'content-length': whole.length }).end(whole);
        return;
      }
      const end = Math.min(start + 65_536, whole.length) - 1;
      response
        .writeHead(206, {
          'content-range': `bytes ${start}-${end}/${whole.length}`,
          'content-length': end - start + 1,
          etag: '"v1"',
        })
        .end(whole.subarray(start, end + 1));
    } else if (body === undefined) {
      response.writeHead(404).end();
    } else {
      response.writeHead(200, { 'content-length': body.length, 'content-type': 'application/octet-stream' }).end(body);
    }
  });
});
afterAll(async () => {
  await provider.close();
  await server.close();
});
beforeEach(async () => {
  server.reset();
  provider.stats.reset();
  dir = await makeTempDir();
});
afterEach(async () => {
  await removeDir(dir);
});

async function keysOf(jobId: string): Promise<string[]> {
  const page = await direct.send(new ListObjectsV2Command({ Bucket: server.bucket, Prefix: `${jobId}/` }));
  return (page.Contents ?? []).map((object) => object.Key as string).sort();
}

/** Every rendering of an error a log or API could show. */
function renderings(error: PipelineError): string[] {
  return [error.message, String(error.stack), JSON.stringify(error.toJSON()), inspect(error, { depth: Infinity })];
}

describe('putFromUrl', () => {
  const store = (): S3JobStore => new S3JobStore({ bucket: server.bucket, client: server.client() });

  test('streams a provider URL into the store with its SHA-256 and content type; restore verifies it', async () => {
    const stored = await store().putFromUrl('job-url', 'scenes/scene-1.mp4', `${provider.origin}/video.mp4`, { ...open, kind: 'video' });
    const bytes = files['/video.mp4'] as Buffer;
    expect(stored).toMatchObject({
      relativePath: 'scenes/scene-1.mp4',
      key: 'job-url/scenes/scene-1.mp4',
      size: bytes.length,
      sha256: sha256(bytes),
      contentType: 'video/mp4',
    });
    const head = await direct.send(new HeadObjectCommand({ Bucket: server.bucket, Key: stored.key }));
    expect({ sha: head.Metadata?.['sha256'], type: head.ContentType }).toEqual({ sha: sha256(bytes), type: 'video/mp4' });
    // The staging object is gone: only the final key remains.
    expect(await keysOf('job-url')).toEqual(['job-url/scenes/scene-1.mp4']);
    const restored = await store().restoreJob('job-url', { baseDir: dir });
    expect(restored.files.map((file) => [file.relativePath, file.sha256])).toEqual([['scenes/scene-1.mp4', sha256(bytes)]]);
  });

  test('CDN slices are streamed on in order: the object is the whole body', async () => {
    const stored = await store().putFromUrl('job-sliced', 'scenes/a.mp4', `${provider.origin}/sliced`, open);
    expect(stored.sha256).toBe(sha256(files['/video.mp4'] as Buffer));
    expect(provider.stats.requests.length).toBeGreaterThan(2);
  });

  test('a server that starts over from byte 0 mid-stream is refused: a stream cannot take bytes back', async () => {
    const error = await rejectsWith(
      store().putFromUrl('job-restart', 'scenes/a.mp4', `${provider.origin}/sliced-then-whole`, open),
      ErrorCode.ASSET_DOWNLOAD_FAILED,
    );
    expect(error.details['reason']).toBe('restart-not-possible');
    expect(error.retryable).toBe(false);
    expect(await keysOf('job-restart')).toEqual([]);
  });

  test('a body larger than one part goes up in parts and arrives whole', async () => {
    const stored = await store().putFromUrl('job-url-large', 'final/ad.mp4', `${provider.origin}/large.mp4`, open);
    expect(stored.sha256).toBe(sha256(files['/large.mp4'] as Buffer));
    expect(server.seen.some((request) => request.query.has('partNumber'))).toBe(true);
    expect(await keysOf('job-url-large')).toEqual(['job-url-large/final/ad.mp4']);
  });

  test.each([
    ['wrong kind', '/image.png', { kind: 'video' as const }, ErrorCode.UNSUPPORTED_FORMAT],
    ['over maxBytes', '/video.mp4', { maxBytes: 1000 }, ErrorCode.FILE_TOO_LARGE],
    ['over maxBytes mid-body of a multipart upload', '/large.mp4', { maxBytes: 7 * MiB + 10 }, ErrorCode.FILE_TOO_LARGE],
    ['wrong sha256', '/video.mp4', { sha256: '0'.repeat(64) }, ErrorCode.ASSET_DOWNLOAD_FAILED],
    ['HTTP 500', '/error', {}, ErrorCode.ASSET_DOWNLOAD_FAILED],
    ['HTTP 404', '/missing', {}, ErrorCode.ASSET_DOWNLOAD_FAILED],
  ])('%s: %s fails with %s and leaves no object at all', async (_name, route, options, code) => {
    const error = await rejectsWith(store().putFromUrl('job-bad', 'final/ad.mp4', `${provider.origin}${route}`, { ...open, ...options }), code);
    if (route === '/error') expect({ status: error.details['upstreamStatus'], retryable: error.retryable }).toEqual({ status: 500, retryable: true });
    if (route === '/missing') expect(error.retryable).toBe(false);
    expect(await keysOf('job-bad')).toEqual([]);
  });

  test('the SSRF guard: blockPrivateNetworks and allowHosts refuse before the provider is reached', async () => {
    const s3Before = server.seen.length;
    await rejectsWith(
      store().putFromUrl('job-guard', 'final/ad.mp4', `${provider.origin}/video.mp4`, { blockPrivateNetworks: true }),
      ErrorCode.INVALID_INPUT,
    );
    await rejectsWith(
      store().putFromUrl('job-guard', 'final/ad.mp4', `${provider.origin}/video.mp4`, { ...open, allowHosts: ['cdn.example.com'] }),
      ErrorCode.INVALID_INPUT,
    );
    await rejectsWith(store().putFromUrl('job-guard', 'final/ad.mp4', 'file:///etc/passwd'), ErrorCode.INVALID_INPUT);
    expect(provider.stats.requests).toEqual([]);
    // Nothing reached the store either: no upload started, no staging object to delete.
    expect(server.seen.slice(s3Before)).toEqual([]);
    expect(await keysOf('job-guard')).toEqual([]);
  });

  test('expect (media probing) is refused: it needs the whole file', async () => {
    const options = { ...open, expect: { kind: 'video' } } as Parameters<S3JobStore['putFromUrl']>[3];
    await rejectsWith(store().putFromUrl('job-expect', 'final/ad.mp4', `${provider.origin}/video.mp4`, options), ErrorCode.INVALID_INPUT);
    expect(provider.stats.requests).toEqual([]);
  });

  test('without guard options it behaves as AssetManager.downloadFile does by default', async () => {
    const outcome = (promise: Promise<unknown>): Promise<string> =>
      promise.then(
        () => 'ok',
        (error: unknown) => (isPipelineError(error) ? error.code : 'not a PipelineError'),
      );
    const manager = new AssetManager('job-default', { baseDir: dir });
    const viaDisk = await outcome(manager.downloadFile(`${provider.origin}/video.mp4`, 'ad.mp4', 'final'));
    const viaStore = await outcome(store().putFromUrl('job-default', 'final/ad.mp4', `${provider.origin}/video.mp4`));
    expect(viaStore).toBe(viaDisk);
  });

  test('an S3 failure mid-transfer ends the download too (no hang) and maps the S3 error', async () => {
    server.inject({
      match: (request) => request.method === 'PUT' || (request.method === 'POST' && request.query.has('uploads')),
      action: { kind: 'access-denied' },
      times: 100,
    });
    await rejectsWith(store().putFromUrl('job-denied', 'final/ad.mp4', `${provider.origin}/large.mp4`, open), ErrorCode.PERMISSION_DENIED);
    expect(await keysOf('job-denied')).toEqual([]);
  });

  test('an expired presigned URL as source is a permanent failure whose renderings hold no signature', async () => {
    const s3 = store();
    await s3.putFromUrl('job-src', 'final/ad.mp4', `${provider.origin}/video.mp4`, open);
    const url = await s3.presignUrl('job-src', 'final/ad.mp4', { expiresInSec: 1 });
    const signature = new URL(url).searchParams.get('X-Amz-Signature') as string;
    expect(signature).toMatch(/^[0-9a-f]{64}$/);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const error = await rejectsWith(s3.putFromUrl('job-copy', 'final/ad.mp4', url, open), ErrorCode.ASSET_DOWNLOAD_FAILED);
    expect({ status: error.details['upstreamStatus'], retryable: error.retryable }).toEqual({ status: 403, retryable: false });
    for (const text of renderings(error)) expect(text).not.toContain(signature);
    expect(await keysOf('job-copy')).toEqual([]);
  });
});

describe('credentials never reach an error', () => {
  test.each([
    ['AccessDenied', { kind: 'access-denied' as const }, ErrorCode.PERMISSION_DENIED],
    ['SlowDown exhausted', { kind: 'slow-down' as const }, ErrorCode.STORAGE_ERROR],
    ['reset', { kind: 'reset' as const, afterBytes: 10 }, ErrorCode.STORAGE_ERROR],
  ])('%s', async (_name, action, code) => {
    const client = server.client({
      credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: SECRET },
      maxAttempts: 2,
    });
    const s3 = new S3JobStore({ bucket: server.bucket, client });
    const manager = new AssetManager('job-creds', { baseDir: path.join(dir, 'a') });
    await manager.saveFile(mp4Bytes(1000), 'ad.mp4', 'final');
    server.inject({ match: (request) => request.method === 'PUT', action, times: 10 });
    const persistError = await rejectsWith(s3.persistJob(manager), code);
    server.reset();
    server.inject({ match: (request) => request.method === 'GET', action, times: 10 });
    const listError = await rejectsWith(s3.listJob('job-creds'), code);
    for (const error of [persistError, listError]) {
      for (const text of renderings(error)) {
        expect(text).not.toContain(SECRET);
        expect(text).not.toMatch(/Signature=[0-9a-f]{64}/);
      }
    }
  });
});
