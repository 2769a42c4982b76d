import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { ErrorCode, isPipelineError } from '@ad-pipeline/errors';
import { sha256File } from '../src/index.js';
import { makePayload } from '@ad-pipeline/test-support';
import { useDownloadEnv } from './support/download-env.js';

const env = useDownloadEnv('storage');

describe('storage conformance: atomic, whole or nothing', () => {
  test('20 concurrent saves of one name leave exactly one whole version', async () => {
    const versions = Array.from({ length: 20 }, (_, index) => makePayload('png', 512 * 1024, `version-${index}`));
    await Promise.all(versions.map((version) => env.manager.saveFile(version.bytes, 'contested.png', 'scenes')));
    const digest = await sha256File(env.manager.getFilePath('contested.png', 'scenes'));
    expect(versions.map((version) => version.sha256)).toContain(digest);
    expect(await env.manager.listFiles('scenes')).toEqual([env.manager.getFilePath('contested.png', 'scenes')]);
  });

  test('concurrent downloads and a save to one name also leave one whole version', async () => {
    const a = { size: 300_000, seed: 'a' };
    const b = { size: 200_000, seed: 'b', chunked: true };
    const saved = makePayload('mp4', 100_000, 'c');
    await Promise.all([
      env.manager.downloadWithRetry(env.server.url('/a.mp4', a), 'one.mp4', 'scenes'),
      env.manager.downloadWithRetry(env.server.url('/b.mp4', b), 'one.mp4', 'scenes'),
      env.manager.saveFile(saved.bytes, 'one.mp4', 'scenes'),
    ]);
    const digest = await sha256File(env.manager.getFilePath('one.mp4', 'scenes'));
    expect([env.server.payload('/a.mp4', a).sha256, env.server.payload('/b.mp4', b).sha256, saved.sha256]).toContain(digest);
  });

  test('a stream that fails mid-way saves nothing and keeps the previous version', async () => {
    await env.manager.saveFile('previous', 'report.txt', 'final');
    async function* failing(): AsyncGenerator<Buffer> {
      yield Buffer.alloc(64 * 1024, 1);
      throw new Error('source died');
    }
    const failure = await env.manager.saveFile(Readable.from(failing()), 'report.txt', 'final').catch((error: unknown) => error);
    // Not a storage fault: the source's own error, classified as unknown and kept as the cause.
    expect(isPipelineError(failure)).toBe(true);
    expect(failure).toMatchObject({ code: ErrorCode.INTERNAL_ERROR, cause: expect.objectContaining({ message: 'source died' }) });
    expect(await readFile(env.manager.getFilePath('report.txt', 'final'), 'utf8')).toBe('previous');
  });

  test('saveFile limits: FILE_TOO_LARGE and UNSUPPORTED_FORMAT write nothing', async () => {
    const big = makePayload('wav', 20_000, 'big');
    await expect(env.manager.saveFile(big.bytes, 'big.wav', 'audio', { maxBytes: 10_000 })).rejects.toMatchObject({ code: ErrorCode.FILE_TOO_LARGE });
    await expect(env.manager.saveFile(big.bytes, 'voice.png', 'scenes', { kind: 'image' })).rejects.toMatchObject({ code: ErrorCode.UNSUPPORTED_FORMAT });
    expect(await env.manager.listFiles('audio')).toEqual([]);
    expect(await env.manager.listFiles('scenes')).toEqual([]);
  });

  test('createJobDirectory is idempotent under concurrency', async () => {
    const dirs = await Promise.all(Array.from({ length: 10 }, () => env.manager.createJobDirectory()));
    expect(new Set(dirs)).toEqual(new Set([env.manager.jobDir]));
  });
});
