import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { payload, rejectsWith, useDownloadFixture } from '../../test/download/fault-server.js';
import { downloadToFileWithRetry } from './download-with-retry.js';
import { createNetworkContext } from './network-context.js';
import type { DownloadTarget, RetryInfo } from './types.js';

// Retry-After (RFC 9110 §10.2.3) goes through the one HTTP-date parser, and a wait longer than the
// caller allows (maxRetryAfterMs, default maxDelayMs) stops the retries: never a retry too early.

const BODY = payload(4000, 8);
let hits = 0;
const fixture = useDownloadFixture((_req, res) => {
  hits += 1;
  if (hits === 1) res.writeHead(429, { 'retry-after': retryAfter(), 'content-length': 0 }).end();
  else res.writeHead(200, { 'content-length': BODY.length }).end(BODY);
});
let retryAfterValue: () => string = () => '';
function retryAfter(): string {
  return retryAfterValue();
}
beforeEach(() => {
  hits = 0;
});
const { server, dir } = fixture;
const ctx = createNetworkContext({ blockPrivateNetworks: false });
const target = (): DownloadTarget => ({ dir: dir(), finalPath: path.join(dir(), 'asset.bin') });

/** An HTTP-date `seconds` from now in each of the three formats of RFC 9110 §5.6.7. */
function httpDate(seconds: number, format: 'imf' | 'rfc850' | 'asctime'): string {
  const date = new Date(Math.ceil(Date.now() / 1000) * 1000 + seconds * 1000);
  const [weekday, day, month, year, time] = date
    .toUTCString()
    .replace(',', '')
    .split(' ') as string[];
  if (format === 'imf') return date.toUTCString();
  if (format === 'rfc850') {
    const long = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'][
      date.getUTCDay()
    ];
    return `${long}, ${day}-${month}-${(year as string).slice(2)} ${time} GMT`;
  }
  return `${weekday} ${month} ${String(Number(day)).padStart(2, ' ')} ${time} ${year}`;
}

describe('a Retry-After longer than the caller will wait', () => {
  it.each<[string, () => string, number]>([
    ['120 seconds', () => '120', 120_000],
    ['an IMF-fixdate 2 minutes ahead', () => httpDate(120, 'imf'), 118_000],
    ['an RFC 850 date 2 minutes ahead', () => httpDate(120, 'rfc850'), 118_000],
    ['an asctime date 2 minutes ahead', () => httpDate(120, 'asctime'), 118_000],
  ])(
    '%s with maxDelayMs 300: stops at once, with details.retryAfterMs',
    async (_name, value, atLeast) => {
      retryAfterValue = value;
      const retries: RetryInfo[] = [];
      const error = await rejectsWith(
        downloadToFileWithRetry(
          server().url('/limited'),
          target(),
          { minDelayMs: 10, maxDelayMs: 300, onRetry: (info) => retries.push(info) },
          ctx,
        ),
        'ASSET_DOWNLOAD_FAILED',
      );
      expect(error.details['upstreamStatus']).toBe(429);
      expect(error.details['retryAfterMs']).toBeGreaterThanOrEqual(atLeast);
      expect(error.details['retryAfterMs']).toBeLessThanOrEqual(121_000);
      expect(error.details).toMatchObject({ maxRetryAfterMs: 300, attempts: 1 });
      expect(retries).toEqual([]);
      expect(hits).toBe(1);
    },
  );

  it('maxRetryAfterMs above it: waits the whole Retry-After, never less, then succeeds', async () => {
    retryAfterValue = () => '1';
    const retries: RetryInfo[] = [];
    const saved = await downloadToFileWithRetry(
      server().url('/waits'),
      target(),
      {
        minDelayMs: 10,
        maxDelayMs: 50,
        maxRetryAfterMs: 5000,
        onRetry: (info) => retries.push(info),
      },
      ctx,
    );
    expect((await readFile(saved)).equals(BODY)).toBe(true);
    expect(retries.map((info) => info.delayMs)).toEqual([1000]);
    const [first, second] = server().stats.requests.slice(-2);
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(990);
  });

  it('an impossible date is no Retry-After at all: the plain backoff applies', async () => {
    retryAfterValue = () => 'Sat, 31 Feb 2099 00:00:00 GMT';
    const retries: RetryInfo[] = [];
    await downloadToFileWithRetry(
      server().url('/bad-date'),
      target(),
      { minDelayMs: 10, maxDelayMs: 50, onRetry: (info) => retries.push(info) },
      ctx,
    );
    expect(retries.map((info) => [info.delayMs, info.error.details['retryAfterMs']])).toEqual([
      [10, undefined],
    ]);
  });

  it('maxRetryAfterMs is validated', async () => {
    await rejectsWith(
      downloadToFileWithRetry(server().url('/x'), target(), { maxRetryAfterMs: -1 }, ctx),
      'INVALID_INPUT',
    );
  });
});
