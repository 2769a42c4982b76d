import { ErrorCode } from '@ad-pipeline/errors';
import { download, expectFileDigest, useDownloadEnv } from './support/download-env.js';

const env = useDownloadEnv('fault-transport');
const SIZE = 300_000;

describe('fault injection: broken transfers', () => {
  test('reset mid-body once, Range on: the retry resumes from the bytes on disk', async () => {
    const knobs = { size: SIZE, resetAfter: 100_000, times: 1 };
    const outcome = await download(env.manager, env.server.url('/reset.mp4', knobs), 'reset.mp4', { kind: 'video' });
    await expectFileDigest(outcome.path, env.server.payload('/reset.mp4', knobs).sha256);
    expect(env.server.stats.hits('/reset.mp4')).toBe(2);
    expect(outcome.retries).toHaveLength(1);
    expect(outcome.retries[0].error.code).toBe(ErrorCode.ASSET_DOWNLOAD_FAILED);
    const [first, second] = env.server.stats.requests;
    expect(first.range).toBeUndefined();
    const start = Number(/^bytes=(\d+)-$/.exec(second.range ?? '')?.[1]);
    expect(start).toBeGreaterThan(0);
    expect(start).toBeLessThanOrEqual(100_000);
    expect(second.status).toBe(206);
  });

  test('reset mid-body once, Range off: the retry starts over and still ends whole', async () => {
    const knobs = { size: SIZE, resetAfter: 100_000, times: 1, ranges: false };
    const outcome = await download(env.manager, env.server.url('/norange.mp4', knobs), 'norange.mp4', { kind: 'video' });
    await expectFileDigest(outcome.path, env.server.payload('/norange.mp4', knobs).sha256);
    expect(env.server.stats.requests.map((r) => r.status)).toEqual([200, 200]);
    expect(outcome.retries).toHaveLength(1);
  });

  test('resume: false never sends Range', async () => {
    const knobs = { size: SIZE, resetAfter: 100_000, times: 1 };
    const outcome = await download(env.manager, env.server.url('/fresh.mp4', knobs), 'fresh.mp4', { resume: false });
    await expectFileDigest(outcome.path, env.server.payload('/fresh.mp4', knobs).sha256);
    expect(env.server.stats.requests.map((r) => r.range)).toEqual([undefined, undefined]);
    expect(outcome.retries).toHaveLength(1);
  });

  test('reset every time: ASSET_DOWNLOAD_FAILED (retryable) after all retries, nothing on disk', async () => {
    const outcome = await download(env.manager, env.server.url('/always-reset.mp4', { size: SIZE, resetAfter: 1000 }), 'x.mp4', { retries: 2 });
    expect(outcome.error?.code).toBe(ErrorCode.ASSET_DOWNLOAD_FAILED);
    expect(outcome.error?.retryable).toBe(true);
    expect(env.server.stats.hits('/always-reset.mp4')).toBe(3);
    expect(outcome.retries).toHaveLength(2);
    expect(await env.manager.listFiles('scenes')).toEqual([]);
  });

  test('truncated body (Content-Length longer than the body) is never saved; retried to a whole file', async () => {
    const knobs = { size: SIZE, truncateAfter: 150_000, times: 1 };
    const outcome = await download(env.manager, env.server.url('/trunc.png', knobs), 'trunc.png', { kind: 'image' });
    await expectFileDigest(outcome.path, env.server.payload('/trunc.png', knobs).sha256);
    expect(outcome.retries).toHaveLength(1);
    expect(outcome.retries[0].error.code).toBe(ErrorCode.ASSET_DOWNLOAD_FAILED);
    expect(env.server.stats.hits('/trunc.png')).toBe(2);
  });

  test('truncated body without retry: ASSET_DOWNLOAD_FAILED, retryable, no file', async () => {
    const url = env.server.url('/trunc-once.png', { size: SIZE, truncateAfter: 1000 });
    await expect(env.manager.downloadFile(url, 'x.png', 'scenes')).rejects.toMatchObject({ code: ErrorCode.ASSET_DOWNLOAD_FAILED, retryable: true });
    expect(env.server.stats.hits('/trunc-once.png')).toBe(1);
    expect(await env.manager.listFiles('scenes')).toEqual([]);
  });

  test('slow headers past headersTimeoutMs: API_TIMEOUT, then a retry succeeds', async () => {
    const knobs = { headersDelayMs: 2000, times: 1 };
    const outcome = await download(env.manager, env.server.url('/late.png', knobs), 'late.png', { headersTimeoutMs: 100 });
    await expectFileDigest(outcome.path, env.server.payload('/late.png', knobs).sha256);
    expect(outcome.retries.map((r) => r.error.code)).toEqual([ErrorCode.API_TIMEOUT]);
    expect(env.server.stats.hits('/late.png')).toBe(2);
  });

  test('slow headers without retry: API_TIMEOUT, no file', async () => {
    const url = env.server.url('/late-once.png', { headersDelayMs: 2000 });
    await expect(env.manager.downloadFile(url, 'x.png', 'scenes', { headersTimeoutMs: 100 })).rejects.toMatchObject({ code: ErrorCode.API_TIMEOUT });
    expect(env.server.stats.hits('/late-once.png')).toBe(1);
    expect(await env.manager.listFiles('scenes')).toEqual([]);
  });

  test('a trickling body past timeoutMs: API_TIMEOUT, the partial file removed', async () => {
    const url = env.server.url('/trickle.wav', { size: 20_000, trickleBytes: 500, trickleMs: 20 });
    await expect(env.manager.downloadFile(url, 'x.wav', 'audio', { timeoutMs: 300 })).rejects.toMatchObject({ code: ErrorCode.API_TIMEOUT });
    expect(env.server.stats.bytesSent('/trickle.wav')).toBeGreaterThan(0);
    expect(env.server.stats.hits('/trickle.wav')).toBe(1);
    expect(await env.manager.listFiles('audio')).toEqual([]);
  });

  test('a stalled body past bodyTimeoutMs: API_TIMEOUT', async () => {
    const url = env.server.url('/stall.wav', { size: 5000, trickleBytes: 100, trickleMs: 1000 });
    await expect(env.manager.downloadFile(url, 'x.wav', 'audio', { bodyTimeoutMs: 150 })).rejects.toMatchObject({ code: ErrorCode.API_TIMEOUT });
    expect(env.server.stats.hits('/stall.wav')).toBe(1);
    expect(await env.manager.listFiles('audio')).toEqual([]);
  });

  test('a slow but steady body within limits arrives whole, with growing progress reports', async () => {
    const knobs = { size: 4000, trickleBytes: 500, trickleMs: 10 };
    const progress: { bytes: number; total?: number }[] = [];
    const path = await env.manager.downloadFile(env.server.url('/steady.wav', knobs), 'steady.wav', 'audio', {
      kind: 'audio',
      onProgress: (report) => progress.push(report),
    });
    await expectFileDigest(path, env.server.payload('/steady.wav', knobs).sha256);
    expect(env.server.stats.hits('/steady.wav')).toBe(1);
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.at(-1)).toEqual({ bytes: 4000, total: 4000 });
    const bytes = progress.map((report) => report.bytes);
    expect(bytes).toEqual([...bytes].sort((a, b) => a - b));
  });

  test('a user abort mid-body: JOB_CANCELLED, not retried, no file', async () => {
    const controller = new AbortController();
    // About 4 s of trickle, so the abort always lands mid-body.
    const url = env.server.url('/abort.mp4', { size: 200_000, trickleBytes: 1000, trickleMs: 20 });
    const pending = download(env.manager, url, 'abort.mp4', { signal: controller.signal });
    while (env.server.stats.bytesSent('/abort.mp4') < 3000) await new Promise((resolve) => setTimeout(resolve, 10));
    controller.abort();
    const outcome = await pending;
    expect(outcome.error?.code).toBe(ErrorCode.JOB_CANCELLED);
    expect(outcome.error?.retryable).toBe(false);
    expect(outcome.retries).toEqual([]);
    expect(env.server.stats.hits('/abort.mp4')).toBe(1);
    expect(await env.manager.listFiles('scenes')).toEqual([]);
  });

  test('an abort during the backoff wait also ends with JOB_CANCELLED, without another request', async () => {
    const controller = new AbortController();
    const url = env.server.url('/abort-wait.png', { status: 503 });
    const pending = download(env.manager, url, 'x.png', { signal: controller.signal, minDelayMs: 10_000, maxDelayMs: 10_000 });
    while (env.server.stats.hits('/abort-wait.png') < 1) await new Promise((resolve) => setTimeout(resolve, 10));
    await new Promise((resolve) => setTimeout(resolve, 50));
    controller.abort();
    const outcome = await pending;
    expect(outcome.error?.code).toBe(ErrorCode.JOB_CANCELLED);
    expect(outcome.retries).toHaveLength(1);
    expect(env.server.stats.hits('/abort-wait.png')).toBe(1);
  });
});
