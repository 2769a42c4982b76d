import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { isPipelineError } from '@ad-pipeline/errors';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import {
  LOCALHOST_CERT,
  LOCALHOST_TLS,
  startRawServer,
  startFaultServer,
  startSilentServer,
  type StalledListener,
} from '@ad-pipeline/test-support';
import { Agent, buildConnector } from 'undici';
import {
  leftoverTempFiles,
  makeTempDir,
  payload,
  PNG_1X1,
  rejectsWith,
  removeDir,
  sha256,
} from '../../../test/download/fault-server.js';
import { downloadToFile } from '../download-to-file.js';
import {
  closeSharedAgents,
  createNetworkContext,
  type NetworkContext,
} from '../network-context.js';
import { ConnectionPool, IDLE_READ_BYTES } from './connection-pool.js';
import type { DownloadOptions } from '../types.js';

/**
 * The socket path against the undici path on the same real responses: a raw TCP server on
 * 127.0.0.1 (port 0), and the same over TLS, answers each path with fixed bytes, hostile framing
 * included; every download runs once through each path and must end the same way (file bytes, or
 * error code, retryable, status and reason).
 */

const BODY = payload(600_000);
// Larger than a TLS connection's read memory (1 MiB): batches are written as the memory runs short.
const LARGE = payload(3 * 1024 * 1024 + 4321, 5);
const head = (lines: string[]) => Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
const chunked = (body: Buffer, size: number) => {
  const parts: Buffer[] = [];
  for (let at = 0; at < body.length; at += size) {
    const piece = body.subarray(at, at + size);
    parts.push(Buffer.from(`${piece.length.toString(16)};ext=1\r\n`), piece, Buffer.from('\r\n'));
  }
  return Buffer.concat([...parts, Buffer.from('0\r\nX-Trailer: t\r\n\r\n')]);
};

/** What the raw server does for a path: write these bytes, then end, reset, or stay silent. */
type Answer = { bytes: Buffer; then: 'end' | 'reset' | 'hang' };
const ANSWERS: Record<string, Answer> = {
  '/length': {
    bytes: Buffer.concat([
      head(['HTTP/1.1 200 OK', `Content-Length: ${BODY.length}`, 'ETag: "v1"']),
      BODY,
    ]),
    then: 'end',
  },
  '/large': {
    bytes: Buffer.concat([head(['HTTP/1.1 200 OK', `Content-Length: ${LARGE.length}`]), LARGE]),
    then: 'end',
  },
  '/large-chunked': {
    bytes: Buffer.concat([
      head(['HTTP/1.1 200 OK', 'Transfer-Encoding: chunked']),
      chunked(LARGE, 9_999),
    ]),
    then: 'end',
  },
  '/chunked': {
    bytes: Buffer.concat([
      head(['HTTP/1.1 200 OK', 'Transfer-Encoding: chunked']),
      chunked(BODY, 70_001),
    ]),
    then: 'end',
  },
  '/close': {
    bytes: Buffer.concat([head(['HTTP/1.1 200 OK', 'Connection: close']), BODY]),
    then: 'end',
  },
  '/truncated': {
    bytes: Buffer.concat([
      head(['HTTP/1.1 200 OK', `Content-Length: ${BODY.length}`]),
      BODY.subarray(0, 1000),
    ]),
    then: 'end',
  },
  '/reset': {
    bytes: Buffer.concat([
      head(['HTTP/1.1 200 OK', `Content-Length: ${BODY.length}`]),
      BODY.subarray(0, 1000),
    ]),
    then: 'reset',
  },
  '/bad-chunk': {
    bytes: Buffer.concat([
      head(['HTTP/1.1 200 OK', 'Transfer-Encoding: chunked']),
      Buffer.from('zz\r\nabc\r\n0\r\n\r\n'),
    ]),
    then: 'end',
  },
  '/te-and-cl': {
    bytes: Buffer.concat([
      head(['HTTP/1.1 200 OK', 'Transfer-Encoding: chunked', 'Content-Length: 3']),
      Buffer.from('3\r\nabc\r\n0\r\n\r\n'),
    ]),
    then: 'end',
  },
  '/cut-chunked': {
    bytes: Buffer.concat([
      head(['HTTP/1.1 200 OK', 'Transfer-Encoding: chunked']),
      Buffer.from('a\r\nshort'),
    ]),
    then: 'end',
  },
  '/missing': { bytes: head(['HTTP/1.1 404 Not Found', 'Content-Length: 9']), then: 'end' },
  '/unavailable': {
    bytes: head(['HTTP/1.1 503 Busy', 'Retry-After: 7', 'Content-Length: 0']),
    then: 'end',
  },
  '/no-content': { bytes: head(['HTTP/1.1 204 No Content']), then: 'end' },
  '/moved': {
    bytes: head(['HTTP/1.1 301 Moved', 'Location: /length', 'Content-Length: 0']),
    then: 'end',
  },
  '/png': {
    bytes: Buffer.concat([head(['HTTP/1.1 200 OK', `Content-Length: ${PNG_1X1.length}`]), PNG_1X1]),
    then: 'end',
  },
  '/silent': { bytes: Buffer.alloc(0), then: 'hang' },
  '/stalled-body': {
    bytes: Buffer.concat([head(['HTTP/1.1 200 OK', 'Content-Length: 10']), Buffer.from('12345')]),
    then: 'hang',
  },
  '/interim': {
    bytes: Buffer.concat([
      head(['HTTP/1.1 103 Early Hints', 'Link: </a>']),
      head(['HTTP/1.1 200 OK', `Content-Length: ${BODY.length}`]),
      BODY,
    ]),
    then: 'end',
  },
};

let server: StalledListener;
let secureServer: StalledListener;
let dir: string;
const seen: { path: string; head: string }[] = [];

/** Answers each request on `socket` from `ANSWERS`. */
function answerFrom(socket: Socket): void {
  let request = '';
  socket.on('data', (data: Buffer) => {
    request += data.toString('latin1');
    if (!request.includes('\r\n\r\n')) return;
    const target = request.split(' ')[1] ?? '/';
    seen.push({ path: target, head: request });
    const answer = ANSWERS[target.split('?')[0] as string] ?? {
      bytes: head(['HTTP/1.1 500 No', 'Content-Length: 0']),
      then: 'end',
    };
    socket.write(answer.bytes, () => {
      if (answer.then === 'end') socket.end();
      // A TLS socket cannot be reset itself: the TCP socket under it is.
      if (answer.then === 'reset')
        ((socket as Socket & { _parent?: Socket })._parent ?? socket).resetAndDestroy();
    });
  });
}

beforeAll(async () => {
  server = await startRawServer(answerFrom);
  secureServer = await startRawServer(answerFrom, { tls: LOCALHOST_TLS });
});
afterAll(async () => {
  await server.close();
  await secureServer.close();
  await closeSharedAgents();
});
beforeEach(async () => {
  dir = await makeTempDir();
  seen.length = 0;
});
afterEach(async () => {
  expect(await leftoverTempFiles(dir)).toEqual([]);
  await removeDir(dir);
});

// The socket path: no dispatcher. The undici path: the same, through a caller's Agent.
const fastContext = createNetworkContext({ blockPrivateNetworks: false });
const undiciAgent = new Agent();
const undiciContext = createNetworkContext({
  blockPrivateNetworks: false,
  dispatcher: undiciAgent,
});
// Over TLS both trust the test certificate (for `localhost`): the socket path's route is built here
// with it, as `createNetworkContext` builds its own with the system's roots.
const secureUndiciAgent = new Agent({ connect: { ca: LOCALHOST_CERT } });
const securePool = new ConnectionPool();
const secureFastContext: NetworkContext = {
  ...fastContext,
  socketRoute: {
    connectorFor: (connect, onSocket) => (options, callback) => {
      const socket = buildConnector({ ...connect, ca: LOCALHOST_CERT })(options, callback);
      onSocket(socket as unknown as Socket, options.hostname);
      return socket;
    },
    pool: securePool,
  },
};
const secureUndiciContext = createNetworkContext({
  blockPrivateNetworks: false,
  dispatcher: secureUndiciAgent,
});
afterAll(async () => {
  securePool.close();
  await undiciAgent.close();
  await secureUndiciAgent.close();
});

type Transport = 'http' | 'https';
const TRANSPORTS: Record<
  Transport,
  { origin: () => string; fast: NetworkContext; undici: NetworkContext }
> = {
  http: {
    origin: () => `http://127.0.0.1:${server.port}`,
    fast: fastContext,
    undici: undiciContext,
  },
  https: {
    origin: () => `https://localhost:${secureServer.port}`,
    fast: secureFastContext,
    undici: secureUndiciContext,
  },
};

type Outcome =
  | { ok: true; sha256: string }
  | { ok: false; code: string; retryable: boolean; status?: unknown; reason?: unknown };

async function outcomeOf(
  pathname: string,
  options: DownloadOptions,
  which: 'fast' | 'undici',
  transport: Transport = 'http',
): Promise<Outcome> {
  const finalPath = path.join(dir, `${which}.bin`);
  const route = TRANSPORTS[transport];
  try {
    await downloadToFile(`${route.origin()}${pathname}`, { dir, finalPath }, options, route[which]);
    return { ok: true, sha256: sha256(await readFile(finalPath)) };
  } catch (error) {
    if (!isPipelineError(error)) throw error;
    expect(existsSync(finalPath)).toBe(false);
    return {
      ok: false,
      code: error.code,
      retryable: error.retryable,
      status: error.details['upstreamStatus'],
      reason: error.details['reason'],
    };
  }
}

describe.each<Transport>(['http', 'https'])(
  'over %s, the socket path and the undici path end the same way',
  (transport) => {
    test.each<[string, string, DownloadOptions]>([
      ['a Content-Length body', '/length', {}],
      ['a body larger than the read memory', '/large', {}],
      ['a chunked body larger than the read memory', '/large-chunked', {}],
      [
        'the right sha256 of a large chunked body (hashed on a thread behind the batches)',
        '/large-chunked',
        { sha256: sha256(LARGE) },
      ],
      ['a chunked body with extensions and trailers', '/chunked', {}],
      ['a body delimited by the connection closing', '/close', {}],
      ['a body cut short of its Content-Length', '/truncated', {}],
      ['a reset mid-body', '/reset', {}],
      ['an invalid chunk size', '/bad-chunk', {}],
      ['Transfer-Encoding with Content-Length', '/te-and-cl', {}],
      ['a chunked body cut short', '/cut-chunked', {}],
      ['a 404', '/missing', {}],
      ['a 503 with Retry-After', '/unavailable', {}],
      ['a 204', '/no-content', {}],
      ['a redirect', '/moved', {}],
      ['a declared length over maxBytes', '/length', { maxBytes: 1000 }],
      ['a streamed body over maxBytes', '/close', { maxBytes: 1000 }],
      ['the wrong kind', '/length', { kind: 'image' }],
      ['the right kind', '/png', { kind: 'image' }],
      [
        'the right sha256 (unknown length: hashed on a thread)',
        '/chunked',
        { sha256: sha256(BODY) },
      ],
      [
        'the wrong sha256 (unknown length: hashed on a thread)',
        '/chunked',
        { sha256: sha256(Buffer.from('other')) },
      ],
      ['the right sha256 (small known length: hashed inline)', '/length', { sha256: sha256(BODY) }],
      [
        'the wrong sha256 (small known length: hashed inline)',
        '/length',
        { sha256: sha256(Buffer.from('other')) },
      ],
      ['headers that never come', '/silent', { headersTimeoutMs: 150 }],
      ['a body that stalls', '/stalled-body', { bodyTimeoutMs: 150 }],
      ['the whole-download timeout', '/stalled-body', { timeoutMs: 150 }],
      ['a header value with CR LF', '/length', { headers: { 'x-a': 'a\r\nx-injected: 1' } }],
    ])('%s', async (_name, pathname, options) => {
      const fast = await outcomeOf(pathname, options, 'fast', transport);
      const undici = await outcomeOf(pathname, options, 'undici', transport);
      expect(fast).toEqual(undici);
      // The socket path really ran: it sends no Connection field (HTTP/1.1 persistence is the
      // default, RFC 9112 §9.3), undici sends `connection: keep-alive`.
      if (seen.length > 0) {
        expect(seen[0]?.head).not.toMatch(/\r\nconnection:/i);
        expect(seen.at(-1)?.head).toMatch(/\r\nconnection: keep-alive\r\n/);
      }
    });
  },
);

describe.each<Transport>(['http', 'https'])('over %s, idle kept-alive connections', (transport) => {
  test("hold only their small idle buffer, not a read's memory; reused, they read whole bodies", async () => {
    // A server that keeps its connections open (the raw server above closes after each answer).
    // The first eight answers wait until all eight requests are in: a download that finished early
    // would otherwise give its connection to one still starting, and the batch would use fewer.
    let waiting = 0;
    let allIn: () => void = () => undefined;
    const firstEight = new Promise<void>((resolve) => (allIn = resolve));
    const keeping = await startFaultServer((_req, res) => {
      if (waiting < 8 && (waiting += 1) === 8) allIn();
      void firstEight.then(() => res.end(LARGE));
    }, {
      ...(transport === 'https' ? { tls: LOCALHOST_TLS } : {}),
      keepAliveTimeoutMs: 60_000,
    });
    const route = TRANSPORTS[transport];
    const pool = (route.fast.socketRoute as { pool: ConnectionPool }).pool;
    const origin = `${transport}://localhost:${keeping.port}`;
    const download = (i: number) =>
      downloadToFile(
        `${origin}/c${i}`,
        { dir, finalPath: path.join(dir, `c${i}.bin`) },
        {},
        route.fast,
      );
    try {
      // Eight at once: eight connections, all idle afterwards.
      await Promise.all(Array.from({ length: 8 }, (_, i) => download(i)));
      const held = pool.idleMemoryBytes();
      expect(held).toBeGreaterThan(0);
      expect(held).toBeLessThanOrEqual(8 * IDLE_READ_BYTES);
      // Reused (the first read of each response lands in the idle buffer): still byte-exact.
      await Promise.all(Array.from({ length: 8 }, (_, i) => download(i + 8)));
      expect(keeping.stats.connections()).toBe(8);
      for (let i = 0; i < 16; i += 1) {
        expect(sha256(await readFile(path.join(dir, `c${i}.bin`)))).toBe(sha256(LARGE));
      }
      expect(pool.idleMemoryBytes()).toBeLessThanOrEqual(8 * IDLE_READ_BYTES);
    } finally {
      pool.close();
      await keeping.close();
    }
  });
});

describe('over https, the socket path', () => {
  test('a new connection resumes the TLS session of the last one to the same server name', async () => {
    const reused: boolean[] = [];
    const tlsServer = await startRawServer(
      (socket) => {
        reused.push((socket as TLSSocket).isSessionReused());
        answerFrom(socket); // answers, then closes: every download needs a new connection
      },
      { tls: LOCALHOST_TLS },
    );
    try {
      for (let i = 0; i < 3; i += 1) {
        await downloadToFile(
          `https://localhost:${tlsServer.port}/length`,
          { dir, finalPath: path.join(dir, `r${i}.bin`) },
          {},
          secureFastContext,
        );
      }
      expect(reused).toEqual([false, true, true]);
    } finally {
      await tlsServer.close();
      securePool.close(); // forget the sessions: later tests start from full handshakes
    }
  });

  test("a handshake that never completes, ended by the connector's own connect timeout, is API_TIMEOUT in the tls phase", async () => {
    const silent = await startSilentServer();
    const impatient: NetworkContext = {
      ...fastContext,
      socketRoute: {
        connectorFor: (connect, onSocket) => (options, callback) => {
          const socket = buildConnector({ ...connect, ca: LOCALHOST_CERT, timeout: 300 })(
            options,
            callback,
          );
          onSocket(socket as unknown as Socket, options.hostname);
          return socket;
        },
        pool: new ConnectionPool(),
      },
    };
    try {
      const error = await rejectsWith(
        downloadToFile(
          `https://localhost:${silent.port}/a`,
          { dir, finalPath: path.join(dir, 'a.bin') },
          {},
          impatient,
        ),
        'API_TIMEOUT',
      );
      expect(error.details['phase']).toBe('tls');
      expect(error.message).toContain('during the TLS handshake');
    } finally {
      await silent.close();
    }
  });
});

describe('the socket path', () => {
  test('skips an unsolicited 1xx before the final response (RFC 9110 §15.2; undici 7 refuses it)', async () => {
    expect(await outcomeOf('/interim', {}, 'fast')).toEqual({ ok: true, sha256: sha256(BODY) });
  });

  test('reports progress up to the total and sends the caller headers', async () => {
    const reports: { bytes: number; total?: number }[] = [];
    await downloadToFile(
      `http://127.0.0.1:${server.port}/length`,
      { dir, finalPath: path.join(dir, 'a.bin') },
      { onProgress: (p) => reports.push(p), headers: { 'x-trace': 'abc' } },
      fastContext,
    );
    expect(reports.at(-1)).toEqual({ bytes: BODY.length, total: BODY.length });
    expect(seen[0]?.head).toMatch(/\r\nx-trace: abc\r\n/);
  });

  test('the caller aborting mid-body is JOB_CANCELLED, and the temp file is gone', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    await rejectsWith(
      downloadToFile(
        `http://127.0.0.1:${server.port}/stalled-body`,
        { dir, finalPath: path.join(dir, 'a.bin') },
        { signal: controller.signal },
        fastContext,
      ),
      'JOB_CANCELLED',
    );
  });

  test('the address guard refuses loopback at connect time (blockPrivateNetworks)', async () => {
    const guarded = createNetworkContext({ blockPrivateNetworks: true });
    const error = await rejectsWith(
      downloadToFile(
        `http://127.0.0.1:${server.port}/length`,
        { dir, finalPath: path.join(dir, 'a.bin') },
        {},
        guarded,
      ),
      'INVALID_INPUT',
    );
    expect(error.details).toMatchObject({ reason: 'blocked-address' });
    expect(seen).toHaveLength(0);
  });
});
