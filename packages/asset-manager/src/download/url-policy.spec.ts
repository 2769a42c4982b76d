import { inspect } from 'node:util';
import { ErrorCode } from '@ad-pipeline/errors';
import { LOOPBACK, makeTempDir, rejectsWith, removeDir } from '../../test/helpers.js';
import { AssetManager } from '../asset-manager.js';

let baseDir: string;
beforeEach(async () => {
  baseDir = await makeTempDir();
});
afterEach(async () => {
  await removeDir(baseDir);
});

describe('a download error keeps no raw URL anywhere', () => {
  test.each([
    'https://user:PWSECRET@bad host.example.com/a.mp4?X-Amz-Signature=SIGSECRET',
    'https://[::1/a.mp4?token=SIGSECRET&pw=PWSECRET',
    'http://a b/?sig=SIGSECRET#access_token=PWSECRET',
  ])('%s: not in message, stack, details, cause.input or util.inspect', async (url) => {
    const manager = new AssetManager('job-1', { baseDir, ...LOOPBACK });
    const error = await rejectsWith(manager.downloadFile(url, 'a.mp4'), ErrorCode.INVALID_INPUT);
    expect((error.cause as { input?: unknown }).input).toEqual(expect.any(String));
    const outputs = [
      error.message,
      error.stack ?? '',
      JSON.stringify(error.details),
      String((error.cause as { input?: unknown }).input),
      inspect(error, { depth: Infinity }),
      JSON.stringify(error),
    ].join('\n');
    expect(outputs).not.toMatch(/SIGSECRET|PWSECRET/);
  });
});
