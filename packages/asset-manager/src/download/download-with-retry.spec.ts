import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type http from 'node:http';
import path from 'node:path';
import type { PipelineError } from '@ad-pipeline/errors';
import {
  LOOPBACK,
  payload,
  rejectsWith,
  sha256,
  useDownloadFixture,
} from '../../test/download/fault-server.js';
import { downloadToFileWithRetry } from './download-with-retry.js';
import { createNetworkContext } from './network-context.js';
import type { DownloadTarget, RetryInfo } from './types.js';

const BODY = payload(256 * 1024, 7);
const HALF = BODY.length / 2;
const FAST = { minDelayMs: 10, maxDelayMs: 50 };
let testId = 0;
const hits = new Map<string, number>();

/** Writes the first half of the body, then cuts the connection (a reset mid-body). */
function cutMidBody(res: http.ServerResponse, headers: Record<string, string | number> = {}): void {
  res.writeHead(200, { 'content-length': BODY.length, ...headers });
  res.write(BODY.subarray(0, HALF), () => setTimeout(() => res.socket?.destroy(), 10));
}

/** Answers a `Range: bytes=<start>-` request with a 206, or the whole body with a 200. */
function serveRange(req: http.IncomingMessage, res: http.ServerResponse, etag: string): void {
  const match = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
  if (!match) {
    res.writeHead(200, { 'content-length': BODY.length, etag }).end(BODY);
    return;
  }
  const start = Number(match[1]);
  res
    .writeHead(206, {
      'content-length': BODY.length - start,
      'content-range': `bytes ${start}-${BODY.length - 1}/${BODY.length}`,
      etag,
    })
    .end(BODY.subarray(start));
}

const fixture = useDownloadFixture((req, res) => {
  const url = new URL(req.url ?? '/', 'http://x');
  const key = `${url.pathname}?${url.searchParams.get('id')}`;
  const hit = (hits.get(key) ?? 0) + 1;
  hits.set(key, hit);
  switch (url.pathname) {
    case '/flaky': // 503 once, then the file
      if (hit === 1) res.writeHead(503).end();
      else res.writeHead(200, { 'content-length': BODY.length }).end(BODY);
      return;
    case '/rate-limited': // 429 with Retry-After: 1 once, then the file
      if (hit === 1) res.writeHead(429, { 'retry-after': '1' }).end();
      else res.writeHead(200).end(BODY);
      return;
    case '/missing':
      res.writeHead(404).end();
      return;
    case '/always-503':
      res.writeHead(503).end();
      return;
    case '/resumable': // cut mid-body once, then honours Range
      if (hit === 1) cutMidBody(res, { etag: '"v1"' });
      else serveRange(req, res, '"v1"');
      return;
    case '/no-range': // cut mid-body once, then ignores Range (200 whole body)
      if (hit === 1) cutMidBody(res);
      else res.writeHead(200, { 'content-length': BODY.length }).end(BODY);
      return;
    case '/range-416': // cut mid-body once, refuses the Range once, then the whole body
      if (hit === 1) cutMidBody(res, { 'last-modified': 'Wed, 21 Oct 2015 07:28:00 GMT' });
      else if (req.headers.range) res.writeHead(416).end();
      else res.writeHead(200, { 'content-length': BODY.length }).end(BODY);
      return;
    case '/wrong-range': // cut mid-body once, then a 206 for other bytes than asked, then the whole body
      if (hit === 1) cutMidBody(res);
      else if (req.headers.range)
        res
          .writeHead(206, { 'content-range': `bytes 0-9/${BODY.length}`, 'content-length': 10 })
          .end(BODY.subarray(0, 10));
      else res.writeHead(200, { 'content-length': BODY.length }).end(BODY);
      return;
    default:
      res.writeHead(500).end();
  }
});
const { server, dir } = fixture;
const ctx = createNetworkContext(LOOPBACK);
const target = (): DownloadTarget => ({ dir: dir(), finalPath: path.join(dir(), 'video.bin') });

beforeEach(() => {
  testId += 1;
});

const url = (pathname: string): string => server().url(`${pathname}?id=${testId}`);
const requestsTo = (pathname: string) =>
  server().stats.requests.filter((r) => r.path === `${pathname}?id=${testId}`);

describe('downloadToFileWithRetry', () => {
  test('a 503 is retried, onRetry reports it, the file arrives whole', async () => {
    const retries: RetryInfo[] = [];
    const saved = await downloadToFileWithRetry(
      url('/flaky'),
      target(),
      { ...FAST, onRetry: (i) => retries.push(i) },
      ctx,
    );
    expect((await readFile(saved)).equals(BODY)).toBe(true);
    expect(retries).toHaveLength(1);
    expect(retries[0]).toMatchObject({ attempt: 1, retriesLeft: 3, delayMs: 10 });
    expect(retries[0]?.error.details).toMatchObject({ upstreamStatus: 503 });
  });

  test('a 404 is not retried', async () => {
    const onRetry = jest.fn();
    const error = await rejectsWith(
      downloadToFileWithRetry(url('/missing'), target(), { ...FAST, onRetry }, ctx),
      'ASSET_DOWNLOAD_FAILED',
    );
    expect(error.details).toMatchObject({ upstreamStatus: 404, attempts: 1 });
    expect(onRetry).not.toHaveBeenCalled();
    expect(requestsTo('/missing')).toHaveLength(1);
  });

  test('Retry-After is honoured over a shorter backoff', async () => {
    const retries: RetryInfo[] = [];
    await downloadToFileWithRetry(
      url('/rate-limited'),
      target(),
      { minDelayMs: 10, onRetry: (i) => retries.push(i) },
      ctx,
    );
    expect(retries[0]?.delayMs).toBeGreaterThanOrEqual(1000);
    const [first, second] = requestsTo('/rate-limited');
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(990);
  });

  test('after the last retry the last error is thrown, with the attempt count', async () => {
    const onRetry = jest.fn();
    const error = await rejectsWith(
      downloadToFileWithRetry(url('/always-503'), target(), { ...FAST, retries: 2, onRetry }, ctx),
      'ASSET_DOWNLOAD_FAILED',
    );
    expect(error.details).toMatchObject({ upstreamStatus: 503, attempts: 3 });
    expect(onRetry).toHaveBeenCalledTimes(2);
    expect(requestsTo('/always-503')).toHaveLength(3);
  });

  test('a reset mid-body resumes with Range and If-Range; the file is whole', async () => {
    const saved = await downloadToFileWithRetry(
      url('/resumable'),
      target(),
      { ...FAST, sha256: sha256(BODY) },
      ctx,
    );
    expect(sha256(await readFile(saved))).toBe(sha256(BODY));
    const [first, second] = requestsTo('/resumable');
    expect(first?.headers.range).toBeUndefined();
    expect(second?.headers.range).toBe(`bytes=${HALF}-`);
    expect(second?.headers['if-range']).toBe('"v1"');
  });

  test('the checksum of a resumed file covers all of it', async () => {
    const error = await rejectsWith(
      downloadToFileWithRetry(
        url('/resumable'),
        target(),
        { ...FAST, sha256: 'f'.repeat(64) },
        ctx,
      ),
      'ASSET_DOWNLOAD_FAILED',
    );
    expect(error.details).toMatchObject({ reason: 'checksum-mismatch', actual: sha256(BODY) });
    expect(existsSync(target().finalPath)).toBe(false);
  });

  test('a server without Range support answers 200: the download restarts and is whole', async () => {
    const saved = await downloadToFileWithRetry(url('/no-range'), target(), FAST, ctx);
    expect((await readFile(saved)).equals(BODY)).toBe(true);
    expect(requestsTo('/no-range')[1]?.headers.range).toBe(`bytes=${HALF}-`);
  });

  test('a 416 restarts from byte 0 without spending a retry', async () => {
    const onRetry = jest.fn();
    const saved = await downloadToFileWithRetry(
      url('/range-416'),
      target(),
      { ...FAST, onRetry },
      ctx,
    );
    expect((await readFile(saved)).equals(BODY)).toBe(true);
    expect(requestsTo('/range-416').map((r) => r.headers['if-range'])).toEqual([
      undefined,
      'Wed, 21 Oct 2015 07:28:00 GMT',
      undefined,
    ]);
    expect(onRetry).toHaveBeenCalledTimes(1);
  });

  test('a 206 for other bytes than asked restarts from byte 0', async () => {
    const saved = await downloadToFileWithRetry(url('/wrong-range'), target(), FAST, ctx);
    expect((await readFile(saved)).equals(BODY)).toBe(true);
    expect(requestsTo('/wrong-range')).toHaveLength(3);
  });

  test('resume: false starts every attempt from byte 0', async () => {
    const saved = await downloadToFileWithRetry(
      url('/resumable'),
      target(),
      { ...FAST, resume: false },
      ctx,
    );
    expect((await readFile(saved)).equals(BODY)).toBe(true);
    expect(requestsTo('/resumable')[1]?.headers.range).toBeUndefined();
  });

  test('an abort during the backoff is JOB_CANCELLED and stops retrying', async () => {
    const controller = new AbortController();
    const pending = downloadToFileWithRetry(
      url('/always-503'),
      target(),
      { minDelayMs: 5000, signal: controller.signal, onRetry: () => controller.abort() },
      ctx,
    );
    const error: PipelineError = await rejectsWith(pending, 'JOB_CANCELLED');
    expect(error.retryable).toBe(false);
    expect(requestsTo('/always-503')).toHaveLength(1);
  });

  test('bad retry options are INVALID_INPUT before any request', async () => {
    const error = await rejectsWith(
      downloadToFileWithRetry(url('/flaky'), target(), { retries: -1 }, ctx),
      'INVALID_INPUT',
    );
    expect(error.details).toMatchObject({ field: 'retries' });
    expect(requestsTo('/flaky')).toHaveLength(0);
  });
});
