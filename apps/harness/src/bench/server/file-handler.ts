import { closeSync, openSync, readSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';

/** Size of each read of the file: large reads keep the server from being the bottleneck. */
const READ_CHUNK_BYTES = 1024 * 1024;
/** Reads one response may have queued on its socket at once (its share of the buffers). */
const BUFFERS_PER_RESPONSE = 4;
/**
 * Read buffers shared by every response and reused once the socket has taken their bytes: a fresh
 * 1 MiB buffer per read (what `fs.createReadStream` does) cost this server ~1.1 s of CPU per GiB
 * against ~0.6 s with reuse (page faults and GC), which made the server, not the clients, the
 * bound of the Node-server figures.
 */
const idleBuffers: Buffer[] = [];

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
 * A `node:http` request handler that serves the regular files under `root` from disk through a
 * few reused 1 MiB read buffers: GET and HEAD, `Content-Length`, and single `Range` requests (206/416).
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
  const fd = openSync(file, 'r');
  try {
    await sendRange(res, fd, start, end);
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes bytes `start..end` (inclusive) of `fd` to `res` through at most `BUFFERS_PER_RESPONSE`
 * reused buffers: a buffer is read into again only after the socket has taken its bytes (the
 * write callback), which is also the back-pressure. Resolves when the last byte is handed over, or
 * when the client goes away.
 */
function sendRange(res: ServerResponse, fd: number, start: number, end: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const mine: Buffer[] = [];
    for (let i = 0; i < BUFFERS_PER_RESPONSE; i += 1)
      mine.push(idleBuffers.pop() ?? Buffer.allocUnsafeSlow(READ_CHUNK_BYTES));
    let position = start;
    let inFlight = 0;
    let settled = false;
    const settle = (error?: Error) => {
      if (settled) return;
      settled = true;
      idleBuffers.push(...mine);
      if (error) reject(error);
      else resolve();
    };
    res.once('close', () => settle());
    const pump = () => {
      while (mine.length > 0 && position <= end && !settled) {
        const buffer = mine.pop() as Buffer;
        const length = readSync(fd, buffer, 0, Math.min(READ_CHUNK_BYTES, end - position + 1), position);
        if (length === 0) {
          settle(new Error('file shrank while being served'));
          return;
        }
        position += length;
        inFlight += 1;
        res.write(length === READ_CHUNK_BYTES ? buffer : buffer.subarray(0, length), (error) => {
          inFlight -= 1;
          mine.push(buffer);
          if (error) settle(error);
          else if (position > end && inFlight === 0) res.end(() => settle());
          else pump();
        });
      }
    };
    pump();
  });
}
