import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';

/** A file the server holds in memory. */
export interface MediaFile {
  readonly body: Buffer;
  readonly contentType: string;
}

/** Options of {@link startMediaServer}. */
export interface MediaServerOptions {
  /** Bytes written per chunk; default 16 KiB. */
  readonly chunkBytes?: number;
  /** Pause between chunks so progress is visible; default 5 ms (0 streams at full speed). */
  readonly chunkDelayMs?: number;
  /** How many requests to each `/flaky/` path fail with 503 before it serves; default 1. */
  readonly flakyFailures?: number;
}

/** One request the server answered. */
export interface ServedRequest {
  readonly method: string;
  readonly path: string;
  readonly status: number;
}

/** A running server; `close()` ends it and every open connection. */
export interface MediaServer {
  /** Base URL, `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** Every request answered so far, in order. */
  readonly requests: readonly ServedRequest[];
  close(): Promise<void>;
}

/**
 * Serves `files` on 127.0.0.1 (a free port):
 * - `GET /media/<name>`: the file, in paced chunks, with `Content-Length`; `Range: bytes=<start>-` gets a 206;
 * - `GET /flaky/<name>`: 503 for the first `flakyFailures` requests of that path, then the file;
 * - anything else: 404 (405 for methods other than GET and HEAD).
 */
export async function startMediaServer(
  files: ReadonlyMap<string, MediaFile>,
  options: MediaServerOptions = {},
): Promise<MediaServer> {
  const { chunkBytes = 16 * 1024, chunkDelayMs = 5, flakyFailures = 1 } = options;
  const requests: ServedRequest[] = [];
  const flakyHits = new Map<string, number>();

  const answer = (
    req: IncomingMessage,
    res: ServerResponse,
    status: number,
    text: string,
  ): void => {
    requests.push({ method: req.method ?? 'GET', path: req.url ?? '/', status });
    res.writeHead(status, {
      'content-type': 'text/plain; charset=utf-8',
      'content-length': Buffer.byteLength(text),
    });
    res.end(req.method === 'HEAD' ? undefined : text);
  };

  const serveFile = async (
    req: IncomingMessage,
    res: ServerResponse,
    file: MediaFile,
  ): Promise<void> => {
    const start = parseRangeStart(req.headers.range, file.body.length);
    if (start === 'unsatisfiable') {
      res.setHeader('content-range', `bytes */${file.body.length}`);
      answer(req, res, 416, 'range not satisfiable');
      return;
    }
    const status = start === undefined ? 200 : 206;
    const body = file.body.subarray(start ?? 0);
    requests.push({ method: req.method ?? 'GET', path: req.url ?? '/', status });
    res.writeHead(status, {
      'content-type': file.contentType,
      'content-length': body.length,
      'accept-ranges': 'bytes',
      ...(start === undefined
        ? {}
        : { 'content-range': `bytes ${start}-${file.body.length - 1}/${file.body.length}` }),
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    for (let offset = 0; offset < body.length && !res.destroyed; offset += chunkBytes) {
      res.write(body.subarray(offset, offset + chunkBytes));
      if (chunkDelayMs > 0) await delay(chunkDelayMs);
    }
    res.end();
  };

  const server = createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      answer(req, res, 405, 'method not allowed');
      return;
    }
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const [, area, name] = /^\/(media|flaky)\/([^/]+)$/.exec(path) ?? [];
    const file = name === undefined ? undefined : files.get(decodeURIComponent(name));
    if (file === undefined) {
      answer(req, res, 404, 'not found');
      return;
    }
    if (area === 'flaky') {
      const hits = (flakyHits.get(path) ?? 0) + 1;
      flakyHits.set(path, hits);
      if (hits <= flakyFailures) {
        answer(req, res, 503, 'temporarily unavailable');
        return;
      }
    }
    serveFile(req, res, file).catch(() => res.destroy());
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** The start of a `Range: bytes=<start>-` request; `undefined` for none or a form we do not serve (whole file then). */
function parseRangeStart(
  header: string | undefined,
  length: number,
): number | 'unsatisfiable' | undefined {
  const match = header === undefined ? null : /^bytes=(\d+)-$/.exec(header.trim());
  if (match === null) return undefined;
  const start = Number(match[1]);
  return start < length ? start : 'unsatisfiable';
}
