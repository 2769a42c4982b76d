import { closeSync, openSync, writeSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';
import { benchError } from '../bench-error.js';
import type { Contender } from './contender.js';

/** One buffer for every read, the C client's size. */
const BUFFER_BYTES = 256 * 1024;
const HEAD_END = Buffer.from('\r\n\r\n');

/**
 * A reference, not a product: the smallest Node client of the socket path's design. `net.connect`
 * with `onread` into one reused 256 KiB buffer and one `fs.writeSync` per read; HTTP/1.1 `GET`, a
 * `200` with `Content-Length` only, no redirects, checks, deadlines or temp file. Next to the C
 * client it shows what Node itself costs per read, and next to `downloadFile` what ours adds.
 */
export const minimalNodeContender: Contender = {
  async prepare(dir) {
    return async ({ url, filename }) => {
      const { hostname, port, pathname, search, host, protocol } = new URL(url);
      if (protocol !== 'http:') throw benchError(`the minimal client speaks http: only, not ${url}`);
      const file = path.join(dir, filename);
      const fd = openSync(file, 'wx');
      const buffer = Buffer.allocUnsafe(BUFFER_BYTES);
      let head: Buffer | undefined = Buffer.alloc(0); // until the response head is whole
      let remaining = 0;
      return new Promise<string>((resolve, reject) => {
        let open = true;
        const finish = (error?: Error) => {
          if (!open) return;
          open = false;
          socket.destroy();
          closeSync(fd);
          if (error) reject(error);
          else resolve(file);
        };
        const writeBody = (start: number, end: number) => {
          for (let at = start; at < end; ) at += writeSync(fd, buffer, at, end - at);
          remaining -= end - start;
        };
        const socket = connect({
          host: hostname,
          port: Number(port || 80),
          onread: {
            buffer,
            callback: (nread) => {
              if (!open) return false;
              let start = 0;
              if (head !== undefined) {
                head = Buffer.concat([head, buffer.subarray(0, nread)]);
                const end = head.indexOf(HEAD_END);
                if (end < 0) return true;
                const text = head.toString('latin1', 0, end);
                const length = /\r\ncontent-length:[ \t]*(\d+)/i.exec(text)?.[1];
                if (!text.startsWith('HTTP/1.1 200 ') || length === undefined) {
                  finish(benchError(`the minimal client wants a 200 with Content-Length: ${text.split('\r\n')[0]}`));
                  return false;
                }
                remaining = Number(length);
                start = nread - (head.length - end - HEAD_END.length); // where the body starts in this read
                head = undefined;
              }
              if (nread - start > remaining) {
                finish(benchError(`${url} sent more than its Content-Length`));
                return false;
              }
              try {
                writeBody(start, nread);
              } catch (error) {
                finish(error as Error);
                return false;
              }
              if (remaining === 0) finish();
              return open;
            },
          },
        });
        socket.once('connect', () => socket.write(`GET ${pathname}${search} HTTP/1.1\r\nHost: ${host}\r\n\r\n`));
        socket.once('error', (error) => finish(error));
        socket.once('close', () =>
          finish(
            benchError(
              head === undefined
                ? `the connection closed with ${remaining} bytes of ${url} to come`
                : `the connection closed before the response head of ${url}`,
            ),
          ),
        );
      });
    };
  },
};
