import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  LOOPBACK,
  PNG_1X1,
  payload,
  rejectsWith,
  sha256,
  startFaultServer,
  useDownloadFixture,
} from '../../test/download/fault-server.js';
import { downloadToFile } from './download-to-file.js';
import { createNetworkContext } from './network-context.js';
import type { DownloadTarget } from './types.js';

const BODY = payload(300_000);

const fixture = useDownloadFixture((req, res) => {
  const url = new URL(req.url ?? '/', 'http://x');
  switch (url.pathname) {
    case '/file':
      res.writeHead(200, { 'content-length': BODY.length }).end(BODY);
      return;
    case '/chunked':
      res.writeHead(200);
      res.write(BODY.subarray(0, 1000));
      res.end(BODY.subarray(1000));
      return;
    case '/png':
      res.writeHead(200, { 'content-type': 'image/png' }).end(PNG_1X1);
      return;
    case '/tiny':
      res.writeHead(200).end('GIF8');
      return;
    case '/text':
      res
        .writeHead(200, { 'content-type': 'image/png' })
        .end('<html>not an image</html>'.repeat(10));
      return;
    case '/missing':
      res.writeHead(404).end('not found');
      return;
    case '/unavailable':
      res.writeHead(503, { 'retry-after': '7' }).end();
      return;
    case '/truncated':
      res.writeHead(200, { 'content-length': 1000 });
      res.write(BODY.subarray(0, 400));
      setTimeout(() => res.destroy(), 20);
      return;
    case '/slow-headers':
      setTimeout(() => res.writeHead(200).end('late'), 2000).unref();
      return;
    case '/slow-body':
      res.writeHead(200, { 'content-length': 10 });
      res.write('12345');
      setTimeout(() => res.end('67890'), 2000).unref();
      return;
    case '/echo-headers':
      res.writeHead(200).end(JSON.stringify(req.headers));
      return;
    case '/huge': {
      // Declares 1 GiB and streams until the client goes away.
      res.writeHead(200, { 'content-length': 1024 ** 3 });
      const chunk = Buffer.alloc(64 * 1024);
      const pump = (): void => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once('drain', pump);
      };
      pump();
      return;
    }
    default:
      res.writeHead(500).end();
  }
});
const { server, dir } = fixture;
const ctx = createNetworkContext(LOOPBACK);
const target = (name = 'asset.bin'): DownloadTarget => ({
  dir: dir(),
  finalPath: path.join(dir(), name),
});

describe('downloadToFile', () => {
  test('streams the body to the final path and returns it', async () => {
    const saved = await downloadToFile(server().url('/file'), target(), {}, ctx);
    expect(saved).toBe(path.join(dir(), 'asset.bin'));
    expect(sha256(await readFile(saved))).toBe(sha256(BODY));
  });

  test('saves a chunked body (no Content-Length)', async () => {
    const saved = await downloadToFile(server().url('/chunked'), target(), {}, ctx);
    expect((await readFile(saved)).equals(BODY)).toBe(true);
  });

  test('sends the caller headers', async () => {
    const saved = await downloadToFile(
      server().url('/echo-headers'),
      target(),
      { headers: { 'X-Trace': 'abc' } },
      ctx,
    );
    expect(JSON.parse(await readFile(saved, 'utf8'))).toMatchObject({ 'x-trace': 'abc' });
  });

  test('a 404 is ASSET_DOWNLOAD_FAILED, not retryable, with the status', async () => {
    const error = await rejectsWith(
      downloadToFile(server().url('/missing'), target(), {}, ctx),
      'ASSET_DOWNLOAD_FAILED',
    );
    expect(error.retryable).toBe(false);
    expect(error.details).toMatchObject({ upstreamStatus: 404 });
    expect(existsSync(target().finalPath)).toBe(false);
  });

  test('a 503 is retryable and carries Retry-After', async () => {
    const error = await rejectsWith(
      downloadToFile(server().url('/unavailable'), target(), {}, ctx),
      'ASSET_DOWNLOAD_FAILED',
    );
    expect(error.retryable).toBe(true);
    expect(error.details).toMatchObject({ upstreamStatus: 503, retryAfterMs: 7000 });
  });

  test('a body shorter than Content-Length is a retryable failure and no file', async () => {
    const error = await rejectsWith(
      downloadToFile(server().url('/truncated'), target(), {}, ctx),
      'ASSET_DOWNLOAD_FAILED',
    );
    expect(error.retryable).toBe(true);
    expect(existsSync(target().finalPath)).toBe(false);
  });

  test.each([
    ['cut mid-body', () => server().url('/truncated'), 'body'],
    ['refused at connect', () => 'http://127.0.0.1:1/nothing-listens', 'connect'],
  ])(
    'a transport fault (%s) says where it struck: reason, phase and code',
    async (_name, url, phase) => {
      const error = await rejectsWith(
        downloadToFile(url(), target(), {}, ctx),
        'ASSET_DOWNLOAD_FAILED',
      );
      expect(error.retryable).toBe(true);
      expect(error.details).toMatchObject({ reason: 'transport', phase });
      expect(typeof error.details['code']).toBe('string');
    },
  );

  test('slow headers hit headersTimeoutMs: API_TIMEOUT', async () => {
    const error = await rejectsWith(
      downloadToFile(server().url('/slow-headers'), target(), { headersTimeoutMs: 100 }, ctx),
      'API_TIMEOUT',
    );
    expect(error.retryable).toBe(true);
  });

  test('a stalled body hits bodyTimeoutMs: API_TIMEOUT', async () => {
    await rejectsWith(
      downloadToFile(server().url('/slow-body'), target(), { bodyTimeoutMs: 100 }, ctx),
      'API_TIMEOUT',
    );
  });

  test('a refused connection is ASSET_DOWNLOAD_FAILED, retryable, with the errno', async () => {
    const closed = await startFaultServer(() => undefined);
    await closed.close();
    const error = await rejectsWith(
      downloadToFile(closed.url('/file'), target(), {}, ctx),
      'ASSET_DOWNLOAD_FAILED',
    );
    expect(error.retryable).toBe(true);
    expect(error.details).toMatchObject({ code: 'ECONNREFUSED' });
    expect(error.cause).toMatchObject({ code: 'ECONNREFUSED' });
  });

  test('a slow body hits timeoutMs (whole download): API_TIMEOUT', async () => {
    const error = await rejectsWith(
      downloadToFile(server().url('/slow-body'), target(), { timeoutMs: 200 }, ctx),
      'API_TIMEOUT',
    );
    expect(error.details).toMatchObject({ timeoutMs: 200 });
    expect(existsSync(target().finalPath)).toBe(false);
  });

  test('a declared size over maxBytes is FILE_TOO_LARGE and the body is not read', async () => {
    const before = server().stats.requests.length;
    const error = await rejectsWith(
      downloadToFile(server().url('/huge'), target(), { maxBytes: 1024 * 1024 }, ctx),
      'FILE_TOO_LARGE',
    );
    expect(error.details).toMatchObject({ maxBytes: 1024 * 1024, declared: 1024 ** 3 });
    // The server saw its response cut off, not finished.
    expect(await server().closed(before + 1)).toEqual({ finished: false });
  });

  test('a chunked body growing over maxBytes is FILE_TOO_LARGE while streaming', async () => {
    const error = await rejectsWith(
      downloadToFile(server().url('/chunked'), target(), { maxBytes: 100_000 }, ctx),
      'FILE_TOO_LARGE',
    );
    expect(error.details).toMatchObject({ maxBytes: 100_000 });
    expect(error.details['received']).toBeGreaterThan(100_000);
    expect(existsSync(target().finalPath)).toBe(false);
  });

  test('accepts content of the expected kind', async () => {
    const saved = await downloadToFile(
      server().url('/png'),
      target('a.png'),
      { kind: 'image' },
      ctx,
    );
    expect((await readFile(saved)).equals(PNG_1X1)).toBe(true);
  });

  test('content of another kind is UNSUPPORTED_FORMAT, not retryable', async () => {
    const error = await rejectsWith(
      downloadToFile(server().url('/text'), target('a.png'), { kind: 'image' }, ctx),
      'UNSUPPORTED_FORMAT',
    );
    expect(error.retryable).toBe(false);
    expect(error.details).toMatchObject({ expected: 'image', detected: 'unknown' });
  });

  test('a body shorter than the sniff window is still checked', async () => {
    await rejectsWith(
      downloadToFile(server().url('/tiny'), target('a.gif'), { kind: 'image' }, ctx),
      'UNSUPPORTED_FORMAT',
    );
  });

  test('a matching sha256 is accepted, a wrong one is ASSET_DOWNLOAD_FAILED and no file', async () => {
    await expect(
      downloadToFile(server().url('/file'), target(), { sha256: sha256(BODY).toUpperCase() }, ctx),
    ).resolves.toBe(target().finalPath);
    const error = await rejectsWith(
      downloadToFile(server().url('/file'), target('other.bin'), { sha256: '0'.repeat(64) }, ctx),
      'ASSET_DOWNLOAD_FAILED',
    );
    expect(error.retryable).toBe(false);
    expect(error.details).toMatchObject({ reason: 'checksum-mismatch', actual: sha256(BODY) });
    expect(existsSync(target('other.bin').finalPath)).toBe(false);
  });

  test('reports progress, ending with the whole size', async () => {
    const reports: { bytes: number; total?: number }[] = [];
    await downloadToFile(
      server().url('/file'),
      target(),
      { onProgress: (p) => reports.push(p) },
      ctx,
    );
    expect(reports.length).toBeGreaterThanOrEqual(1);
    expect(reports.at(-1)).toEqual({ bytes: BODY.length, total: BODY.length });
    const bytes = reports.map((report) => report.bytes);
    expect([...bytes].sort((a, b) => a - b)).toEqual(bytes);
  });

  test('an aborted signal cancels: JOB_CANCELLED, not retryable', async () => {
    const controller = new AbortController();
    const pending = downloadToFile(
      server().url('/slow-body'),
      target(),
      { signal: controller.signal },
      ctx,
    );
    setTimeout(() => controller.abort(), 50);
    const error = await rejectsWith(pending, 'JOB_CANCELLED');
    expect(error.retryable).toBe(false);
    expect(existsSync(target().finalPath)).toBe(false);
  });

  test('an already aborted signal requests nothing', async () => {
    const before = server().stats.requests.length;
    await rejectsWith(
      downloadToFile(server().url('/file'), target(), { signal: AbortSignal.abort() }, ctx),
      'JOB_CANCELLED',
    );
    expect(server().stats.requests.length).toBe(before);
  });

  test.each(['ftp://127.0.0.1/file', 'file:///etc/passwd', 'data:text/plain,hello', 'not a url'])(
    '%s is INVALID_INPUT and nothing is fetched',
    async (url) => {
      const before = server().stats.requests.length;
      const error = await rejectsWith(downloadToFile(url, target(), {}, ctx), 'INVALID_INPUT');
      expect(error.details).toMatchObject({ field: 'url' });
      expect(server().stats.requests.length).toBe(before);
    },
  );

  test.each([
    [{ timeoutMs: 0 }, 'timeoutMs'],
    [{ maxBytes: -1 }, 'maxBytes'],
    [{ kind: 'pdf' }, 'kind'],
    [{ sha256: 'abc' }, 'sha256'],
    [{ headers: { 'bad header': 'x' } }, 'headers'],
  ])('bad option %j is INVALID_INPUT before any request', async (options, field) => {
    const before = server().stats.requests.length;
    const error = await rejectsWith(
      downloadToFile(server().url('/file'), target(), options as never, ctx),
      'INVALID_INPUT',
    );
    expect(error.details).toMatchObject({ field });
    expect(server().stats.requests.length).toBe(before);
  });

  test('secrets in the URL never reach the error', async () => {
    const error = await rejectsWith(
      downloadToFile(
        `${server().url('/missing')}?X-Amz-Signature=supersecret&token=abc`,
        target(),
        {},
        ctx,
      ),
      'ASSET_DOWNLOAD_FAILED',
    );
    expect(JSON.stringify(error.details)).not.toContain('supersecret');
    expect(error.message).not.toContain('supersecret');
  });

  test('the default network context is the guarded one: loopback is refused', async () => {
    await expect(downloadToFile(server().url('/png'), target('p.png'))).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      details: { reason: 'blocked-address' },
    });
  });
});
