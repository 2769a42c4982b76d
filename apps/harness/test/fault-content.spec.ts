import { ErrorCode } from '@ad-pipeline/errors';
import { download, expectFileDigest, useDownloadEnv } from './support/download-env.js';

const env = useDownloadEnv('fault-content');

describe('fault injection: size and content', () => {
  test('oversize by Content-Length: FILE_TOO_LARGE before the body, never retried', async () => {
    const outcome = await download(env.manager, env.server.url('/big.mp4', { size: 2_000_000 }), 'big.mp4', { maxBytes: 1_000_000 });
    expect(outcome.error?.code).toBe(ErrorCode.FILE_TOO_LARGE);
    expect(outcome.error?.retryable).toBe(false);
    expect(outcome.retries).toEqual([]);
    expect(env.server.stats.hits('/big.mp4')).toBe(1);
    expect(await env.manager.listFiles('scenes')).toEqual([]);
  });

  test('oversize chunked (no Content-Length): FILE_TOO_LARGE while streaming, nothing kept', async () => {
    const outcome = await download(env.manager, env.server.url('/big-chunked.mp4', { size: 2_000_000, chunked: true }), 'big.mp4', {
      maxBytes: 1_000_000,
    });
    expect(outcome.error?.code).toBe(ErrorCode.FILE_TOO_LARGE);
    expect(outcome.retries).toEqual([]);
    expect(await env.manager.listFiles('scenes')).toEqual([]);
  });

  test('exactly maxBytes is accepted, chunked or not', async () => {
    for (const chunked of [false, true]) {
      const knobs = { size: 100_000, chunked };
      const path = await env.manager.downloadFile(env.server.url('/exact.mp4', knobs), `exact-${chunked}.mp4`, 'scenes', { maxBytes: 100_000 });
      await expectFileDigest(path, env.server.payload('/exact.mp4', knobs).sha256);
    }
    expect(env.server.stats.hits('/exact.mp4')).toBe(2);
  });

  test('a chunked body of unknown length arrives whole', async () => {
    const knobs = { size: 1_500_000, chunked: true };
    const outcome = await download(env.manager, env.server.url('/stream.mp4', knobs), 'stream.mp4', { kind: 'video' });
    await expectFileDigest(outcome.path, env.server.payload('/stream.mp4', knobs).sha256);
    expect(outcome.retries).toEqual([]);
    expect(env.server.stats.hits('/stream.mp4')).toBe(1);
  });

  test('HTML served as video/mp4 fails the kind check: UNSUPPORTED_FORMAT, not retried, no file', async () => {
    const url = env.server.url('/fake.mp4', { kind: 'html', contentType: 'video/mp4', size: 2000 });
    const outcome = await download(env.manager, url, 'fake.mp4', { kind: 'video' });
    expect(outcome.error?.code).toBe(ErrorCode.UNSUPPORTED_FORMAT);
    expect(outcome.retries).toEqual([]);
    expect(env.server.stats.hits('/fake.mp4')).toBe(1);
    expect(await env.manager.listFiles('scenes')).toEqual([]);
  });

  test.each([
    ['an image where video was expected', 'png', 'video'],
    ['audio where an image was expected', 'wav', 'image'],
    ['random bytes where audio was expected', 'bin', 'audio'],
  ] as const)('%s: UNSUPPORTED_FORMAT', async (_label, kind, expected) => {
    const outcome = await download(env.manager, env.server.url(`/wrong-${kind}`, { kind }), 'asset', { kind: expected });
    expect(outcome.error?.code).toBe(ErrorCode.UNSUPPORTED_FORMAT);
    expect(outcome.retries).toEqual([]);
    expect(env.server.stats.hits(`/wrong-${kind}`)).toBe(1);
    expect(await env.manager.listFiles('scenes')).toEqual([]);
  });

  test('the kind is judged by magic bytes, not by a wrong Content-Type header', async () => {
    const knobs = { contentType: 'text/html' };
    const outcome = await download(env.manager, env.server.url('/mislabelled.png', knobs), 'real.png', { kind: 'image' });
    await expectFileDigest(outcome.path, env.server.payload('/mislabelled.png', knobs).sha256);
    expect(env.server.stats.hits('/mislabelled.png')).toBe(1);
  });

  test('sha256 mismatch: ASSET_DOWNLOAD_FAILED, not retried, no file', async () => {
    const outcome = await download(env.manager, env.server.url('/tampered.png'), 'tampered.png', { sha256: 'a'.repeat(64) });
    expect(outcome.error?.code).toBe(ErrorCode.ASSET_DOWNLOAD_FAILED);
    expect(outcome.error?.retryable).toBe(false);
    expect(outcome.retries).toEqual([]);
    expect(env.server.stats.hits('/tampered.png')).toBe(1);
    expect(await env.manager.listFiles('scenes')).toEqual([]);
  });

  test('sha256 is checked over the whole file after a resumed transfer', async () => {
    const knobs = { size: 400_000, resetAfter: 200_000, times: 1 };
    const { sha256 } = env.server.payload('/resumed.mp4', knobs);
    const outcome = await download(env.manager, env.server.url('/resumed.mp4', knobs), 'resumed.mp4', { sha256, kind: 'video' });
    await expectFileDigest(outcome.path, sha256);
    expect(env.server.stats.requests.map((r) => r.status)).toEqual([200, 206]);
    expect(outcome.retries).toHaveLength(1);
  });

  test('inspectFile and validateFile agree with what was served', async () => {
    const knobs = { size: 3000 };
    const path = await env.manager.downloadFile(env.server.url('/voice.wav', knobs), 'voice.wav', 'audio');
    expect(path).toBe(env.manager.getFilePath('voice.wav', 'audio'));
    expect(await env.manager.inspectFile('voice.wav', 'audio')).toEqual({
      size: 3000,
      mime: 'audio/wav',
      kind: 'audio',
      sha256: env.server.payload('/voice.wav', knobs).sha256,
      media: expect.objectContaining({ container: 'wav', mime: 'audio/wav' }),
    });
    expect(await env.manager.validateFile('voice.wav', 'audio', { kind: 'audio' })).toBe(true);
    expect(await env.manager.validateFile('voice.wav', 'audio', { kind: 'video' })).toBe(false);
    expect(await env.manager.validateFile('voice.wav', 'audio', { minSize: 3001 })).toBe(false);
  });
});
