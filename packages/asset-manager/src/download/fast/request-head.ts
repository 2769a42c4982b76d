import { errors } from 'undici';

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** A header value may not carry CR, LF or NUL: that would split the request (header injection). */
const UNSAFE_VALUE = /[\r\n\0]/;
/** Headers undici refuses from a caller too: the connection and the message framing are the client's. */
const REFUSED = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'expect',
  'content-length',
]);

/**
 * The bytes of a `GET` request for `url` with `headers` (lower-cased names), on a persistent
 * connection (HTTP/1.1's default, RFC 9112 §9.3: no `Connection` field). Refuses what undici refuses, with its
 * `InvalidArgumentError`: bad names, values with CR/LF/NUL, connection and framing headers.
 */
export function requestHead(url: URL, headers: Record<string, string>): string {
  let head = `GET ${url.pathname}${url.search} HTTP/1.1\r\n`;
  if (headers['host'] === undefined) head += `host: ${url.host}\r\n`;
  for (const [name, value] of Object.entries(headers)) {
    if (!TOKEN.test(name)) throw new errors.InvalidArgumentError('invalid header key');
    if (typeof value !== 'string' || UNSAFE_VALUE.test(value))
      throw new errors.InvalidArgumentError(`invalid ${name} header`);
    if (REFUSED.has(name)) throw new errors.InvalidArgumentError(`invalid ${name} header`);
    head += `${name}: ${value}\r\n`;
  }
  return `${head}\r\n`;
}
