import {
  createServer as createHttpServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { knobsToQuery, parseKnobs, type BadRange, type FaultKnobs } from './fault-knobs.js';
import { CONTENT_TYPES, kindFromPath, makePayload, type Payload } from './payload.js';

/** Default payload size when a URL names none. */
export const DEFAULT_PAYLOAD_SIZE = 64 * 1024;

/** How long a `resetAfter` connection stays open after its last byte, so the client reads it before the RST. */
const RESET_GRACE_MS = 30;

/** Answers one request in handler mode, as a `node:http` request listener does. */
export type FaultHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** Where and how the fault server listens. */
export interface FaultServerOptions {
  /** Address to listen on. Default `127.0.0.1` (loopback only, always). */
  readonly host?: string;
  /** Port. Default 0 (any free port). */
  readonly port?: number;
  /** Serve HTTPS with this certificate and key (e.g. `LOCALHOST_TLS`). Default: plain HTTP. */
  readonly tls?: { readonly cert: string; readonly key: string };
  /** How long the server keeps an idle keep-alive connection open, in ms. Default: Node's (5000). */
  readonly keepAliveTimeoutMs?: number;
}

/** One request the fault server received, recorded on arrival. */
export interface RequestRecord {
  /** The request target as received: path and query (`/a.png?status=503`). */
  readonly path: string;
  /** The count key: the `key` knob, else the URL's pathname. */
  readonly key: string;
  readonly method: string;
  /** The request's `Range` header, if any. */
  readonly range: string | undefined;
  /** Every request header, as received. */
  readonly headers: IncomingHttpHeaders;
  /** `performance.now()` when the request arrived. */
  readonly at: number;
  /** Which TCP connection carried it: 0 for the first the server accepted, then 1, 2, … (keep-alive evidence). */
  readonly connection: number;
  /** The status sent, once the response head went out (`undefined` before, or if none ever did). */
  readonly status: number | undefined;
  /** Knob mode: whether this was a redirect hop rather than an asset request. */
  readonly redirect: boolean;
  /** Knob mode: whether a faulty knob applied to this request. */
  readonly faulty: boolean;
}

/** What the fault server has seen, so tests can assert retry counts and concurrency server-side. */
export interface FaultStats {
  /** Asset requests (redirect hops excluded) for `key` (default key: the URL path). */
  hits(key: string): number;
  /** Redirect hops answered for `key` (knob mode). */
  redirects(key: string): number;
  /** Body bytes handed to the socket for `key`, or for every key when omitted. */
  bytesSent(key?: string): number;
  /** Every request, in arrival order. */
  readonly requests: readonly RequestRecord[];
  /** Connections currently open to the server. */
  openConnections(): number;
  /** Connections the server has accepted since it started (not reset: record numbers stay unique). */
  connections(): number;
  /** The most requests (redirect hops included) the server was answering at once since start or `reset()`. */
  peakInFlight(): number;
  /** Forgets every count and request; the peak restarts from the requests in flight now (payloads stay cached). */
  reset(): void;
}

/** A running fault server. */
export interface FaultServer {
  /** Base URL, e.g. `http://127.0.0.1:40123` (`https:` with `tls`). */
  readonly origin: string;
  readonly port: number;
  /** The URL of `path` with `knobs` in its query string. */
  url(path: string, knobs?: FaultKnobs): string;
  /** The payload knob mode serves for `path` with `knobs` (same bytes, same digest). */
  payload(path: string, knobs?: FaultKnobs): Payload;
  readonly stats: FaultStats;
  /** Resolves when the response to the n-th request (from 1) has closed, with whether it finished. */
  closed(n: number): Promise<{ finished: boolean }>;
  /** Stops the server: pending timers cleared, every connection destroyed. Idempotent. */
  close(): Promise<void>;
}

function normalizePath(path: string): string {
  return path.startsWith('/') ? path : `/${path}`;
}

function parseRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | 'unsatisfiable' | undefined {
  const match = header === undefined ? null : /^bytes=(\d+)-(\d*)$/.exec(header.trim());
  if (match === null) return undefined;
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  return start >= size || end < start ? 'unsatisfiable' : { start, end };
}

/** Rewrites a correct 206 into the inconsistent one `bad` names; returns the body to send. */
function misbehave(
  bad: BadRange,
  bytes: Buffer,
  span: { start: number; end: number },
  size: number,
  headers: Record<string, string>,
  chunked: boolean,
): { body: Buffer; chunked: boolean } {
  const body = bytes.subarray(span.start, span.end + 1);
  switch (bad) {
    case 'long-body':
      return { body: Buffer.concat([body, bytes.subarray(0, 200)]), chunked: false };
    case 'long-chunked':
      return { body: Buffer.concat([body, bytes.subarray(0, 200)]), chunked: true };
    case 'wrong-first': {
      const first = Math.max(0, span.start - 100);
      headers['content-range'] = `bytes ${first}-${span.end}/${size}`;
      return { body: bytes.subarray(first, span.end + 1), chunked };
    }
    case 'total-changed':
      headers['content-range'] = `bytes ${span.start}-${span.end}/${size + 1}`;
      return { body, chunked };
    case 'etag-changed':
      headers['etag'] = '"another-version"';
      return { body, chunked };
    case 'short-chunked':
      return { body: body.subarray(0, Math.max(0, body.length - 100)), chunked: true };
  }
}

function retryAfterHeader(value: FaultKnobs['retryAfter']): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number') return String(value);
  return new Date(Date.now() + value.dateInSeconds * 1000).toUTCString();
}

/** Byte length of what a `write`/`end` call hands over (a callback is not a chunk). */
function chunkLength(chunk: unknown, encoding?: unknown): number {
  if (typeof chunk === 'string')
    return Buffer.byteLength(
      chunk,
      typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8',
    );
  return chunk instanceof Uint8Array ? chunk.byteLength : 0;
}

/** Per-request state the server keeps beside the record. */
interface Exchange {
  readonly record: { -readonly [K in keyof RequestRecord]: RequestRecord[K] };
  /** Ends the request's in-flight count now (idempotent). */
  readonly settle: () => void;
}

/**
 * Starts a real HTTP (or HTTPS) fault-injection server on 127.0.0.1, port 0 by default.
 *
 * - Knob mode (no `handler`): every URL serves a deterministic payload, misbehaving as the knobs
 *   in its query string say (see `FaultKnobs`): one URL describes its behaviour to any client.
 * - Handler mode: `handler` answers every request, as a `node:http` request listener.
 *
 * Both modes record every request (`stats.requests`), count hits per key and body bytes sent,
 * track the in-flight peak, and `close()` destroys open sockets.
 */
export async function startFaultServer(
  handler?: FaultHandler,
  options: FaultServerOptions = {},
): Promise<FaultServer> {
  const payloads = new Map<string, Payload>();
  const hitCounts = new Map<string, number>();
  const redirectCounts = new Map<string, number>();
  const sentCounts = new Map<string, number>();
  const requests: RequestRecord[] = [];
  const outcomes: Promise<{ finished: boolean }>[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const sockets = new Set<Socket>();
  const connectionOf = new WeakMap<Socket, number>();
  let accepted = 0;
  let totalSent = 0;
  let inFlight = 0;
  let peak = 0;

  const increment = (map: Map<string, number>, key: string, by = 1): number => {
    const value = (map.get(key) ?? 0) + by;
    map.set(key, value);
    return value;
  };

  // A request stops counting as in flight the moment the server is done with it: its response
  // finished, its connection closed, or the server chose to cut it (before the client can notice).
  const track = (req: IncomingMessage, res: ServerResponse, key: string): Exchange => {
    let settled = false;
    inFlight++;
    peak = Math.max(peak, inFlight);
    const settle = (): void => {
      if (settled) return;
      settled = true;
      inFlight--;
    };
    res.once('finish', settle);
    outcomes.push(
      new Promise((resolve) => {
        res.once('close', () => {
          settle();
          resolve({ finished: res.writableFinished });
        });
      }),
    );
    const record = {
      path: req.url ?? '',
      key,
      method: req.method ?? 'GET',
      range: req.headers.range,
      headers: req.headers,
      at: performance.now(),
      connection: connectionOf.get(req.socket) ?? -1,
      status: undefined as number | undefined,
      redirect: false,
      faulty: false,
    };
    // The status is read when the head goes out, explicit or implicit (`end()` calls writeHead).
    const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
    res.writeHead = ((...args: unknown[]) => {
      const result = writeHead(...args);
      record.status = res.statusCode;
      return result;
    }) as ServerResponse['writeHead'];
    // Body bytes are counted as they are handed to the socket, whoever writes them.
    const counting =
      (send: (...args: unknown[]) => unknown) =>
      (...args: unknown[]): unknown => {
        const length = chunkLength(args[0], args[1]);
        increment(sentCounts, record.key, length);
        totalSent += length;
        return send(...args);
      };
    res.write = counting(res.write.bind(res) as never) as ServerResponse['write'];
    res.end = counting(res.end.bind(res) as never) as ServerResponse['end'];
    requests.push(record);
    return { record, settle };
  };

  const payloadFor = (path: string, knobs: FaultKnobs): Payload => {
    const kind = knobs.kind ?? kindFromPath(path);
    const size = knobs.size ?? DEFAULT_PAYLOAD_SIZE;
    const seed = knobs.seed ?? path;
    const cacheKey = `${kind}\0${size}\0${seed}`;
    let payload = payloads.get(cacheKey);
    if (payload === undefined) {
      payload = makePayload(kind, size, seed);
      payloads.set(cacheKey, payload);
    }
    return payload;
  };

  const later = (ms: number, run: () => void): void => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      run();
    }, ms);
    timers.add(timer);
  };

  const trickle = (
    req: IncomingMessage,
    res: ServerResponse,
    body: Buffer,
    step: number,
    everyMs: number,
  ): void => {
    let offset = 0;
    const timer = setInterval(() => {
      if (res.destroyed) return stop();
      const chunk = body.subarray(offset, offset + step);
      offset += chunk.length;
      res.write(chunk);
      if (offset >= body.length) {
        stop();
        res.end();
      }
    }, everyMs);
    const stop = (): void => {
      clearInterval(timer);
      timers.delete(timer);
    };
    timers.add(timer);
    req.once('close', stop);
  };

  const redirect = (
    res: ServerResponse,
    url: URL,
    exchange: Exchange,
    knobs: FaultKnobs,
  ): boolean => {
    const hop = (location: string): true => {
      increment(redirectCounts, exchange.record.key);
      exchange.record.redirect = true;
      res.writeHead(302, { location, 'content-length': '0' });
      res.end();
      return true;
    };
    if (knobs.redirectTo !== undefined) return hop(knobs.redirectTo);
    if (knobs.redirects === undefined) return false;
    const at = Number(url.searchParams.get('hop') ?? 0);
    if (knobs.redirects !== 'loop' && at >= knobs.redirects) return false;
    // A loop alternates between two URLs, so it is a real cycle rather than a self-redirect.
    const next = new URLSearchParams(url.searchParams);
    next.set('hop', String(knobs.redirects === 'loop' ? (at + 1) % 2 : at + 1));
    return hop(`${url.pathname}?${next.toString()}`);
  };

  const serveAsset = (
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    knobs: FaultKnobs,
    exchange: Exchange,
  ): void => {
    const { faulty } = exchange.record;
    const payload = payloadFor(path, knobs);
    const size = payload.bytes.length;
    const rangesOn = knobs.ranges !== false;
    const range = rangesOn ? parseRange(req.headers.range, size) : undefined;

    if (faulty && knobs.status !== undefined) {
      const retryAfter = retryAfterHeader(knobs.retryAfter);
      const text = `fault: status ${knobs.status}\n`;
      res.writeHead(knobs.status, {
        'content-type': 'text/plain; charset=utf-8',
        'content-length': String(Buffer.byteLength(text)),
        ...(retryAfter === undefined ? {} : { 'retry-after': retryAfter }),
      });
      res.end(text);
      return;
    }
    if (range === 'unsatisfiable') {
      res.writeHead(416, { 'content-range': `bytes */${size}`, 'content-length': '0' });
      res.end();
      return;
    }

    // A slicing CDN answers every request with a 206 of at most `slice` bytes; `wholeAs206` a plain GET too.
    let span =
      range ??
      (knobs.slice !== undefined || knobs.wholeAs206 === true
        ? { start: 0, end: size - 1 }
        : undefined);
    if (span !== undefined && knobs.slice !== undefined)
      span = {
        start: span.start,
        end: Math.min(span.end, span.start + Math.max(1, knobs.slice) - 1),
      };
    let body =
      span === undefined ? payload.bytes : payload.bytes.subarray(span.start, span.end + 1);
    const status = span === undefined ? 200 : 206;
    const headers: Record<string, string> = {
      'content-type': knobs.contentType ?? CONTENT_TYPES[payload.kind],
      etag: `"${payload.sha256.slice(0, 32)}"`,
      ...(rangesOn ? { 'accept-ranges': 'bytes' } : {}),
      ...(span === undefined ? {} : { 'content-range': `bytes ${span.start}-${span.end}/${size}` }),
    };
    let chunked = knobs.chunked === true;
    const bad =
      faulty && span !== undefined && req.headers.range !== undefined ? knobs.badRange : undefined;
    if (bad !== undefined && span !== undefined) {
      ({ body, chunked } = misbehave(bad, payload.bytes, span, size, headers, chunked));
    }
    if (!chunked) headers['content-length'] = String(body.length);
    res.writeHead(status, headers);
    if (req.method === 'HEAD') {
      res.end();
    } else if (faulty && knobs.resetAfter !== undefined) {
      // An RST makes the peer's kernel drop unread bytes, so give the client a moment to read them first.
      res.write(body.subarray(0, knobs.resetAfter), () =>
        later(RESET_GRACE_MS, () => {
          exchange.settle();
          res.socket?.resetAndDestroy();
        }),
      );
    } else if (faulty && knobs.truncateAfter !== undefined) {
      res.write(body.subarray(0, knobs.truncateAfter), () => {
        exchange.settle();
        res.socket?.end();
      });
    } else if (faulty && knobs.trickleBytes !== undefined) {
      trickle(req, res, body, Math.max(1, knobs.trickleBytes), knobs.trickleMs ?? 50);
    } else {
      // Chunked bodies go out in slices, as a streaming origin would send them.
      const step = knobs.chunked === true ? 64 * 1024 : body.length;
      for (let offset = 0; offset < body.length; offset += step)
        res.write(body.subarray(offset, offset + step));
      res.end();
    }
  };

  const serveKnobs = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let knobs: FaultKnobs;
    try {
      knobs = parseKnobs(url.searchParams);
    } catch (error) {
      track(req, res, url.pathname);
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`bad fault knobs: ${(error as Error).message}\n`);
      return;
    }
    const exchange = track(req, res, knobs.key ?? url.pathname);
    if (redirect(res, url, exchange, knobs)) return;
    // Counted on arrival, so a retry that overtakes a delayed request sees the right count.
    exchange.record.faulty =
      increment(hitCounts, exchange.record.key) <= (knobs.times ?? Number.POSITIVE_INFINITY);
    if (exchange.record.faulty && knobs.headersDelayMs !== undefined) {
      later(knobs.headersDelayMs, () => {
        if (!res.destroyed) serveAsset(req, res, url.pathname, knobs, exchange);
      });
    } else {
      serveAsset(req, res, url.pathname, knobs, exchange);
    }
  };

  const serveHandler = (req: IncomingMessage, res: ServerResponse): void => {
    const key = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    track(req, res, key);
    increment(hitCounts, key);
    handler?.(req, res);
  };

  const listener = handler === undefined ? serveKnobs : serveHandler;
  const server =
    options.tls === undefined
      ? createHttpServer(listener)
      : createHttpsServer(options.tls, listener);
  // TCP connections (under TLS too), so close() also ends a handshake that never finishes.
  if (options.keepAliveTimeoutMs !== undefined)
    server.keepAliveTimeout = options.keepAliveTimeoutMs;
  // Requests see the TLS socket under HTTPS, so connections are numbered where requests can find them.
  const number = (socket: Socket): void => void connectionOf.set(socket, accepted++);
  if (options.tls === undefined) server.on('connection', number);
  else server.on('secureConnection', number);
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  if (handler === undefined) {
    // A reset socket raises EPIPE/ECONNRESET on the server side too: those are the point, not failures.
    // (Handler mode keeps Node's default: a malformed request still gets its 400.)
    server.on('clientError', (_error, socket) => socket.destroy());
  }
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `${options.tls === undefined ? 'http' : 'https'}://${host.includes(':') ? `[${host}]` : host}:${port}`;
  let closing: Promise<void> | undefined;

  const stats: FaultStats = {
    hits: (key) => hitCounts.get(key) ?? 0,
    redirects: (key) => redirectCounts.get(key) ?? 0,
    bytesSent: (key) => (key === undefined ? totalSent : (sentCounts.get(key) ?? 0)),
    requests,
    openConnections: () => sockets.size,
    connections: () => accepted,
    peakInFlight: () => peak,
    reset: () => {
      hitCounts.clear();
      redirectCounts.clear();
      sentCounts.clear();
      requests.length = 0;
      outcomes.length = 0;
      totalSent = 0;
      peak = inFlight;
    },
  };

  return {
    origin,
    port,
    url: (path, knobs = {}) => {
      const query = knobsToQuery(knobs).toString();
      return `${origin}${normalizePath(path)}${query === '' ? '' : `${path.includes('?') ? '&' : '?'}${query}`}`;
    },
    payload: (path, knobs = {}) => payloadFor(normalizePath(path), knobs),
    stats,
    closed: async (n) => {
      const outcome = outcomes[n - 1];
      if (outcome === undefined) throw new Error(`request ${n} never arrived`);
      return outcome;
    },
    close: () => {
      closing ??= (async () => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        const socketsClosed = [...sockets].map(
          (socket) => new Promise((resolve) => socket.once('close', resolve)),
        );
        const serverClosed = new Promise((resolve) => server.close(resolve));
        for (const socket of sockets) socket.destroy();
        await Promise.all([serverClosed, ...socketsClosed]);
      })();
      return closing;
    },
  };
}
