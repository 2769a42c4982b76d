import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { Socket } from 'node:net';
import path from 'node:path';
import { isSecretKey } from '@ad-pipeline/errors';
import { startRawServer, type StalledListener } from '@ad-pipeline/test-support';
import fc from 'fast-check';
import {
  payload,
  rejectsWith,
  startFaultServer,
  useDownloadFixture,
  type FaultServer,
} from '../../test/download/fault-server.js';
import { downloadToFile } from './download-to-file.js';
import { downloadToFileWithRetry } from './download-with-retry.js';
import { createNetworkContext } from './network-context.js';
import { isCredentialHeader } from './redirects.js';
import type { DownloadTarget } from './types.js';

// Real servers on a shared 2-core machine: room for the property runs and the many-slice cases.
jest.setTimeout(30_000);

// The edges of HTTP a CDN, proxy or object store really sends (SPEC 6.1), each against a real server.

const BODY = payload(5000, 21);
let other: FaultServer;
const fixture = useDownloadFixture((req, res) => {
  const url = new URL(req.url ?? '/', 'http://x');
  const param = url.searchParams.get('to') ?? '';
  switch (url.pathname) {
    case '/status':
      res.writeHead(Number(url.searchParams.get('code')), { 'content-length': 0 }).end();
      return;
    case '/redirect-raw':
      // The Location header's bytes are the UTF-8 (or other) bytes of `to`, as a CDN would send them.
      res
        .writeHead(302, {
          location: Buffer.from(
            param,
            url.searchParams.get('enc') === 'latin1' ? 'latin1' : 'utf8',
          ).toString('latin1'),
        })
        .end();
      return;
    case '/to-other':
      res.writeHead(307, { location: `${other.origin}/echo` }).end();
      return;
    case '/to-same':
      res.writeHead(307, { location: '/echo' }).end();
      return;
    case '/echo':
      res.writeHead(200).end(JSON.stringify(req.headers).padEnd(200));
      return;
    case '/bytes': {
      const body = payload(Number(url.searchParams.get('n')), 3);
      if (url.searchParams.get('chunked') === 'true') res.writeHead(200).end(body);
      else res.writeHead(200, { 'content-length': body.length }).end(body);
      return;
    }
    default:
      // Every other path (a redirect's target) answers with the file.
      res.writeHead(200, { 'content-length': BODY.length }).end(BODY);
  }
});
const { server, dir } = fixture;
beforeAll(async () => {
  other = await startFaultServer((req, res) =>
    res.writeHead(200).end(JSON.stringify(req.headers).padEnd(200)),
  );
});
afterAll(async () => {
  await other.close();
});
const ctx = createNetworkContext({ blockPrivateNetworks: false });
const target = (name = 'asset.bin'): DownloadTarget => ({
  dir: dir(),
  finalPath: path.join(dir(), name),
});

describe('unsolicited 1xx responses before the final one are skipped (RFC 9110 §15.2)', () => {
  let raw: StalledListener;
  let port = 0;
  let interim: Array<string | Buffer> = [];
  beforeAll(async () => {
    raw = await startRawServer((socket) => {
      let seen = '';
      socket.on('data', (data) => {
        seen += data.toString('latin1');
        // One response per request head, on a keep-alive connection.
        while (seen.includes('\r\n\r\n')) {
          seen = seen.slice(seen.indexOf('\r\n\r\n') + 4);
          void respond(socket);
        }
      });
    });
    port = raw.port;
  });
  afterAll(async () => {
    await raw.close();
  });
  async function respond(socket: Socket): Promise<void> {
    for (const piece of interim) {
      socket.write(piece);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    socket.write(`HTTP/1.1 200 OK\r\nContent-Length: ${BODY.length}\r\n\r\n`);
    socket.write(BODY);
  }

  const CONTINUE = 'HTTP/1.1 100 Continue\r\n\r\n';
  it.each<[string, Array<string | Buffer>]>([
    ['one 100 Continue', [CONTINUE]],
    ['two 100 Continue', [CONTINUE, CONTINUE]],
    ['a 100 with headers, HTTP/1.0', ['HTTP/1.0 100 Continue\r\nX-Note: early\r\n\r\n']],
    ['a 100 split byte by byte', CONTINUE.split('')],
    ['a 103 Early Hints', ['HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n']],
    ['a 102 then a 100', ['HTTP/1.1 102 Processing\r\n\r\n', CONTINUE]],
  ])('%s, then 200: saved', async (_name, pieces) => {
    interim = pieces;
    const saved = await downloadToFile(`http://127.0.0.1:${port}/a`, target(), {}, ctx);
    expect((await readFile(saved)).equals(BODY)).toBe(true);
    // The connection stays usable: a second request on it is read from its start again.
    const again = await downloadToFile(`http://127.0.0.1:${port}/b`, target('b.bin'), {}, ctx);
    expect((await readFile(again)).equals(BODY)).toBe(true);
  });
});

describe('responses without a body to keep', () => {
  it.each([204, 205])(
    '%i is ASSET_DOWNLOAD_FAILED, never a 0-byte asset, never retried',
    async (code) => {
      const before = server().stats.requests.length;
      const error = await rejectsWith(
        downloadToFileWithRetry(
          server().url(`/status?code=${code}`),
          target(),
          { minDelayMs: 10 },
          ctx,
        ),
        'ASSET_DOWNLOAD_FAILED',
      );
      expect(error.details).toMatchObject({ upstreamStatus: code, reason: 'no-content', attempts: 1 });
      expect(error.retryable).toBe(false);
      expect(server().stats.requests.length - before).toBe(1);
      expect(existsSync(target().finalPath)).toBe(false);
    },
  );

  it('a 200 with an empty body is still a (0-byte) file: only 204/205 say "no content"', async () => {
    const saved = await downloadToFile(server().url('/bytes?n=0'), target(), {}, ctx);
    expect((await readFile(saved)).length).toBe(0);
  });
});

describe('Location is read as UTF-8 and percent-encoded as browsers and curl do', () => {
  it.each([
    ['/café.mp4', 'utf8', '/caf%C3%A9.mp4'],
    ['/日本/ファイル.png', 'utf8', '/%E6%97%A5%E6%9C%AC/%E3%83%95%E3%82%A1%E3%82%A4%E3%83%AB.png'],
    ['/a b.mp4', 'utf8', '/a%20b.mp4'],
    ['/already%C3%A9.mp4', 'utf8', '/already%C3%A9.mp4'],
    ['/q.mp4?name=café', 'utf8', '/q.mp4?name=caf%C3%A9'],
    // Not valid UTF-8 (a Latin-1 é): each byte percent-encoded as is, as curl does.
    ['/café.mp4', 'latin1', '/caf%E9.mp4'],
  ])('%s (%s bytes) → %s', async (location, encoding, expected) => {
    const url = server().url(`/redirect-raw?to=${encodeURIComponent(location)}&enc=${encoding}`);
    await downloadToFile(url, target(), {}, ctx);
    expect(server().stats.requests.at(-1)?.path).toBe(expected);
  });

  it('any Unicode path reaches the server as WHATWG URL encodes it (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }),
        async (name) => {
          const location = `/files/${name.replace(/[?#%\\/]/g, '_')}`;
          await downloadToFile(
            server().url(`/redirect-raw?to=${encodeURIComponent(location)}`),
            target(),
            {},
            ctx,
          );
          expect(server().stats.requests.at(-1)?.path).toBe(new URL(location, 'http://x').pathname);
        },
      ),
      { numRuns: 25 },
    );
  });
});

describe('a cross-origin redirect drops every credential-bearing header', () => {
  const SECRET = [
    'Authorization',
    'Cookie',
    'Proxy-Authorization',
    'X-Api-Key',
    'Private-Token',
    'X-Auth-Token',
    'Api-Key',
    'X-Amz-Security-Token',
    'Client-Secret',
  ];
  const HARMLESS = ['Accept', 'X-Request-Id', 'Accept-Language'];
  const headers = Object.fromEntries(
    [...SECRET, ...HARMLESS].map((name) => [name, `value-of-${name}`]),
  );

  it.each(SECRET)('%s is dropped on the hop to another origin', async (name) => {
    const saved = await downloadToFile(server().url('/to-other'), target(), { headers }, ctx);
    const seen = JSON.parse(await readFile(saved, 'utf8')) as Record<string, string>;
    expect(seen[name.toLowerCase()]).toBeUndefined();
    for (const kept of HARMLESS) expect(seen[kept.toLowerCase()]).toBe(`value-of-${kept}`);
  });

  it('the same origin keeps them all', async () => {
    const saved = await downloadToFile(server().url('/to-same'), target(), { headers }, ctx);
    const seen = JSON.parse(await readFile(saved, 'utf8')) as Record<string, string>;
    for (const name of [...SECRET, ...HARMLESS])
      expect(seen[name.toLowerCase()]).toBe(`value-of-${name}`);
  });

  it("drops exactly what the errors package's secret-key rule flags, plus the credential headers (property)", async () => {
    // The issue's names: Ocp-Apim-Subscription-Key is dropped once the shared rule flags `*-Key` (engineer #13).
    const names = [
      'X-Api-Key',
      'Private-Token',
      'Ocp-Apim-Subscription-Key',
      'X-Goog-Api-Key',
      'X-Session-Id',
      'X-Trace',
      'If-None-Match',
    ];
    await fc.assert(
      fc.asyncProperty(fc.subarray(names, { minLength: 1 }), async (chosen) => {
        const sent = Object.fromEntries(chosen.map((name) => [name, 'v']));
        const saved = await downloadToFile(
          server().url('/to-other'),
          target(),
          { headers: sent },
          ctx,
        );
        const seen = JSON.parse(await readFile(saved, 'utf8')) as Record<string, string>;
        for (const name of chosen) {
          expect([name, seen[name.toLowerCase()]]).toEqual([
            name,
            isCredentialHeader(name) ? undefined : 'v',
          ]);
          if (isSecretKey(name)) expect(seen[name.toLowerCase()]).toBeUndefined();
        }
      }),
      { numRuns: 15 },
    );
  });
});

describe('maxBytes', () => {
  it.each([false, true])(
    'a body of exactly maxBytes is accepted, one byte more is not (chunked: %s)',
    async (chunked) => {
      const exact = await downloadToFile(
        server().url(`/bytes?n=1000&chunked=${chunked}`),
        target(),
        { maxBytes: 1000 },
        ctx,
      );
      expect((await readFile(exact)).length).toBe(1000);
      const error = await rejectsWith(
        downloadToFile(
          server().url(`/bytes?n=1001&chunked=${chunked}`),
          target('over.bin'),
          { maxBytes: 1000 },
          ctx,
        ),
        'FILE_TOO_LARGE',
      );
      expect(error.details).toMatchObject(
        chunked ? { maxBytes: 1000, received: 1001 } : { maxBytes: 1000, declared: 1001 },
      );
      expect(existsSync(path.join(dir(), 'over.bin'))).toBe(false);
    },
  );
});

describe('URLs in errors are capped at 2 KiB', () => {
  const huge = 'a'.repeat(200_000);
  it.each([
    [
      'an HTTP error (431 for the long request line)',
      () => server().url(`/long?x=${huge}`),
      'ASSET_DOWNLOAD_FAILED',
    ],
    ['a refused protocol', () => `ftp://example.com/${huge}`, 'INVALID_INPUT'],
    [
      'a redirect to a refused protocol',
      () => server().url(`/redirect-raw?to=${encodeURIComponent(`ftp://x/${'b'.repeat(5000)}`)}`),
      'INVALID_INPUT',
    ],
  ])('%s', async (_name, url, code) => {
    const error = await rejectsWith(downloadToFile(url(), target(), {}, ctx), code);
    expect(error.message.length).toBeLessThan(2048 + 200);
    const detail = String(error.details['url']);
    expect(detail.length).toBeLessThanOrEqual(2048);
    expect(JSON.stringify(error.details).length).toBeLessThan(2048 + 500);
  });
});

describe('allowHosts wildcards match DNS names only, never IP literals', () => {
  it.each([
    ['*.0.0.1', '127.0.0.1'],
    ['*.1', '127.0.0.1'],
    ['*.0.1', '127.0.0.1'],
  ])('%s does not admit %s', async (pattern) => {
    const before = server().stats.requests.length;
    const guarded = createNetworkContext({ allowHosts: [pattern], blockPrivateNetworks: false });
    const error = await rejectsWith(
      downloadToFile(server().url('/file'), target(), {}, guarded),
      'INVALID_INPUT',
    );
    expect(error.details).toMatchObject({ reason: 'host-not-allowed' });
    expect(server().stats.requests.length).toBe(before);
  });

  it('an exact IP literal still admits it', async () => {
    const exact = createNetworkContext({ allowHosts: ['127.0.0.1'], blockPrivateNetworks: false });
    expect(existsSync(await downloadToFile(server().url('/file'), target(), {}, exact))).toBe(true);
  });
});
