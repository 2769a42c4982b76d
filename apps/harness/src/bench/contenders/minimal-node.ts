import { closeSync, openSync, writeSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import path from 'node:path';
import { benchError } from '../bench-error.js';
import type { Contender, DownloadAll } from './contender.js';

/** One buffer for every read of a connection, the C client's size. */
const BUFFER_BYTES = 256 * 1024;
const HEAD_END = Buffer.from('\r\n\r\n');

/** How the minimal client reads and writes, as the bench's rows name it. */
export const MINIMAL_CLIENT_DESIGN = `onread ${BUFFER_BYTES / 1024} KiB + writeSync`;

/** The request a connection is answering: its file and how far its response has come. */
interface Exchange {
  url: string;
  file: string;
  fd: number;
  /** The response head read so far; `undefined` once it is whole and the body has started. */
  head: Buffer | undefined;
  /** Body bytes still to come. */
  remaining: number;
  resolve: (file: string) => void;
  reject: (error: Error) => void;
}

/**
 * One connection of the minimal client: `net.connect` with `onread` into one reused 256 KiB
 * buffer, one `fs.writeSync` per read, and HTTP/1.1 `GET`s one after another on the same socket
 * (persistent by default, RFC 9112 §9.3). A response must be a `200` with `Content-Length`; bytes
 * past it, or a close before it is whole, fail the request.
 */
class MinimalConnection {
  readonly #buffer = Buffer.allocUnsafe(BUFFER_BYTES);
  readonly #socket: Socket;
  readonly #connected: Promise<void>;
  #exchange: Exchange | undefined;
  #closedBy: Error | undefined;

  constructor(url: URL) {
    if (url.protocol !== 'http:') throw benchError(`the minimal client speaks http: only, not ${url.href}`);
    this.#socket = connect({
      host: url.hostname,
      port: Number(url.port || 80),
      onread: { buffer: this.#buffer, callback: (nread) => this.#onRead(nread) },
    });
    this.#connected = new Promise((resolve, reject) => {
      this.#socket.once('connect', resolve).once('error', reject);
    });
    // A rejection nobody awaits yet (the first `get` awaits it) must not crash the process.
    this.#connected.catch(() => undefined);
    this.#socket.on('error', (error) => this.#end(error));
    this.#socket.on('close', () => this.#end());
  }

  /** `GET url` into `file` (created, never overwritten); resolves with `file` once it is closed. */
  async get(url: string, file: string): Promise<string> {
    await this.#connected;
    if (this.#closedBy) throw this.#closedBy;
    if (this.#exchange) throw benchError('the minimal client asks one request at a time');
    const { pathname, search, host } = new URL(url);
    const fd = openSync(file, 'wx');
    return new Promise<string>((resolve, reject) => {
      this.#exchange = { url, file, fd, head: Buffer.alloc(0), remaining: 0, resolve, reject };
      this.#socket.write(`GET ${pathname}${search} HTTP/1.1\r\nHost: ${host}\r\n\r\n`);
    });
  }

  /** Closes the socket; a request still running fails. */
  close(): void {
    this.#socket.destroy();
  }

  #onRead(nread: number): boolean {
    const exchange = this.#exchange;
    if (!exchange) {
      this.#end(benchError('the server sent bytes nobody asked for'));
      return false;
    }
    let start = 0;
    if (exchange.head !== undefined) {
      const head = Buffer.concat([exchange.head, this.#buffer.subarray(0, nread)]);
      const end = head.indexOf(HEAD_END);
      if (end < 0) {
        exchange.head = head;
        return true;
      }
      const text = head.toString('latin1', 0, end);
      const length = /\r\ncontent-length:[ \t]*(\d+)/i.exec(text)?.[1];
      if (!text.startsWith('HTTP/1.1 200 ') || length === undefined) {
        this.#end(benchError(`the minimal client wants a 200 with Content-Length: ${text.split('\r\n')[0]}`));
        return false;
      }
      exchange.remaining = Number(length);
      start = nread - (head.length - end - HEAD_END.length); // where the body starts in this read
      exchange.head = undefined;
    }
    if (nread - start > exchange.remaining) {
      this.#end(benchError(`${exchange.url} sent more than its Content-Length`));
      return false;
    }
    try {
      for (let at = start; at < nread; ) at += writeSync(exchange.fd, this.#buffer, at, nread - at);
    } catch (error) {
      this.#end(error as Error);
      return false;
    }
    exchange.remaining -= nread - start;
    if (exchange.remaining === 0) this.#settle();
    return true;
  }

  /** The running request is done: its file closed, the connection free for the next. */
  #settle(error?: Error): void {
    const exchange = this.#exchange;
    if (!exchange) return;
    this.#exchange = undefined;
    closeSync(exchange.fd);
    if (error) exchange.reject(error);
    else exchange.resolve(exchange.file);
  }

  /**
   * The connection is unusable, by `error` or (without one) closed by the server: the running
   * request fails, and so does every later one.
   */
  #end(error?: Error): void {
    this.#socket.destroy();
    const exchange = this.#exchange;
    const reason =
      error ??
      benchError(
        exchange === undefined
          ? 'the connection closed'
          : `the connection closed before ${exchange.head === undefined ? `${exchange.remaining} bytes of ${exchange.url} were in` : `the response head of ${exchange.url}`}`,
      );
    this.#closedBy ??= reason;
    this.#settle(reason);
  }
}

/**
 * A reference, not a product: the smallest Node client of the socket path's design
 * (`MinimalConnection`): no redirects, checks, deadlines or temp file. Each download on a new
 * connection. Next to the C client it shows what Node itself costs per read, and next to
 * `downloadFile` what ours adds.
 */
export const minimalNodeContender: Contender = {
  async prepare(dir) {
    return async ({ url, filename }) => {
      const connection = new MinimalConnection(new URL(url));
      try {
        return await connection.get(url, path.join(dir, filename));
      } finally {
        connection.close();
      }
    };
  },
};

/**
 * The minimal client over many files (the fan-out's reference): `concurrency` kept-alive
 * connections, each taking the next file when its last one is written, as `downloadMany` and
 * `curl --parallel` do. Every item must be on one origin.
 */
export async function prepareMinimalMany(dir: string): Promise<DownloadAll> {
  return async (items, concurrency) => {
    const origins = new Set(items.map((item) => new URL(item.url).origin));
    if (origins.size > 1) throw benchError('the minimal client fans out over one origin only');
    const paths = new Array<string>(items.length);
    let next = 0;
    const run = async (): Promise<void> => {
      if (next >= items.length) return;
      const connection = new MinimalConnection(new URL(items[next]?.url ?? ''));
      try {
        while (next < items.length) {
          const index = next++;
          const item = items[index];
          if (item) paths[index] = await connection.get(item.url, path.join(dir, item.filename));
        }
      } finally {
        connection.close();
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, run));
    return paths;
  };
}
