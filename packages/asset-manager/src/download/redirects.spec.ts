import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { LOOPBACK, rejectsWith, useDownloadFixture } from '../../test/download/fault-server.js';
import { downloadToFile } from './download-to-file.js';
import { createNetworkContext } from './network-context.js';
import type { DownloadTarget } from './types.js';

const fixture = useDownloadFixture((req, res) => {
  const url = new URL(req.url ?? '/', 'http://x');
  const hop = Number(url.searchParams.get('n') ?? 0);
  switch (url.pathname) {
    case '/final':
      res
        .writeHead(200)
        .end(
          JSON.stringify({ authorization: req.headers.authorization, cookie: req.headers.cookie }),
        );
      return;
    case '/relative':
      res.writeHead(302, { location: 'final' }).end();
      return;
    case '/chain': // n hops, then the file
      res.writeHead(307, { location: hop > 1 ? `/chain?n=${hop - 1}` : '/final' }).end();
      return;
    case '/loop-a':
      res.writeHead(301, { location: '/loop-b' }).end();
      return;
    case '/loop-b':
      res.writeHead(308, { location: '/loop-a' }).end();
      return;
    case '/to-other-origin': // same server, other origin: localhost instead of 127.0.0.1
      res.writeHead(303, { location: `http://localhost:${server().port}/final` }).end();
      return;
    case '/to-ftp':
      res.writeHead(302, { location: 'ftp://127.0.0.1/file' }).end();
      return;
    case '/no-location':
      res.writeHead(302).end();
      return;
    default:
      res.writeHead(404).end();
  }
});
const { server, dir } = fixture;
const ctx = createNetworkContext(LOOPBACK);
const target = (): DownloadTarget => ({ dir: dir(), finalPath: path.join(dir(), 'file.txt') });

const credentials = { Authorization: 'Bearer secret-token', Cookie: 'session=1' };

describe('redirects', () => {
  test('a relative Location is resolved and followed', async () => {
    const saved = await downloadToFile(server().url('/relative'), target(), {}, ctx);
    expect(JSON.parse(await readFile(saved, 'utf8'))).toEqual({});
  });

  test('follows up to maxRedirects hops', async () => {
    await expect(downloadToFile(server().url('/chain?n=5'), target(), {}, ctx)).resolves.toBe(
      target().finalPath,
    );
  });

  test('one hop more than maxRedirects is ASSET_DOWNLOAD_FAILED, not retryable', async () => {
    const error = await rejectsWith(
      downloadToFile(server().url('/chain?n=3'), target(), { maxRedirects: 2 }, ctx),
      'ASSET_DOWNLOAD_FAILED',
    );
    expect(error.retryable).toBe(false);
    expect(error.details).toMatchObject({ reason: 'too-many-redirects', maxRedirects: 2 });
  });

  test('a loop is ASSET_DOWNLOAD_FAILED, not retryable', async () => {
    const before = server().stats.requests.length;
    const error = await rejectsWith(
      downloadToFile(server().url('/loop-a'), target(), {}, ctx),
      'ASSET_DOWNLOAD_FAILED',
    );
    expect(error.retryable).toBe(false);
    expect(error.details).toMatchObject({ reason: 'redirect-loop' });
    expect(server().stats.requests.length - before).toBe(2);
  });

  test('credentials are kept on a same-origin hop', async () => {
    const saved = await downloadToFile(
      server().url('/relative'),
      target(),
      { headers: credentials },
      ctx,
    );
    expect(JSON.parse(await readFile(saved, 'utf8'))).toEqual({
      authorization: 'Bearer secret-token',
      cookie: 'session=1',
    });
  });

  test('authorization and cookie are dropped on a cross-origin hop', async () => {
    const saved = await downloadToFile(
      server().url('/to-other-origin'),
      target(),
      { headers: credentials },
      ctx,
    );
    expect(JSON.parse(await readFile(saved, 'utf8'))).toEqual({});
  });

  test('a redirect to another protocol is INVALID_INPUT', async () => {
    const error = await rejectsWith(
      downloadToFile(server().url('/to-ftp'), target(), {}, ctx),
      'INVALID_INPUT',
    );
    expect(error.details).toMatchObject({ protocol: 'ftp:' });
  });

  test('a 3xx without Location is an HTTP error', async () => {
    const error = await rejectsWith(
      downloadToFile(server().url('/no-location'), target(), {}, ctx),
      'ASSET_DOWNLOAD_FAILED',
    );
    expect(error.details).toMatchObject({ upstreamStatus: 302 });
  });
});
