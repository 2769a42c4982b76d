import { AssetManager } from '@ad-pipeline/asset-manager';
import { ErrorCode } from '@ad-pipeline/errors';
import { startFaultServer } from '@ad-pipeline/test-support';
import { download, expectFileDigest, useDownloadEnv } from './support/download-env.js';

const env = useDownloadEnv('fault-redirects');

describe('fault injection: redirects, URLs and the SSRF guard', () => {
  test('a chain of 3 redirects is followed to the asset', async () => {
    const outcome = await download(env.manager, env.server.url('/moved.png', { redirects: 3 }), 'moved.png', { kind: 'image' });
    await expectFileDigest(outcome.path, env.server.payload('/moved.png').sha256);
    expect(env.server.stats.redirects('/moved.png')).toBe(3);
    expect(env.server.stats.hits('/moved.png')).toBe(1);
    expect(outcome.retries).toEqual([]);
  });

  test('more redirects than maxRedirects: ASSET_DOWNLOAD_FAILED, not retried', async () => {
    const outcome = await download(env.manager, env.server.url('/far.png', { redirects: 4 }), 'far.png', { maxRedirects: 2 });
    expect(outcome.error?.code).toBe(ErrorCode.ASSET_DOWNLOAD_FAILED);
    expect(outcome.error?.retryable).toBe(false);
    expect(outcome.retries).toEqual([]);
    expect(env.server.stats.hits('/far.png')).toBe(0);
  });

  test('a redirect loop ends with ASSET_DOWNLOAD_FAILED after a bounded number of hops', async () => {
    const outcome = await download(env.manager, env.server.url('/loop.png', { redirects: 'loop' }), 'loop.png');
    expect(outcome.error?.code).toBe(ErrorCode.ASSET_DOWNLOAD_FAILED);
    expect(outcome.error?.retryable).toBe(false);
    expect(env.server.stats.redirects('/loop.png')).toBeLessThanOrEqual(6);
    expect(env.server.stats.hits('/loop.png')).toBe(0);
    expect(outcome.retries).toEqual([]);
    expect(await env.manager.listFiles('scenes')).toEqual([]);
  });

  test('a cross-origin redirect drops Authorization and Cookie, keeps other headers', async () => {
    const other = await startFaultServer();
    try {
      const target = other.url('/elsewhere.png');
      const headers = { authorization: 'Bearer secret-token', cookie: 'session=1', 'x-trace': 'abc' };
      const outcome = await download(env.manager, env.server.url('/hop.png', { redirectTo: target }), 'hop.png', { headers });
      await expectFileDigest(outcome.path, other.payload('/elsewhere.png').sha256);
      expect(env.server.stats.requests[0].headers.authorization).toBe('Bearer secret-token');
      const arrived = other.stats.requests[0].headers;
      expect(arrived.authorization).toBeUndefined();
      expect(arrived.cookie).toBeUndefined();
      expect(arrived['x-trace']).toBe('abc');
      expect(other.stats.hits('/elsewhere.png')).toBe(1);
      expect(outcome.retries).toEqual([]);
    } finally {
      await other.close();
    }
  });

  test.each(['ftp://127.0.0.1/x.png', 'file:///etc/passwd', 'not a url', 'javascript:alert(1)'])(
    'a non-http(s) URL is INVALID_INPUT before any request: %s',
    async (url) => {
      const outcome = await download(env.manager, url, 'x.png');
      expect(outcome.error?.code).toBe(ErrorCode.INVALID_INPUT);
      expect(outcome.retries).toEqual([]);
      expect(await env.manager.listFiles('scenes')).toEqual([]);
    },
  );

  test('blockPrivateNetworks refuses loopback at connect time: INVALID_INPUT, the server never asked', async () => {
    const guarded = new AssetManager('guarded', { baseDir: env.temp.path, blockPrivateNetworks: true });
    const outcome = await download(guarded, env.server.url('/private.png'), 'private.png');
    expect(outcome.error?.code).toBe(ErrorCode.INVALID_INPUT);
    expect(outcome.retries).toEqual([]);
    expect(env.server.stats.hits('/private.png')).toBe(0);
    expect(await guarded.listFiles('scenes')).toEqual([]);
  });

  test('the guard checks every redirect target too', async () => {
    const guarded = new AssetManager('guarded-hop', { baseDir: env.temp.path, blockPrivateNetworks: true, allowHosts: ['localhost'] });
    const port = new URL(env.server.origin).port;
    const url = `http://localhost:${port}/start.png?redirectTo=${encodeURIComponent(env.server.url('/inner.png'))}`;
    const outcome = await download(guarded, url, 'inner.png');
    expect(outcome.error?.code).toBe(ErrorCode.INVALID_INPUT);
    expect(env.server.stats.redirects('/start.png')).toBe(1);
    expect(env.server.stats.hits('/inner.png')).toBe(0);
  });

  test('allowHosts refuses any other host: INVALID_INPUT', async () => {
    const listed = new AssetManager('listed', { baseDir: env.temp.path, allowHosts: ['cdn.example.com'] });
    const outcome = await download(listed, env.server.url('/unlisted.png'), 'unlisted.png');
    expect(outcome.error?.code).toBe(ErrorCode.INVALID_INPUT);
    expect(env.server.stats.hits('/unlisted.png')).toBe(0);
  });
});
