import { request } from 'node:http';

/** What a raw `node:http` GET saw, including a failure mid-body. */
export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** Chunks the body arrived in. */
  chunks: number;
  /** The error that ended the body early, if any (e.g. ECONNRESET, `aborted`). */
  error?: NodeJS.ErrnoException;
}

/** A plain GET with no retries, no redirects and no pooling, to observe exactly what the server sends. */
export function httpGet(url: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    let done: ((error?: NodeJS.ErrnoException) => void) | undefined;
    const req = request(url, { headers, agent: false }, (res) => {
      const parts: Buffer[] = [];
      done = (error?: NodeJS.ErrnoException): void =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(parts),
          chunks: parts.length,
          error,
        });
      res.on('data', (chunk: Buffer) => parts.push(chunk));
      res.once('end', () => done?.());
      res.once('error', (error) => done?.(error));
      res.once('aborted', () =>
        done?.(Object.assign(new Error('aborted'), { code: 'ECONNRESET' })),
      );
    });
    // Once the response has started, a socket error ends its body; before that, the request failed.
    req.once('error', (error) => (done === undefined ? reject(error) : done(error)));
    req.end();
  });
}
