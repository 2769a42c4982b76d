import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';

/** Read size of the file streams: large reads keep the server from being the bottleneck. */
const READ_CHUNK_BYTES = 1024 * 1024;

/** An inclusive byte range of a file. */
interface ByteRange {
  start: number;
  end: number;
}

/**
 * Parse a single `Range: bytes=...` header against a file size.
 * Returns `undefined` when there is no usable range (serve the whole file) and `null` when it
 * cannot be satisfied (416).
 */
export function parseRange(header: string | undefined, size: number): ByteRange | null | undefined {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header?.trim() ?? '');
  if (!match) return undefined;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return undefined;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0) return null;
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (start >= size || end < start) return null;
  return { start, end };
}

/** Resolve a request path inside `root`, or `undefined` when it would leave it. */
function resolveInside(root: string, urlPath: string): string | undefined {
  const decoded = decodeURIComponent(urlPath.split('?')[0] ?? '');
  const target = path.resolve(root, `.${decoded}`);
  return target.startsWith(root + path.sep) ? target : undefined;
}

/** End a response with a bodiless status. */
function reply(res: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-length': '0', ...headers });
  res.end();
}

/**
 * A `node:http` request handler that serves the regular files under `root` from disk with
 * `fs` streams: GET and HEAD, `Content-Length`, and single `Range` requests (206/416).
 */
export function createFileHandler(root: string): (req: IncomingMessage, res: ServerResponse) => void {
  const absoluteRoot = path.resolve(root);
  return (req, res) => {
    serveFile(absoluteRoot, req, res).catch((error: unknown) => {
      if (!res.headersSent) reply(res, 500);
      else res.destroy(error instanceof Error ? error : undefined);
    });
  };
}

async function serveFile(root: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return reply(res, 405, { allow: 'GET, HEAD' });
  const file = resolveInside(root, req.url ?? '/');
  const info = file ? await stat(file).catch(() => undefined) : undefined;
  if (!file || !info?.isFile()) return reply(res, 404);

  const range = parseRange(req.headers.range, info.size);
  if (range === null) return reply(res, 416, { 'content-range': `bytes */${info.size}` });
  const { start, end } = range ?? { start: 0, end: info.size - 1 };
  const headers: Record<string, string> = {
    'accept-ranges': 'bytes',
    'content-type': 'application/octet-stream',
    'content-length': String(end - start + 1),
  };
  if (range) headers['content-range'] = `bytes ${start}-${end}/${info.size}`;
  res.writeHead(range ? 206 : 200, headers);
  if (req.method === 'HEAD' || info.size === 0) {
    res.end();
    return;
  }
  await pipeline(createReadStream(file, { start, end, highWaterMark: READ_CHUNK_BYTES }), res);
}
