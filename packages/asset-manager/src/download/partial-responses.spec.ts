import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type http from 'node:http';
import path from 'node:path';
import {
  payload,
  rejectsWith,
  sha256,
  useDownloadFixture,
} from '../../test/download/fault-server.js';
import { downloadToFile } from './download-to-file.js';
import { downloadToFileWithRetry } from './download-with-retry.js';
import { createNetworkContext } from './network-context.js';
import type { DownloadProgress, DownloadTarget, RetryInfo } from './types.js';

// Real servers on a shared 2-core machine: room for the property runs and the many-slice cases.
jest.setTimeout(30_000);

// RFC 9110 §14 and §15.3.7 against a real server: every 206 is checked against the Range sent and
// what earlier responses said; slices are appended, inconsistencies never reach the final file.

type Scenario = (req: http.IncomingMessage, res: http.ServerResponse, hit: number) => void;
let scenario: Scenario = (_req, res) => res.writeHead(500).end();
let hit = 0;
const fixture = useDownloadFixture((req, res) => {
  hit += 1;
  scenario(req, res, hit);
});
beforeEach(() => {
  hit = 0;
});
const { server, dir } = fixture;
// Loopback test servers: explicit opt-out of the SSRF guard (on by default since 0.2).
const ctx = createNetworkContext({ blockPrivateNetworks: false });
const target = (): DownloadTarget => ({ dir: dir(), finalPath: path.join(dir(), 'asset.bin') });
const FAST = { minDelayMs: 10, maxDelayMs: 50 };

/** The `bytes=<first>-` a request asked for, or undefined for a plain GET. */
function rangeStart(req: http.IncomingMessage): number | undefined {
  const match = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
  return match ? Number(match[1]) : undefined;
}

/** Sends `body` as a 206 with the given Content-Range, framed by Content-Length or chunked. */
function partial(
  res: http.ServerResponse,
  contentRange: string,
  body: Buffer,
  { chunked = false, etag }: { chunked?: boolean; etag?: string } = {},
): void {
  res.writeHead(206, {
    'content-range': contentRange,
    ...(chunked ? {} : { 'content-length': body.length }),
    ...(etag === undefined ? {} : { etag }),
  });
  if (chunked) res.write(body.subarray(0, 1));
  res.end(chunked ? body.subarray(1) : body);
}

/** A CDN that never sends more than `slice` bytes per response, whatever was asked (plain GETs included). */
function slicing(body: Buffer, slice: number, etag = '"v1"'): Scenario {
  return (req, res) => {
    const first = rangeStart(req) ?? 0;
    const last = Math.min(first + slice, body.length) - 1;
    partial(res, `bytes ${first}-${last}/${body.length}`, body.subarray(first, last + 1), { etag });
  };
}

describe('a 206 to a plain GET', () => {
  it.each([1, 100, 3000, 70_000])(
    'covering the whole %i-byte representation is a success',
    async (size) => {
      const body = payload(size, size);
      scenario = (_req, res) => partial(res, `bytes 0-${size - 1}/${size}`, body);
      const saved = await downloadToFile(server().url('/whole'), target(), {}, ctx);
      expect((await readFile(saved)).equals(body)).toBe(true);
      expect(hit).toBe(1);
    },
  );
});

describe('a CDN slicing its 206s', () => {
  it.each([
    [600_000, 65_536],
    [3000, 1000],
    [1000, 50],
    [131_072, 65_536],
    [100_001, 33_333],
  ])(
    '%i bytes in slices of %i: appended, the next range asked, no retry spent',
    async (size, slice) => {
      const body = payload(size, slice);
      scenario = slicing(body, slice);
      const retries: RetryInfo[] = [];
      const progress: DownloadProgress[] = [];
      const saved = await downloadToFileWithRetry(
        server().url('/sliced'),
        target(),
        { ...FAST, onRetry: (info) => retries.push(info), onProgress: (p) => progress.push(p) },
        ctx,
      );
      expect((await readFile(saved)).equals(body)).toBe(true);
      expect(retries).toEqual([]);
      expect(hit).toBe(Math.ceil(size / slice));
      expect(progress.at(-1)).toEqual({ bytes: size, total: size });
      // Each next range continues exactly where the last slice ended, with the validator.
      const asked = server()
        .stats.requests.slice(-hit)
        .map((request) => request.headers.range);
      expect(asked).toEqual(
        Array.from({ length: hit }, (_, i) => (i === 0 ? undefined : `bytes=${i * slice}-`)),
      );
      expect(server().stats.requests.slice(-hit)[1]?.headers['if-range'] ?? '"v1"').toBe('"v1"');
    },
  );

  it('a resume answered by slices (the issue: bytes=65536- → 65536-131071/600000) completes without a retry', async () => {
    const body = payload(600_000, 5);
    scenario = (req, res, n) => {
      if (n === 1) {
        res.writeHead(200, { 'content-length': body.length, etag: '"v1"' });
        res.write(body.subarray(0, 65_536), () => setTimeout(() => res.socket?.destroy(), 10));
        return;
      }
      slicing(body, 65_536)(req, res, n);
    };
    const retries: RetryInfo[] = [];
    const saved = await downloadToFileWithRetry(
      server().url('/resume-sliced'),
      target(),
      { ...FAST, retries: 1, onRetry: (info) => retries.push(info) },
      ctx,
    );
    expect((await readFile(saved)).equals(body)).toBe(true);
    expect(retries).toHaveLength(1); // the cut itself, nothing more
    expect(server().stats.requests.at(-1)?.headers.range).toBe('bytes=589824-');
  });
});

/**
 * What a misbehaving server sends for the second slice of a 1000-byte representation (the first
 * slice, 0-499, was fine). `good` is the correct answer, sent after a restart from byte 0.
 */
const BODY = payload(1000, 42);
const OTHER = payload(1000, 43);
const INCONSISTENT: Array<[string, (res: http.ServerResponse) => void]> = [
  [
    'a body longer than its Content-Range (Content-Length)',
    (res) =>
      partial(
        res,
        'bytes 500-999/1000',
        Buffer.concat([BODY.subarray(500), BODY.subarray(0, 200)]),
      ),
  ],
  [
    'a body longer than its Content-Range (chunked)',
    (res) =>
      partial(
        res,
        'bytes 500-999/1000',
        Buffer.concat([BODY.subarray(500), BODY.subarray(0, 200)]),
        { chunked: true },
      ),
  ],
  [
    'a Content-Length shorter than its Content-Range',
    (res) => partial(res, 'bytes 500-999/1000', BODY.subarray(500, 800)),
  ],
  [
    'a complete length that changed (/600)',
    (res) => partial(res, 'bytes 500-999/600', BODY.subarray(500)),
  ],
  [
    'a complete length that changed (/10)',
    (res) => partial(res, 'bytes 500-999/10', BODY.subarray(500)),
  ],
  [
    'a complete length that grew (/2000)',
    (res) => partial(res, 'bytes 500-999/2000', BODY.subarray(500)),
  ],
  ['a wrong first byte', (res) => partial(res, 'bytes 400-999/1000', BODY.subarray(400))],
  [
    'a last byte past the complete length',
    (res) =>
      partial(res, 'bytes 500-1000/1000', Buffer.concat([BODY.subarray(500), Buffer.from('x')])),
  ],
  ['a last byte before the first', (res) => partial(res, 'bytes 500-499/1000', Buffer.alloc(0))],
  [
    'no Content-Range at all',
    (res) => res.writeHead(206, { 'content-length': 500 }).end(BODY.subarray(500)),
  ],
  [
    'a multipart/byteranges Content-Range',
    (res) => partial(res, 'bytes 500-999/1000, 0-1/1000', BODY.subarray(500)),
  ],
  [
    'a strong ETag other than the If-Range sent',
    (res) => partial(res, 'bytes 500-999/1000', OTHER.subarray(500), { etag: '"v2"' }),
  ],
  [
    'a weak ETag for the If-Range sent',
    (res) => partial(res, 'bytes 500-999/1000', OTHER.subarray(500), { etag: 'W/"v1"' }),
  ],
];

describe('an inconsistent 206 never reaches the final file', () => {
  it.each(INCONSISTENT)(
    '%s: restart from byte 0 once, then the whole file',
    async (_name, misbehave) => {
      scenario = (req, res, n) => {
        if (n === 1)
          return partial(res, 'bytes 0-499/1000', BODY.subarray(0, 500), { etag: '"v1"' });
        if (n === 2) return misbehave(res);
        expect(rangeStart(req)).toBeUndefined(); // the restart asks for everything, without If-Range
        expect(req.headers['if-range']).toBeUndefined();
        res.writeHead(200, { 'content-length': BODY.length, etag: '"v1"' }).end(BODY);
      };
      const progress: DownloadProgress[] = [];
      const saved = await downloadToFile(
        server().url('/inconsistent'),
        target(),
        { onProgress: (p) => progress.push(p) },
        ctx,
      );
      expect((await readFile(saved)).equals(BODY)).toBe(true);
      expect(hit).toBe(3);
      expect(progress.at(-1)).toEqual({ bytes: 1000, total: 1000 });
    },
  );

  it.each(INCONSISTENT)(
    '%s, again after the restart: fails, nothing committed',
    async (_name, misbehave) => {
      scenario = (_req, res, n) => {
        if (n % 2 === 1)
          return partial(res, 'bytes 0-499/1000', BODY.subarray(0, 500), { etag: '"v1"' });
        return misbehave(res);
      };
      const error = await rejectsWith(
        downloadToFileWithRetry(server().url('/always-inconsistent'), target(), FAST, ctx),
        'ASSET_DOWNLOAD_FAILED',
      );
      expect(error.details).toMatchObject({
        reason: 'inconsistent-range',
        restarts: 1,
        attempts: 1,
      });
      expect(error.retryable).toBe(false);
      expect(hit).toBe(4);
      expect(existsSync(target().finalPath)).toBe(false);
    },
  );

  it('a resume after a cut at 500 of 1000 answered with 700 body bytes is never a 1200-byte file (the issue)', async () => {
    for (const chunked of [false, true]) {
      hit = 0;
      scenario = (_req, res, n) => {
        if (n === 1) {
          res.writeHead(200, { 'content-length': 1000, etag: '"v1"' });
          res.write(BODY.subarray(0, 500), () => setTimeout(() => res.socket?.destroy(), 10));
          return;
        }
        if (n === 2)
          return partial(
            res,
            'bytes 500-999/1000',
            Buffer.concat([BODY.subarray(500), BODY.subarray(0, 200)]),
            { chunked, etag: '"v1"' },
          );
        res.writeHead(200, { 'content-length': 1000, etag: '"v1"' }).end(BODY);
      };
      const saved = await downloadToFileWithRetry(
        server().url(`/cut-then-long?chunked=${chunked}`),
        target(),
        FAST,
        ctx,
      );
      expect((await readFile(saved)).equals(BODY)).toBe(true);
    }
  });

  it('If-Range "v1" answered by a 206 of "v2": the versions are never stitched (the issue)', async () => {
    scenario = (req, res, n) => {
      if (n === 1) {
        res.writeHead(200, { 'content-length': 1000, etag: '"v1"' });
        res.write(BODY.subarray(0, 500), () => setTimeout(() => res.socket?.destroy(), 10));
        return;
      }
      expect(n === 2 ? req.headers['if-range'] : '"v1"').toBe('"v1"');
      if (n === 2) return partial(res, 'bytes 500-999/1000', OTHER.subarray(500), { etag: '"v2"' });
      res.writeHead(200, { 'content-length': 1000, etag: '"v2"' }).end(OTHER);
    };
    const saved = await downloadToFileWithRetry(server().url('/changed'), target(), FAST, ctx);
    expect(sha256(await readFile(saved))).toBe(sha256(OTHER));
  });

  it('a resume whose Content-Range says /600 of a 1000-byte file: the last onProgress has bytes === total', async () => {
    scenario = (_req, res, n) => {
      if (n === 1) {
        res.writeHead(200, { 'content-length': 1000 });
        res.write(BODY.subarray(0, 500), () => setTimeout(() => res.socket?.destroy(), 10));
        return;
      }
      if (n === 2) return partial(res, 'bytes 500-999/600', BODY.subarray(500));
      res.writeHead(200, { 'content-length': 1000 }).end(BODY);
    };
    const progress: DownloadProgress[] = [];
    const saved = await downloadToFileWithRetry(
      server().url('/shrunk'),
      target(),
      { ...FAST, onProgress: (p) => progress.push(p) },
      ctx,
    );
    expect((await readFile(saved)).equals(BODY)).toBe(true);
    expect(progress.at(-1)).toEqual({ bytes: 1000, total: 1000 });
    for (const report of progress)
      if (report.total !== undefined) expect(report.bytes).toBeLessThanOrEqual(report.total);
  });
});

describe('a 206 that ends early', () => {
  it('is a truncation: retried, resumed from the bytes received', async () => {
    const body = payload(10_000, 9);
    scenario = (req, res, n) => {
      const first = rangeStart(req) ?? 0;
      if (n === 1) {
        // Chunked, so the early end is clean: 4000 of the 10000 bytes the Content-Range promised.
        res.writeHead(206, { 'content-range': `bytes 0-9999/10000`, etag: '"v1"' });
        res.end(body.subarray(0, 4000));
        return;
      }
      partial(res, `bytes ${first}-9999/10000`, body.subarray(first), { etag: '"v1"' });
    };
    const retries: RetryInfo[] = [];
    const saved = await downloadToFileWithRetry(
      server().url('/short-206'),
      target(),
      { ...FAST, onRetry: (info) => retries.push(info) },
      ctx,
    );
    expect((await readFile(saved)).equals(body)).toBe(true);
    expect(retries.map((info) => info.error.details['reason'])).toEqual(['truncated']);
    expect(server().stats.requests.at(-1)?.headers.range).toBe('bytes=4000-');
  });

  it('without retries it fails as a truncation and nothing is committed', async () => {
    scenario = (_req, res) => {
      res.writeHead(206, { 'content-range': 'bytes 0-9999/10000' });
      res.end(payload(4000));
    };
    const error = await rejectsWith(
      downloadToFile(server().url('/short-206-once'), target(), {}, ctx),
      'ASSET_DOWNLOAD_FAILED',
    );
    expect(error.details).toMatchObject({ reason: 'truncated', received: 4000, expected: 10_000 });
    expect(existsSync(target().finalPath)).toBe(false);
  });
});

describe('If-Range', () => {
  it.each([
    ['a weak ETag is never sent', { etag: 'W/"weak"' }, undefined],
    [
      'a weak ETag falls back to Last-Modified',
      { etag: 'W/"weak"', 'last-modified': 'Wed, 15 Jan 2025 12:00:30 GMT' },
      'Wed, 15 Jan 2025 12:00:30 GMT',
    ],
    ['a strong ETag is sent as is', { etag: '"strong"' }, '"strong"'],
  ])('%s', async (_name, validators, expected) => {
    const body = payload(5000, 3);
    scenario = (req, res, n) => {
      if (n === 1) {
        res.writeHead(200, { 'content-length': body.length, ...validators });
        res.write(body.subarray(0, 2000), () => setTimeout(() => res.socket?.destroy(), 10));
        return;
      }
      const first = rangeStart(req) ?? 0;
      partial(res, `bytes ${first}-4999/5000`, body.subarray(first));
    };
    const saved = await downloadToFileWithRetry(server().url('/validators'), target(), FAST, ctx);
    expect((await readFile(saved)).equals(body)).toBe(true);
    const resume = server().stats.requests.at(-1);
    expect(resume?.headers.range).toBe('bytes=2000-');
    expect(resume?.headers['if-range']).toBe(expected);
  });
});
