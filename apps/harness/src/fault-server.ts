import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { knobsToQuery, parseKnobs, type BadRange, type FaultKnobs } from './fault-knobs.js';
import { CONTENT_TYPES, kindFromPath, makePayload, type Payload } from './payload.js';

/** Default payload size when a URL names none. */
export const DEFAULT_PAYLOAD_SIZE = 64 * 1024;

/** How long a `resetAfter` connection stays open after its last byte, so the client reads it before the RST. */
const RESET_GRACE_MS = 30;

/** One request the fault server answered. */
export interface RequestRecord {
  readonly key: string;
  readonly method: string;
  /** The request's `Range` header, if any. */
  readonly range: string | undefined;
  /** Every request header, as received. */
  readonly headers: IncomingHttpHeaders;
  /** The status sent (302 for a redirect hop). */
  readonly status: number;
  /** Whether this was a redirect hop rather than an asset request. */
  readonly redirect: boolean;
  /** Whether a faulty knob applied to this request. */
  readonly faulty: boolean;
}

/** What the fault server has seen, so tests can assert retry counts server-side. */
export interface FaultStats {
  /** Asset requests (redirect hops excluded) for `key` (default key: the URL path). */
  hits(key: string): number;
  /** Redirect hops answered for `key`. */
  redirects(key: string): number;
  /** Body bytes handed to the socket for `key`, or for every key when omitted. */
  bytesSent(key?: string): number;
  /** Every request, in arrival order. */
  readonly requests: readonly RequestRecord[];
  /** Connections currently open to the server. */
  openConnections(): number;
  /** The most requests (redirect hops included) the server was answering at once. */
  peakInFlight(): number;
  /** Forgets every count and request (payloads stay cached). */
  reset(): void;
}

/** A running fault server. */
export interface FaultServer {
  /** Base URL, e.g. `http://127.0.0.1:40123`. */
  readonly origin: string;
  /** The URL of `path` with `knobs` in its query string. */
  url(path: string, knobs?: FaultKnobs): string;
  /** The payload the server serves for `path` with `knobs` (same bytes, same digest). */
  payload(path: string, knobs?: FaultKnobs): Payload;
  readonly stats: FaultStats;
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

/**
 * Starts a `node:http` fault-injection server on 127.0.0.1 (port 0). Every URL serves a
 * deterministic payload, misbehaving as its knobs say (see `FaultKnobs`).
 */
export async function startFaultServer(): Promise<FaultServer> {
  const payloads = new Map<string, Payload>();
  const hitCounts = new Map<string, number>();
  const redirectCounts = new Map<string, number>();
  const sentCounts = new Map<string, number>();
  const requests: RequestRecord[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const sockets = new Set<Socket>();
  let totalSent = 0;
  let inFlight = 0;
  let peak = 0;

  // A request stops counting as in flight the moment the server is done with it: its response
  // finished, its connection closed, or the server chose to cut it (before the client can notice).
  const track = (res: ServerResponse): (() => void) => {
    let settled = false;
    inFlight++;
    peak = Math.max(peak, inFlight);
    const settle = (): void => {
      if (settled) return;
      settled = true;
      inFlight--;
    };
    res.once('finish', settle);
    res.once('close', settle);
    return settle;
  };

  const increment = (map: Map<string, number>, key: string, by = 1): number => {
    const value = (map.get(key) ?? 0) + by;
    map.set(key, value);
    return value;
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

  const log = (
    req: IncomingMessage,
    key: string,
    status: number,
    kind: { redirect: boolean; faulty: boolean },
  ): void => {
    requests.push({
      key,
      method: req.method ?? 'GET',
      range: req.headers.range,
      headers: req.headers,
      status,
      ...kind,
    });
  };

  const later = (ms: number, run: () => void): void => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      run();
    }, ms);
    timers.add(timer);
  };

  const send = (key: string, res: ServerResponse, chunk: Buffer, done?: () => void): void => {
    increment(sentCounts, key, chunk.length);
    totalSent += chunk.length;
    res.write(chunk, done === undefined ? undefined : () => done());
  };

  const trickle = (
    key: string,
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
      send(key, res, chunk);
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
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    key: string,
    knobs: FaultKnobs,
  ): boolean => {
    if (knobs.redirectTo !== undefined) {
      increment(redirectCounts, key);
      log(req, key, 302, { redirect: true, faulty: false });
      res.writeHead(302, { location: knobs.redirectTo, 'content-length': '0' });
      res.end();
      return true;
    }
    if (knobs.redirects === undefined) return false;
    const hop = Number(url.searchParams.get('hop') ?? 0);
    if (knobs.redirects !== 'loop' && hop >= knobs.redirects) return false;
    // A loop alternates between two URLs, so it is a real cycle rather than a self-redirect.
    const next = new URLSearchParams(url.searchParams);
    next.set('hop', String(knobs.redirects === 'loop' ? (hop + 1) % 2 : hop + 1));
    increment(redirectCounts, key);
    log(req, key, 302, { redirect: true, faulty: false });
    res.writeHead(302, { location: `${url.pathname}?${next.toString()}`, 'content-length': '0' });
    res.end();
    return true;
  };

  const serveAsset = (
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    key: string,
    knobs: FaultKnobs,
    faulty: boolean,
    settle: () => void,
  ): void => {
    const payload = payloadFor(path, knobs);
    const size = payload.bytes.length;
    const rangesOn = knobs.ranges !== false;
    const range = rangesOn ? parseRange(req.headers.range, size) : undefined;
    const record = (status: number): void => log(req, key, status, { redirect: false, faulty });

    if (faulty && knobs.status !== undefined) {
      const retryAfter = retryAfterHeader(knobs.retryAfter);
      const text = `fault: status ${knobs.status}\n`;
      record(knobs.status);
      res.writeHead(knobs.status, {
        'content-type': 'text/plain; charset=utf-8',
        'content-length': String(Buffer.byteLength(text)),
        ...(retryAfter === undefined ? {} : { 'retry-after': retryAfter }),
      });
      res.end(text);
      return;
    }
    if (range === 'unsatisfiable') {
      record(416);
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
    const etag = `"${payload.sha256.slice(0, 32)}"`;
    const headers: Record<string, string> = {
      'content-type': knobs.contentType ?? CONTENT_TYPES[payload.kind],
      etag,
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
    record(status);
    res.writeHead(status, headers);
    if (req.method === 'HEAD') {
      res.end();
    } else if (faulty && knobs.resetAfter !== undefined) {
      // An RST makes the peer's kernel drop unread bytes, so give the client a moment to read them first.
      send(key, res, body.subarray(0, knobs.resetAfter), () =>
        later(RESET_GRACE_MS, () => {
          settle();
          res.socket?.resetAndDestroy();
        }),
      );
    } else if (faulty && knobs.truncateAfter !== undefined) {
      send(key, res, body.subarray(0, knobs.truncateAfter), () => {
        settle();
        res.socket?.end();
      });
    } else if (faulty && knobs.trickleBytes !== undefined) {
      trickle(key, req, res, body, Math.max(1, knobs.trickleBytes), knobs.trickleMs ?? 50);
    } else {
      // Chunked bodies go out in slices, as a streaming origin would send them.
      const step = knobs.chunked === true ? 64 * 1024 : body.length;
      for (let offset = 0; offset < body.length; offset += step)
        send(key, res, body.subarray(offset, offset + step));
      res.end();
    }
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const settle = track(res);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let knobs: FaultKnobs;
    try {
      knobs = parseKnobs(url.searchParams);
    } catch (error) {
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`bad fault knobs: ${(error as Error).message}\n`);
      return;
    }
    const key = knobs.key ?? url.pathname;
    if (redirect(req, res, url, key, knobs)) return;
    // Counted on arrival, so a retry that overtakes a delayed request sees the right count.
    const faulty = increment(hitCounts, key) <= (knobs.times ?? Number.POSITIVE_INFINITY);
    if (faulty && knobs.headersDelayMs !== undefined) {
      later(knobs.headersDelayMs, () => {
        if (!res.destroyed) serveAsset(req, res, url.pathname, key, knobs, faulty, settle);
      });
    } else {
      serveAsset(req, res, url.pathname, key, knobs, faulty, settle);
    }
  };

  const server = createServer(handle);
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  // A reset socket raises EPIPE/ECONNRESET on the server side too: those are the point, not failures.
  server.on('clientError', (_error, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  let closing: Promise<void> | undefined;

  const stats: FaultStats = {
    hits: (key) => hitCounts.get(key) ?? 0,
    redirects: (key) => redirectCounts.get(key) ?? 0,
    bytesSent: (key) => (key === undefined ? totalSent : (sentCounts.get(key) ?? 0)),
    requests,
    openConnections: () => sockets.size,
    peakInFlight: () => peak,
    reset: () => {
      hitCounts.clear();
      redirectCounts.clear();
      sentCounts.clear();
      requests.length = 0;
      totalSent = 0;
      peak = inFlight;
    },
  };

  return {
    origin,
    url: (path, knobs = {}) => {
      const query = knobsToQuery(knobs).toString();
      return `${origin}${normalizePath(path)}${query === '' ? '' : `?${query}`}`;
    },
    payload: (path, knobs = {}) => payloadFor(normalizePath(path), knobs),
    stats,
    close: () => {
      closing ??= (async () => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        const socketsClosed = [...sockets].map(
          (socket) => new Promise((resolve) => socket.once('close', resolve)),
        );
        const serverClosed = new Promise((resolve) => server.close(resolve));
        server.closeAllConnections();
        await Promise.all([serverClosed, ...socketsClosed]);
      })();
      return closing;
    },
  };
}
