import { errors } from 'undici';
import type { ResponseHeaders } from '../download-errors.js';

/** The status line and header fields of a final (non-1xx) response. */
export interface ResponseHead {
  status: number;
  /** Header fields by lower-cased name; a repeated field is an array, in order (as undici gives them). */
  headers: ResponseHeaders;
}

/** How the parser hands over what it reads. */
export interface ResponseParserEvents {
  /** The final response's head; every `1xx` before it was skipped (RFC 9110 §15.2). */
  onHead(head: ResponseHead): void;
  /**
   * Body bytes `buffer[start, end)`: a view of the caller's read buffer, valid only during the
   * call (the buffer is reused by the next read). Chunk framing is already removed.
   */
  onBody(buffer: Buffer, start: number, end: number): void;
}

/** How the body of the final response is delimited (RFC 9112 §6.3). */
export type BodyFraming = 'none' | 'length' | 'chunked' | 'close';

/** Largest status line plus header section, and largest trailer section: 64 KiB each, like undici's default. */
const MAX_HEAD_BYTES = 64 * 1024;
/** Largest chunk-size line, extensions included. */
const MAX_CHUNK_LINE_BYTES = 4096;
const CRLF_CRLF = Buffer.from('\r\n\r\n');

const STATUS_LINE = /^HTTP\/1\.[01] ([1-9]\d\d)(?: [\t\x20-\x7e\x80-\xff]*)?$/;
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** field-value: VCHAR, SP, HTAB and obs-text; no CR, LF, NUL or other controls (RFC 9110 §5.5). */
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
/**
 * chunk-size *( ";" name [ "=" token / quoted-string ] ) (RFC 9112 §7.1.1), without the optional
 * whitespace (BWS) around `;` and `=`: llhttp (undici, Node) refuses it too, so both paths agree.
 */
const CHUNK_LINE =
  /^([0-9A-Fa-f]{1,13})(?:;[!#$%&'*+.^_`|~0-9A-Za-z-]+(?:=(?:[!#$%&'*+.^_`|~0-9A-Za-z-]+|"(?:[\t \x21\x23-\x5b\x5d-\x7e\x80-\xff]|\\[\t \x21-\x7e\x80-\xff])*"))?)*$/;

type State =
  'head' | 'length' | 'chunk-size' | 'chunk-data' | 'chunk-crlf' | 'trailers' | 'close' | 'done';

function parseError(message: string, code: string): Error {
  // The same class and codes (`HPE_*`) undici's llhttp raises, so errors map the same way on both paths.
  // (undici's types omit the constructor's `code` argument.)
  const ParserError = errors.HTTPParserError as unknown as new (
    message: string,
    code: string,
  ) => Error;
  return new ParserError(message, code);
}

/**
 * An incremental HTTP/1.1 response parser for one response to a `GET` (RFC 9112), strict where
 * framing is decided: status line, header fields (no obs-fold, no bare LF, token names),
 * `Content-Length` (one decimal value, repeats must agree), `Transfer-Encoding: chunked` (size
 * lines with extensions, data CRLF, trailer fields), read-until-close otherwise; a message with
 * both `Transfer-Encoding` and `Content-Length` is refused (RFC 9112 §6.3 ¶3: a smuggling sign).
 * `1xx` responses are skipped, `101` refused; `204`/`304` have no body.
 *
 * Body bytes are handed over as views of the caller's buffer, never copied; only head, chunk-size
 * and trailer lines (small) are copied while they straddle two reads. Errors are undici's
 * `HTTPParserError` with llhttp's `HPE_*` codes.
 */
export class ResponseParser {
  #state: State = 'head';
  #events: ResponseParserEvents;
  #head: Buffer = Buffer.alloc(0);
  #line = '';
  #remaining = 0;
  #trailerBytes = 0;
  #framing: BodyFraming | undefined;
  #keepAlive = true;

  constructor(events: ResponseParserEvents) {
    this.#events = events;
  }

  /** True once the whole response was read (for read-until-close: after `end()`). */
  get complete(): boolean {
    return this.#state === 'done';
  }

  /** How the final response's body is framed, once its head was read. */
  get framing(): BodyFraming | undefined {
    return this.#framing;
  }

  /** Whether the connection may carry another request once this response is complete. */
  get keepAlive(): boolean {
    return this.#keepAlive && this.#framing !== 'close';
  }

  /**
   * Parse `buffer[start, end)`. Returns the index where this response ended, or `end` when all was
   * consumed (bytes past a complete response are not this response's). Throws `HTTPParserError`.
   */
  execute(buffer: Buffer, start = 0, end = buffer.length): number {
    let at = start;
    while (at < end) {
      switch (this.#state) {
        case 'head':
          at = this.#readHead(buffer, at, end);
          break;
        case 'length': {
          const take = Math.min(this.#remaining, end - at);
          this.#events.onBody(buffer, at, at + take);
          at += take;
          this.#remaining -= take;
          if (this.#remaining === 0) this.#state = 'done';
          break;
        }
        case 'close':
          this.#events.onBody(buffer, at, end);
          at = end;
          break;
        case 'chunk-size':
          at = this.#readLine(buffer, at, end, MAX_CHUNK_LINE_BYTES, 'INVALID_CHUNK_SIZE', (line) =>
            this.#onChunkSize(line),
          );
          break;
        case 'chunk-data': {
          const take = Math.min(this.#remaining, end - at);
          this.#events.onBody(buffer, at, at + take);
          at += take;
          this.#remaining -= take;
          if (this.#remaining === 0) this.#state = 'chunk-crlf';
          break;
        }
        case 'chunk-crlf':
          at = this.#readLine(buffer, at, end, 2, 'STRICT', (line) => {
            if (line !== '') throw parseError('Missing CRLF after chunk data', 'STRICT');
            this.#state = 'chunk-size';
          });
          break;
        case 'trailers':
          at = this.#readLine(buffer, at, end, MAX_HEAD_BYTES, 'HEADER_OVERFLOW', (line) =>
            this.#onTrailer(line),
          );
          break;
        case 'done':
          return at;
      }
    }
    if (this.#state === 'length' && this.#remaining === 0) this.#state = 'done';
    return at;
  }

  /** The connection ended: completes a read-until-close body, else throws (a response cut short). */
  end(): void {
    if (this.#state === 'done') return;
    if (this.#state === 'close') {
      this.#state = 'done';
      return;
    }
    throw new errors.SocketError('other side closed');
  }

  #readHead(buffer: Buffer, start: number, end: number): number {
    const before = this.#head.length;
    const room = MAX_HEAD_BYTES - before;
    const piece = buffer.subarray(start, Math.min(end, start + room));
    // Copy: the head may straddle reads and the caller's buffer is reused.
    this.#head = Buffer.concat([this.#head, piece]);
    const found = this.#head.indexOf(CRLF_CRLF, Math.max(0, before - 3));
    if (found === -1) {
      if (this.#head.length >= MAX_HEAD_BYTES)
        throw parseError('Response head too large', 'HEADER_OVERFLOW');
      return start + piece.length;
    }
    const headEnd = found + 4;
    const text = this.#head.toString('latin1', 0, found);
    this.#head = Buffer.alloc(0);
    this.#onHead(text);
    return start + (headEnd - before);
  }

  #onHead(text: string): void {
    const lines = text.split('\r\n');
    const statusMatch = STATUS_LINE.exec(lines[0] ?? '');
    if (!statusMatch) throw parseError('Invalid status line', 'INVALID_STATUS');
    const status = Number(statusMatch[1]);
    const version = (lines[0] as string).slice(0, 8);
    const headers: ResponseHeaders = {};
    for (let index = 1; index < lines.length; index++) addField(headers, lines[index] as string);

    if (status === 101) throw parseError('Unexpected protocol switch (101)', 'INVALID_STATUS');
    if (status < 200) return; // 1xx: skip it and read the next head (RFC 9110 §15.2)

    const connection = listOf(headers['connection']).map((token) => token.toLowerCase());
    this.#keepAlive =
      version === 'HTTP/1.1' ? !connection.includes('close') : connection.includes('keep-alive');
    this.#framing = framingOf(status, headers);
    this.#events.onHead({ status, headers });
    switch (this.#framing) {
      case 'none':
        this.#state = 'done';
        break;
      case 'length':
        this.#remaining = Number(headers['content-length']);
        this.#state = this.#remaining === 0 ? 'done' : 'length';
        break;
      case 'chunked':
        this.#state = 'chunk-size';
        break;
      case 'close':
        this.#state = 'close';
        break;
    }
  }

  /** Read up to a CRLF, accumulating across reads (copying at most `max` bytes), then hand the line over. */
  #readLine(
    buffer: Buffer,
    start: number,
    end: number,
    max: number,
    code: string,
    onLine: (line: string) => void,
  ): number {
    const newline = buffer.indexOf(10, start);
    const stop = newline === -1 || newline >= end ? end : newline + 1;
    this.#line += buffer.toString('latin1', start, stop);
    if (this.#line.length > max + 2) throw parseError('Line too long', code);
    if (stop === end && !this.#line.endsWith('\n')) return stop;
    if (!this.#line.endsWith('\r\n'))
      throw parseError('Line not ended by CRLF', code === 'STRICT' ? 'STRICT' : 'LF_EXPECTED');
    const line = this.#line.slice(0, -2);
    this.#line = '';
    onLine(line);
    return stop;
  }

  #onChunkSize(line: string): void {
    const match = CHUNK_LINE.exec(line);
    if (!match) throw parseError('Invalid chunk size line', 'INVALID_CHUNK_SIZE');
    const size = parseInt(match[1] as string, 16);
    if (!Number.isSafeInteger(size)) throw parseError('Chunk size too large', 'INVALID_CHUNK_SIZE');
    this.#remaining = size;
    this.#state = size === 0 ? 'trailers' : 'chunk-data';
  }

  #onTrailer(line: string): void {
    if (line === '') {
      this.#state = 'done';
      return;
    }
    this.#trailerBytes += line.length + 2;
    if (this.#trailerBytes > MAX_HEAD_BYTES)
      throw parseError('Trailer section too large', 'HEADER_OVERFLOW');
    addField({}, line); // validated, then dropped: a download keeps no trailers
  }
}

/** Add one `name: value` field line to `headers`, refusing obs-fold, bad names and bad values. */
function addField(headers: ResponseHeaders, line: string): void {
  const colon = line.indexOf(':');
  const name = colon > 0 ? line.slice(0, colon) : '';
  if (!TOKEN.test(name))
    throw parseError(
      line.startsWith(' ') || line.startsWith('\t')
        ? 'Obsolete line folding'
        : 'Invalid header field name',
      'INVALID_HEADER_TOKEN',
    );
  const value = line.slice(colon + 1).replace(/^[\t ]+|[\t ]+$/g, '');
  if (!FIELD_VALUE.test(value))
    throw parseError('Invalid header field value', 'INVALID_HEADER_TOKEN');
  const key = name.toLowerCase();
  const existing = headers[key];
  if (existing === undefined) headers[key] = value;
  else if (Array.isArray(existing)) existing.push(value);
  else headers[key] = [existing, value];
}

/** Comma-separated list members of one or more field lines, trimmed, empty members dropped. */
function listOf(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value])
    .flatMap((line) => line.split(','))
    .map((member) => member.trim())
    .filter(Boolean);
}

/** RFC 9112 §6.3, for a response to GET. */
function framingOf(status: number, headers: ResponseHeaders): BodyFraming {
  if (status === 204 || status === 304) return 'none';
  const codings = listOf(headers['transfer-encoding']).map((coding) => coding.toLowerCase());
  const lengths = listOf(headers['content-length']);
  if (codings.length > 0) {
    if (headers['content-length'] !== undefined)
      throw parseError('Both Transfer-Encoding and Content-Length', 'UNEXPECTED_CONTENT_LENGTH');
    const chunkedAt = codings.indexOf('chunked');
    // Chunked may be applied once only (RFC 9112 §7.1).
    if (chunkedAt !== codings.lastIndexOf('chunked'))
      throw parseError('Invalid Transfer-Encoding', 'INVALID_TRANSFER_ENCODING');
    if (chunkedAt === codings.length - 1) return 'chunked';
    return 'close'; // chunked is not the final coding: read until the connection closes (§6.3 ¶4)
  }
  if (headers['content-length'] !== undefined) {
    const first = lengths[0];
    if (
      first === undefined ||
      !/^\d{1,15}$/.test(first) ||
      lengths.some((length) => length !== first)
    )
      throw parseError('Invalid Content-Length', 'INVALID_CONTENT_LENGTH');
    headers['content-length'] = String(Number(first));
    return 'length';
  }
  return 'close';
}
