import { ErrorCode } from '@ad-pipeline/errors';
import { download, expectFileDigest, useDownloadEnv } from './support/download-env.js';

const env = useDownloadEnv('fault-status');

describe('fault injection: HTTP status faults', () => {
  test('503 twice, then success: whole file, 3 requests, 2 retries reported', async () => {
    const knobs = { status: 503, times: 2, size: 50_000 };
    const outcome = await download(env.manager, env.server.url('/flaky.mp4', knobs), 'flaky.mp4', { kind: 'video' });
    expect(outcome.error).toBeUndefined();
    await expectFileDigest(outcome.path, env.server.payload('/flaky.mp4', knobs).sha256);
    expect(env.server.stats.hits('/flaky.mp4')).toBe(3);
    expect(outcome.retries.map((r) => [r.attempt, r.error.code, r.error.details['upstreamStatus']])).toEqual([
      [1, ErrorCode.ASSET_DOWNLOAD_FAILED, 503],
      [2, ErrorCode.ASSET_DOWNLOAD_FAILED, 503],
    ]);
  });

  test('503 forever: ASSET_DOWNLOAD_FAILED after retries + 1 requests, nothing on disk', async () => {
    const outcome = await download(env.manager, env.server.url('/down.mp4', { status: 503 }), 'down.mp4', { retries: 2 });
    expect(outcome.error?.code).toBe(ErrorCode.ASSET_DOWNLOAD_FAILED);
    expect(outcome.error?.details['upstreamStatus']).toBe(503);
    expect(outcome.error?.retryable).toBe(true);
    expect(env.server.stats.hits('/down.mp4')).toBe(3);
    expect(outcome.retries).toHaveLength(2);
    expect(await env.manager.listFiles('scenes')).toEqual([]);
  });

  test.each([500, 502, 504, 408, 425])('%i is retried', async (status) => {
    const key = `/retried-${status}.png`;
    const knobs = { status, times: 1 };
    const outcome = await download(env.manager, env.server.url(key, knobs), 'image.png', { kind: 'image' });
    await expectFileDigest(outcome.path, env.server.payload(key, knobs).sha256);
    expect(env.server.stats.hits(key)).toBe(2);
    expect(outcome.retries).toHaveLength(1);
  });

  test.each([400, 401, 403, 404, 410, 501])('%i is final: one request, no retry, not retryable', async (status) => {
    const key = `/final-${status}.png`;
    const outcome = await download(env.manager, env.server.url(key, { status }), 'image.png');
    expect(outcome.error?.code).toBe(ErrorCode.ASSET_DOWNLOAD_FAILED);
    expect(outcome.error?.details['upstreamStatus']).toBe(status);
    expect(outcome.error?.retryable).toBe(false);
    expect(env.server.stats.hits(key)).toBe(1);
    expect(outcome.retries).toEqual([]);
    expect(await env.manager.listFiles('scenes')).toEqual([]);
  });

  test('429 with Retry-After in seconds: the wait is the server\u2019s, then success', async () => {
    const knobs = { status: 429, times: 1, retryAfter: 1 };
    const outcome = await download(env.manager, env.server.url('/limited.wav', knobs), 'voice.wav', { kind: 'audio', maxDelayMs: 5000 }, 'audio');
    await expectFileDigest(outcome.path, env.server.payload('/limited.wav', knobs).sha256);
    expect(outcome.retries).toHaveLength(1);
    expect(outcome.retries[0].delayMs).toBe(1000);
    expect(outcome.retries[0].error.details['upstreamStatus']).toBe(429);
    expect(env.server.stats.hits('/limited.wav')).toBe(2);
  });

  test('503 with Retry-After as an HTTP date: waits until then (capped), then success', async () => {
    const knobs = { status: 503, times: 1, retryAfter: { dateInSeconds: 2 } };
    const outcome = await download(env.manager, env.server.url('/dated.wav', knobs), 'voice.wav', { maxDelayMs: 5000 }, 'audio');
    await expectFileDigest(outcome.path, env.server.payload('/dated.wav', knobs).sha256);
    expect(outcome.retries).toHaveLength(1);
    // An HTTP date has whole-second resolution: 2 s ahead means 1–2 s from when it was sent, far
    // above the 5 ms backoff (the margin absorbs a loaded machine's latency).
    expect(outcome.retries[0].delayMs).toBeGreaterThan(500);
    expect(outcome.retries[0].delayMs).toBeLessThanOrEqual(2000);
  });

  test('a Retry-After longer than the caller will wait (maxRetryAfterMs, default maxDelayMs) stops at once, never retried early', async () => {
    const knobs = { status: 429, times: 1, retryAfter: 3600 };
    const outcome = await download(env.manager, env.server.url('/patient.png', knobs), 'image.png', { maxDelayMs: 40 });
    expect(outcome.error?.code).toBe(ErrorCode.ASSET_DOWNLOAD_FAILED);
    expect(outcome.error?.details).toMatchObject({ upstreamStatus: 429, retryAfterMs: 3_600_000, maxRetryAfterMs: 40 });
    expect(outcome.retries).toEqual([]);
    expect(env.server.stats.hits('/patient.png')).toBe(1);
  });

  test('downloadFile (no retry) fails on the first 503', async () => {
    await expect(env.manager.downloadFile(env.server.url('/once.png', { status: 503, times: 1 }), 'x.png', 'scenes')).rejects.toMatchObject({
      code: ErrorCode.ASSET_DOWNLOAD_FAILED,
      details: expect.objectContaining({ upstreamStatus: 503 }),
    });
    expect(env.server.stats.hits('/once.png')).toBe(1);
  });
});
