import { ErrorCode } from '@ad-pipeline/errors';
import { BAD_RANGES } from '@ad-pipeline/test-support';
import { download, expectFileDigest, useDownloadEnv } from './support/download-env.js';

// Partial responses as CDNs and object stores send them (RFC 9110 §14, §15.3.7; SPEC 6.1), against
// the fault server, through the published package.
const env = useDownloadEnv('fault-partial');

describe('fault injection: partial responses', () => {
  test('a plain GET answered with a 206 covering the whole representation is saved', async () => {
    const knobs = { size: 3000, wholeAs206: true };
    const outcome = await download(env.manager, env.server.url('/whole.bin', knobs), 'whole.bin');
    await expectFileDigest(outcome.path, env.server.payload('/whole.bin', knobs).sha256);
    expect(outcome.retries).toEqual([]);
    expect(env.server.stats.hits('/whole.bin')).toBe(1);
  });

  test.each([
    [600_000, 65_536],
    [200_000, 50_000],
    [10_000, 999],
  ])(
    'a CDN slicing %i bytes at %i: range by range, no retry, last progress complete',
    async (size, slice) => {
      const knobs = { size, slice };
      const progress: Array<{ bytes: number; total?: number }> = [];
      const outcome = await download(
        env.manager,
        env.server.url('/sliced.mp4', knobs),
        'sliced.mp4',
        {
          kind: 'video',
          onProgress: (report) => progress.push(report),
        },
      );
      await expectFileDigest(outcome.path, env.server.payload('/sliced.mp4', knobs).sha256);
      expect(outcome.retries).toEqual([]);
      expect(env.server.stats.hits('/sliced.mp4')).toBe(Math.ceil(size / slice));
      expect(progress.at(-1)).toEqual({ bytes: size, total: size });
    },
  );

  test('a cut answered by a slicing CDN on resume: one retry for the cut, none for the slices', async () => {
    const knobs = { size: 600_000, slice: 65_536, resetAfter: 30_000, times: 1 };
    const outcome = await download(
      env.manager,
      env.server.url('/cut-sliced.bin', knobs),
      'cut-sliced.bin',
    );
    await expectFileDigest(outcome.path, env.server.payload('/cut-sliced.bin', knobs).sha256);
    expect(outcome.retries).toHaveLength(1);
  });

  const inconsistent = BAD_RANGES.filter((bad) => bad !== 'short-chunked');

  test.each(inconsistent)(
    'an inconsistent 206 (%s) once: restarted from byte 0, the file is whole',
    async (badRange) => {
      // Request 1 is a plain GET (a slice, fine), request 2 the bad range, then clean answers.
      const knobs = { size: 100_000, slice: 40_000, badRange, times: 2 };
      const outcome = await download(
        env.manager,
        env.server.url('/bad-once.bin', knobs),
        'bad-once.bin',
      );
      await expectFileDigest(outcome.path, env.server.payload('/bad-once.bin', knobs).sha256);
      expect(outcome.retries).toEqual([]);
      const ranges = env.server.stats.requests.map((request) => request.range);
      expect(ranges.slice(0, 3)).toEqual([undefined, 'bytes=40000-', undefined]);
    },
  );

  test.each(inconsistent)(
    'an inconsistent 206 (%s) every time: fails after one restart, nothing kept',
    async (badRange) => {
      const knobs = { size: 100_000, slice: 40_000, badRange };
      const outcome = await download(
        env.manager,
        env.server.url('/bad-always.bin', knobs),
        'bad-always.bin',
      );
      expect(outcome.error?.code).toBe(ErrorCode.ASSET_DOWNLOAD_FAILED);
      expect(outcome.error?.details).toMatchObject({ reason: 'inconsistent-range', restarts: 1 });
      expect(outcome.error?.retryable).toBe(false);
      expect(outcome.retries).toEqual([]);
      expect(env.server.stats.hits('/bad-always.bin')).toBe(4);
      expect(await env.manager.listFiles('scenes')).toEqual([]);
    },
  );

  test('a 206 that ends early is a truncation: retried and resumed', async () => {
    const knobs = { size: 100_000, slice: 40_000, badRange: 'short-chunked' as const, times: 2 };
    const outcome = await download(env.manager, env.server.url('/short.bin', knobs), 'short.bin');
    await expectFileDigest(outcome.path, env.server.payload('/short.bin', knobs).sha256);
    expect(outcome.retries.map((retry) => retry.error.details['reason'])).toEqual(['truncated']);
  });
});
