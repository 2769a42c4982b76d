import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import path from 'node:path';
import { ErrorCode, isPipelineError } from '@ad-pipeline/errors';
import { startFaultServer, startRawServer } from '@ad-pipeline/test-support';
import {
  leftoverTempFiles,
  makeTempDir,
  payload,
  rejectsWith,
  removeDir,
} from '../../../test/download/fault-server.js';
import { downloadAll } from '../download-all.js';
import { downloadToFile } from '../download-to-file.js';
import {
  closeSharedAgents,
  createNetworkContext,
  type NetworkContext,
} from '../network-context.js';
import { ConnectionPool, keepAliveTimeoutMs, PooledConnection } from './connection-pool.js';

/**
 * Keep-alive on the socket path, against real servers on 127.0.0.1: a `node:http` server for what
 * HTTP allows, and a raw TCP server that numbers its connections for what a server may do wrong
 * (close an idle connection as the next request arrives, talk out of turn, send bytes after a
 * response). The connection count the server saw is the evidence of reuse.
 */

const BODY = payload(300_000);
const open = createNetworkContext({ blockPrivateNetworks: false });

let dir: string;
beforeEach(async () => {
  dir = await makeTempDir();
});
afterEach(async () => {
  expect(await leftoverTempFiles(dir)).toEqual([]);
  await removeDir(dir);
  await closeSharedAgents();
});

async function fetchTo(url: string, name: string, ctx: NetworkContext = open, options = {}) {
  const finalPath = path.join(dir, name);
  await downloadToFile(url, { dir, finalPath }, options, ctx);
  return readFile(finalPath);
}

/**
 * The shared fault server (handler mode) answering every path with BODY plus `extra(path)` headers;
 * its records number the connection that carried each request.
 */
async function startHttp(
  extra: (pathname: string) => Record<string, string> = () => ({}),
  keepAliveTimeoutMs?: number,
) {
  const server = await startFaultServer(
    (req, res) => {
      res.writeHead(200, { 'content-length': String(BODY.length), ...extra(req.url ?? '') });
      res.end(BODY);
    },
    keepAliveTimeoutMs === undefined ? {} : { keepAliveTimeoutMs },
  );
  return {
    origin: server.origin,
    connections: () => server.stats.connections(),
    /** Resolves once the server has no connection open (polled: a close is the server's business). */
    allClosed: async () => {
      while (server.stats.openConnections() > 0)
        await new Promise((resolve) => setTimeout(resolve, 5));
    },
    close: () => server.close(),
  };
}

/**
 * The shared raw TCP server: `answer(n, i, socket)` gives the bytes for the i-th request (from 0)
 * on connection n (from 0), or `undefined` to close that connection without answering.
 */
async function startRaw(
  answer: (connection: number, request: number, socket: Socket) => Buffer | undefined,
) {
  const requests: { connection: number; request: number }[] = [];
  const closed: Promise<unknown>[] = [];
  let connections = 0;
  const server = await startRawServer((socket) => {
    const connection = connections++;
    closed.push(new Promise((resolve) => socket.once('close', resolve)));
    let pending = '';
    let count = 0;
    socket.on('data', (data: Buffer) => {
      pending += data.toString('latin1');
      for (let end = pending.indexOf('\r\n\r\n'); end !== -1; end = pending.indexOf('\r\n\r\n')) {
        pending = pending.slice(end + 4);
        const request = count++;
        requests.push({ connection, request });
        const bytes = answer(connection, request, socket);
        if (bytes === undefined) socket.destroy();
        else socket.write(bytes);
      }
    });
  });
  return {
    origin: `http://127.0.0.1:${server.port}`,
    requests,
    connections: () => connections,
    /** Resolves when connection `n` (from 0) has closed. */
    closed: (n: number) => closed[n],
    close: () => server.close(),
  };
}

const ok = (body: Buffer, ...fields: string[]) =>
  Buffer.concat([
    Buffer.from(
      ['HTTP/1.1 200 OK', `Content-Length: ${body.length}`, ...fields, '', ''].join('\r\n'),
      'latin1',
    ),
    body,
  ]);

describe('the socket path keeps connections alive', () => {
  it('reuses one connection for sequential downloads from an origin', async () => {
    const server = await startHttp();
    try {
      for (let i = 0; i < 5; i += 1)
        expect((await fetchTo(`${server.origin}/f${i}`, `f${i}`)).equals(BODY)).toBe(true);
      expect(server.connections()).toBe(1);
    } finally {
      await server.close();
    }
  });

  it('opens no more connections than downloads in flight (downloadAll at concurrency 3)', async () => {
    const server = await startHttp();
    try {
      const items = Array.from({ length: 12 }, (_, i) => ({
        url: `${server.origin}/f${i}`,
        filename: `f${i}`,
      }));
      const results = await downloadAll(items, { concurrency: 3 }, (item) =>
        downloadToFile(item.url, { dir, finalPath: path.join(dir, item.filename) }, {}, open),
      );
      expect(results.every((result) => result.ok)).toBe(true);
      expect(server.connections()).toBeLessThanOrEqual(3);
    } finally {
      await server.close();
    }
  });

  const http10 = Buffer.concat([
    Buffer.from(`HTTP/1.0 200 OK\r\nContent-Length: ${BODY.length}\r\n\r\n`),
    BODY,
  ]);
  const untilClose = Buffer.concat([Buffer.from('HTTP/1.1 200 OK\r\n\r\n'), BODY]);
  it.each([
    ['Connection: close', () => startHttp(() => ({ connection: 'close' }))],
    [
      'Keep-Alive: timeout=1 (nothing left after the 1 s margin)',
      () => startHttp(() => ({ 'keep-alive': 'timeout=1' })),
    ],
    ['an HTTP/1.0 answer', () => startRaw(() => http10)],
    [
      'bytes past the response (a server talking out of turn)',
      () => startRaw(() => Buffer.concat([ok(BODY), Buffer.from('HTTP/1.1 200 OK\r\n')])),
    ],
    [
      'a body delimited by the connection closing',
      () =>
        startRaw((_connection, _request, socket) => {
          setImmediate(() => socket.end());
          return untilClose;
        }),
    ],
  ])('does not reuse a connection after %s', async (_name, start) => {
    const server = await start();
    try {
      expect((await fetchTo(`${server.origin}/a`, 'a')).equals(BODY)).toBe(true);
      expect((await fetchTo(`${server.origin}/b`, 'b')).equals(BODY)).toBe(true);
      expect(server.connections()).toBe(2);
    } finally {
      await server.close();
    }
  });

  it('sends a request again on a new connection when the reused one closes before answering', async () => {
    // Connection 0 answers its first request and drops the second unanswered (an idle close racing
    // the request); connection 1 answers.
    const server = await startRaw((connection, request) =>
      connection === 0 && request > 0 ? undefined : ok(BODY),
    );
    try {
      await fetchTo(`${server.origin}/a`, 'a');
      expect((await fetchTo(`${server.origin}/b`, 'b')).equals(BODY)).toBe(true);
      expect(server.requests).toEqual([
        { connection: 0, request: 0 },
        { connection: 0, request: 1 },
        { connection: 1, request: 0 },
      ]);
    } finally {
      await server.close();
    }
  });

  it('sends it again once only: a fresh connection closing unanswered is the download’s failure', async () => {
    const server = await startRaw((connection, request) =>
      connection === 0 && request === 0 ? ok(BODY) : undefined,
    );
    try {
      await fetchTo(`${server.origin}/a`, 'a');
      await fetchTo(`${server.origin}/b`, 'b').then(
        () => {
          throw new Error('expected a failure');
        },
        (error: unknown) => {
          expect(isPipelineError(error) && error.code).toBe(ErrorCode.ASSET_DOWNLOAD_FAILED);
        },
      );
      expect(server.requests).toHaveLength(3); // reused (dropped), fresh (dropped), nothing more
    } finally {
      await server.close();
    }
  });

  it('a server closing each connection just after answering: every request sent again succeeds', async () => {
    // The close races the next request on the kept connection, so many downloads are sent twice;
    // the second sending shares the first one's temp file (an exclusive create of the same path
    // again failed with EEXIST, unhandled, and killed the process).
    const small = payload(5000, 9);
    const server = await startRaw((_connection, _request, socket) => {
      setTimeout(() => socket.end(), 1);
      return ok(small);
    });
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      for (let i = 0; i < 60; i += 1) {
        expect((await fetchTo(`${server.origin}/f${i}`, `f${i}`)).equals(small)).toBe(true);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).toEqual([]);
      // Some were sent twice: the race did happen (a sending per connection and one more).
      expect(server.requests.length).toBeGreaterThanOrEqual(60);
    } finally {
      process.off('unhandledRejection', onUnhandled);
      await server.close();
    }
  });

  it('unasked bytes soon after an answer never become a later download’s file', async () => {
    // Connection 0 answers /a, then sends an unasked response 1 ms later, while the next download
    // creates its temp file: a kept connection is taken only when its request is written at once,
    // so the bytes meet an idle connection (closed) rather than a request waiting to be sent.
    const server = await startRaw((connection, _request, socket) => {
      if (connection === 0) setTimeout(() => socket.write(ok(Buffer.from('UNASKED!'))), 1);
      return ok(BODY);
    });
    try {
      await fetchTo(`${server.origin}/a`, 'a');
      for (let i = 0; i < 5; i += 1) {
        expect((await fetchTo(`${server.origin}/b${i}`, `b${i}`)).equals(BODY)).toBe(true);
      }
    } finally {
      await server.close();
    }
  });

  it('drops an idle connection the server talks on out of turn', async () => {
    // Connection 0 sends unasked bytes a little after its answer, while the connection idles.
    const server = await startRaw((connection, _request, socket) => {
      if (connection === 0) setTimeout(() => socket.write('HTTP/1.1 200 OK\r\n'), 30);
      return ok(BODY);
    });
    try {
      await fetchTo(`${server.origin}/a`, 'a');
      await server.closed(0); // we closed it on the unasked bytes
      expect((await fetchTo(`${server.origin}/b`, 'b')).equals(BODY)).toBe(true);
      expect(server.requests).toEqual([
        { connection: 0, request: 0 },
        { connection: 1, request: 0 },
      ]);
    } finally {
      await server.close();
    }
  });

  it('uses a new connection once the server closed the idle one', async () => {
    const server = await startHttp(undefined, 50);
    try {
      await fetchTo(`${server.origin}/a`, 'a');
      await server.allClosed(); // the server's idle timeout ended connection 1
      expect((await fetchTo(`${server.origin}/b`, 'b')).equals(BODY)).toBe(true);
      expect(server.connections()).toBe(2);
    } finally {
      await server.close();
    }
  });

  it('never lends a connection across address policies: the guard still refuses loopback', async () => {
    const server = await startHttp();
    try {
      await fetchTo(`${server.origin}/a`, 'a'); // an idle connection to loopback, made with the guard off
      await rejectsWith(
        fetchTo(`${server.origin}/b`, 'b', createNetworkContext()),
        ErrorCode.INVALID_INPUT,
      );
      expect(server.connections()).toBe(1);
    } finally {
      await server.close();
    }
  });

  it('closes a connection whose download was aborted mid-body, and idle ones on closeSharedAgents', async () => {
    const server = await startHttp();
    try {
      const controller = new AbortController();
      await rejectsWith(
        fetchTo(`${server.origin}/a`, 'a', open, {
          signal: controller.signal,
          onProgress: () => controller.abort(),
        }),
        ErrorCode.JOB_CANCELLED,
      );
      await fetchTo(`${server.origin}/b`, 'b');
      expect(server.connections()).toBe(2);
      await closeSharedAgents();
      await server.allClosed();
    } finally {
      await server.close();
    }
  });
});

describe('several bodies at once', () => {
  it('writes every file byte for byte: chunked in small chunks, Content-Length, sha256 on a thread', async () => {
    // Small chunks cut every read into many body slices; bodies of unknown length and of 17 MiB
    // are hashed by the overlapped hasher, which reads back what the writes put in each file while
    // other downloads share the event loop.
    const small = payload(3 * 1024 * 1024, 3);
    const big = payload(17 * 1024 * 1024, 5);
    const server = await startFaultServer((req, res) => {
      if (req.url?.startsWith('/chunked')) {
        res.writeHead(200); // no Content-Length: node:http sends it chunked, one chunk per write
        let at = 0;
        const pump = () => {
          while (at < small.length) {
            const piece = small.subarray(at, at + 1000 + (at % 7));
            at += piece.length;
            if (!res.write(piece)) return void res.once('drain', pump);
          }
          res.end();
        };
        pump();
        return;
      }
      res.writeHead(200, { 'content-length': String(big.length) });
      res.end(big);
    });
    const origin = server.origin;
    const bodyOf = (name: string) => (name.startsWith('chunked') ? small : big);
    const digestOf = (name: string) => createHash('sha256').update(bodyOf(name)).digest('hex');
    try {
      const names = ['chunked-1', 'length-1', 'chunked-2', 'length-2', 'chunked-3', 'length-3'];
      const files = await Promise.all(
        names.map((name) => fetchTo(`${origin}/${name}`, name, open, { sha256: digestOf(name) })),
      );
      files.forEach((file, index) =>
        expect(file.equals(bodyOf(names[index] as string))).toBe(true),
      );
      const wrong = await Promise.allSettled(
        ['chunked-4', 'length-4'].map((name) =>
          fetchTo(`${origin}/${name}`, name, open, { sha256: '0'.repeat(64) }),
        ),
      );
      for (const result of wrong) {
        expect(result.status).toBe('rejected');
        const reason: unknown = (result as PromiseRejectedResult).reason;
        expect(isPipelineError(reason) && reason.details['reason']).toBe('checksum-mismatch');
      }
    } finally {
      await server.close();
    }
  }, 30_000);
});

describe('ConnectionPool limits', () => {
  it('keeps at most 64 idle connections per origin and 256 in all; close() ends them', async () => {
    const server = await startRawServer();
    const pool = new ConnectionPool();
    const sockets: Socket[] = [];
    try {
      const openOne = async () => {
        const connection = new PooledConnection(1024);
        const socket = connect({ port: server.port, host: '127.0.0.1' });
        await once(socket, 'connect');
        connection.attach(socket);
        sockets.push(socket);
        return connection;
      };
      // 100 to one origin (64 kept), then 250 spread over other origins (256 - 64 = 192 kept).
      for (let i = 0; i < 100; i += 1) pool.release('http://one', await openOne());
      for (let i = 0; i < 250; i += 1) pool.release(`http://o${i % 50}`, await openOne());
      expect(sockets.filter((socket) => !socket.destroyed)).toHaveLength(256);
      expect(pool.take('http://one')).toBeDefined();
      pool.close();
      expect(sockets.filter((socket) => !socket.destroyed)).toHaveLength(1); // the one taken
    } finally {
      for (const socket of sockets) socket.destroy();
      await server.close();
    }
  });
});

describe('keepAliveTimeoutMs', () => {
  it.each([
    [undefined, 10_000],
    ['timeout=5', 4_000],
    ['timeout=5, max=100', 4_000],
    ['max=100; timeout="3"', 2_000],
    ['Timeout = 2', 1_000],
    ['timeout=1', 0],
    ['timeout=0', -1_000],
    ['timeout=999999', 60_000],
    ['max=5', 10_000],
    ['timeouts=5', 10_000],
    [['max=1', 'timeout=7'], 6_000],
  ])('%j → %d ms', (header, expected) => {
    expect(keepAliveTimeoutMs(header as string | string[] | undefined)).toBe(expected);
  });
});
