import { startRawServer, type StalledListener } from '@ad-pipeline/test-support';
import type { Socket } from 'node:net';
import fc from 'fast-check';
import { Client } from 'undici';
import { ResponseParser, type ResponseHead } from './response-parser.js';

interface Parsed {
  head?: ResponseHead;
  body: Buffer;
  complete: boolean;
  error?: { name: string; code?: string };
}

/**
 * Feed `bytes` to a parser in pieces cut at `cuts`, through one reused buffer (as the socket path
 * does), then signal the end of the connection when `close`.
 */
function parse(bytes: Buffer, cuts: number[] = [], close = true): Parsed {
  const reused = Buffer.alloc(bytes.length + 1);
  const body: Buffer[] = [];
  const result: Parsed = { body: Buffer.alloc(0), complete: false };
  const parser = new ResponseParser({
    onHead: (head) => (result.head = head),
    onBody: (buffer, start, end) => body.push(Buffer.from(buffer.subarray(start, end))),
  });
  const bounds = [
    0,
    ...[...new Set(cuts)].filter((cut) => cut > 0 && cut < bytes.length).sort((a, b) => a - b),
    bytes.length,
  ];
  try {
    for (let index = 0; index + 1 < bounds.length && !parser.complete; index++) {
      const piece = bytes.subarray(bounds[index], bounds[index + 1]);
      reused.fill(0xee); // what the previous read left must never leak into this one
      piece.copy(reused);
      parser.execute(reused, 0, piece.length);
    }
    if (close) parser.end();
  } catch (error) {
    const { name, code } = error as { name: string; code?: string };
    result.error = code === undefined ? { name } : { name, code };
  }
  result.body = Buffer.concat(body);
  result.complete = parser.complete;
  return result;
}

const text = (lines: string[], body = '') => Buffer.from(lines.join('\r\n') + body, 'latin1');
/** A smuggling sign both parsers must refuse (RFC 9112 §6.3 ¶3). */
const TE_AND_CONTENT_LENGTH = text([
  'HTTP/1.1 200 OK',
  'Transfer-Encoding: chunked',
  'Content-Length: 3',
  '',
  '3',
  'abc',
  '0',
  '',
  '',
]);

describe('ResponseParser', () => {
  test('Content-Length body, exact, with what follows left unread', () => {
    const bytes = text(
      [
        'HTTP/1.1 200 OK',
        'Content-Length: 5',
        'ETag: "a"',
        'Set-Cookie: a',
        'Set-Cookie: b',
        '',
        '',
      ],
      'helloEXTRA',
    );
    const parser = new ResponseParser({ onHead: () => undefined, onBody: () => undefined });
    expect(parser.execute(bytes)).toBe(bytes.length - 5);
    const parsed = parse(bytes);
    expect(parsed.head).toEqual({
      status: 200,
      headers: { 'content-length': '5', etag: '"a"', 'set-cookie': ['a', 'b'] },
    });
    expect(parsed.body.toString()).toBe('hello');
    expect(parsed.complete).toBe(true);
  });

  test('chunked with extensions and trailers', () => {
    const bytes = text([
      'HTTP/1.1 200 OK',
      'Transfer-Encoding: chunked',
      '',
      '5;name=value;flag',
      'hello',
      'A;x="q"',
      '0123456789',
      '0',
      'Trailer-Field: yes',
      '',
      '',
    ]);
    const parsed = parse(bytes);
    expect(parsed.error).toBeUndefined();
    expect(parsed.body.toString()).toBe('hello0123456789');
    expect(parsed.complete).toBe(true);
  });

  test('1xx responses are skipped; the final head is reported', () => {
    const bytes = text(
      [
        'HTTP/1.1 100 Continue',
        '',
        'HTTP/1.1 103 Early Hints',
        'Link: </a>',
        '',
        'HTTP/1.1 200 OK',
        'Content-Length: 2',
        '',
        '',
      ],
      'ok',
    );
    const parsed = parse(bytes);
    expect(parsed.head?.status).toBe(200);
    expect(parsed.body.toString()).toBe('ok');
  });

  test('204 and 304 have no body whatever their headers say', () => {
    for (const status of [204, 304]) {
      const parsed = parse(text([`HTTP/1.1 ${status} X`, 'Content-Length: 10', '', '']), [], false);
      expect(parsed.complete).toBe(true);
      expect(parsed.body.length).toBe(0);
    }
  });

  test('without Content-Length or chunked, the body runs until the connection closes', () => {
    const bytes = text(['HTTP/1.1 200 OK', '', ''], 'all of it');
    expect(parse(bytes, [], false).complete).toBe(false);
    expect(parse(bytes).body.toString()).toBe('all of it');
    // chunked not last: read until close too (RFC 9112 §6.3)
    expect(
      parse(
        text(['HTTP/1.1 200 OK', 'Transfer-Encoding: chunked, gzip', '', ''], 'zz'),
      ).body.toString(),
    ).toBe('zz');
  });

  test('keep-alive follows the version and Connection', () => {
    const keepAlive = (lines: string[]) => {
      const parser = new ResponseParser({ onHead: () => undefined, onBody: () => undefined });
      parser.execute(text([...lines, 'Content-Length: 0', '', '']));
      return parser.keepAlive;
    };
    expect(keepAlive(['HTTP/1.1 200 OK'])).toBe(true);
    expect(keepAlive(['HTTP/1.1 200 OK', 'Connection: close'])).toBe(false);
    expect(keepAlive(['HTTP/1.0 200 OK'])).toBe(false);
    expect(keepAlive(['HTTP/1.0 200 OK', 'Connection: keep-alive'])).toBe(true);
  });

  test.each([
    [
      'a cut Content-Length body',
      text(['HTTP/1.1 200 OK', 'Content-Length: 10', '', ''], 'short'),
      'SocketError',
      'UND_ERR_SOCKET',
    ],
    [
      'a cut chunked body',
      text(['HTTP/1.1 200 OK', 'Transfer-Encoding: chunked', '', 'a', 'short']),
      'SocketError',
      'UND_ERR_SOCKET',
    ],
    ['nothing at all', Buffer.alloc(0), 'SocketError', 'UND_ERR_SOCKET'],
    ['a cut head', Buffer.from('HTTP/1.1 200 OK\r\nContent-Le'), 'SocketError', 'UND_ERR_SOCKET'],
    ['a bad status line', text(['HTTP/2 200 OK', '', '']), 'HTTPParserError', 'HPE_INVALID_STATUS'],
    [
      'a status out of range',
      text(['HTTP/1.1 099 Low', '', '']),
      'HTTPParserError',
      'HPE_INVALID_STATUS',
    ],
    [
      '101 Switching Protocols',
      text(['HTTP/1.1 101 Switching', 'Upgrade: x', '', '']),
      'HTTPParserError',
      'HPE_INVALID_STATUS',
    ],
    [
      'obs-fold',
      text(['HTTP/1.1 200 OK', 'X-A: a', ' folded', 'Content-Length: 0', '', '']),
      'HTTPParserError',
      'HPE_INVALID_HEADER_TOKEN',
    ],
    [
      'space before the colon',
      text(['HTTP/1.1 200 OK', 'Content-Length : 1', '', 'x']),
      'HTTPParserError',
      'HPE_INVALID_HEADER_TOKEN',
    ],
    [
      'a bare LF in the head',
      Buffer.from('HTTP/1.1 200 OK\nContent-Length: 1\r\n\r\nx'),
      'HTTPParserError',
      'HPE_INVALID_STATUS',
    ],
    [
      'a NUL in a value',
      text(['HTTP/1.1 200 OK', 'X-A: a\0b', 'Content-Length: 0', '', '']),
      'HTTPParserError',
      'HPE_INVALID_HEADER_TOKEN',
    ],
    [
      'Transfer-Encoding with Content-Length',
      TE_AND_CONTENT_LENGTH,
      'HTTPParserError',
      'HPE_UNEXPECTED_CONTENT_LENGTH',
    ],
    [
      'two different Content-Lengths',
      text(['HTTP/1.1 200 OK', 'Content-Length: 3', 'Content-Length: 4', '', 'abcd']),
      'HTTPParserError',
      'HPE_INVALID_CONTENT_LENGTH',
    ],
    [
      'a negative Content-Length',
      text(['HTTP/1.1 200 OK', 'Content-Length: -1', '', '']),
      'HTTPParserError',
      'HPE_INVALID_CONTENT_LENGTH',
    ],
    [
      'a Content-Length with a sign',
      text(['HTTP/1.1 200 OK', 'Content-Length: +3', '', 'abc']),
      'HTTPParserError',
      'HPE_INVALID_CONTENT_LENGTH',
    ],
    [
      'chunked twice',
      text(['HTTP/1.1 200 OK', 'Transfer-Encoding: chunked, chunked', '', '0', '', '']),
      'HTTPParserError',
      'HPE_INVALID_TRANSFER_ENCODING',
    ],
    [
      'a chunk size that is not hex',
      text(['HTTP/1.1 200 OK', 'Transfer-Encoding: chunked', '', 'zz', '']),
      'HTTPParserError',
      'HPE_INVALID_CHUNK_SIZE',
    ],
    [
      'a negative chunk size',
      text(['HTTP/1.1 200 OK', 'Transfer-Encoding: chunked', '', '-1', '']),
      'HTTPParserError',
      'HPE_INVALID_CHUNK_SIZE',
    ],
    [
      'an enormous chunk size',
      text(['HTTP/1.1 200 OK', 'Transfer-Encoding: chunked', '', 'fffffffffffffffff', '']),
      'HTTPParserError',
      'HPE_INVALID_CHUNK_SIZE',
    ],
    [
      'chunk data longer than its size',
      text(['HTTP/1.1 200 OK', 'Transfer-Encoding: chunked', '', '2', 'abc', '0', '', '']),
      'HTTPParserError',
      'HPE_STRICT',
    ],
    [
      'an endless head',
      Buffer.from(`HTTP/1.1 200 OK\r\nX-A: ${'a'.repeat(70_000)}`),
      'HTTPParserError',
      'HPE_HEADER_OVERFLOW',
    ],
    [
      'an endless chunk-size line',
      text(['HTTP/1.1 200 OK', 'Transfer-Encoding: chunked', '', `1;${'x'.repeat(5000)}`]),
      'HTTPParserError',
      'HPE_INVALID_CHUNK_SIZE',
    ],
    [
      'a bad trailer',
      text(['HTTP/1.1 200 OK', 'Transfer-Encoding: chunked', '', '0', 'bad trailer', '', '']),
      'HTTPParserError',
      'HPE_INVALID_HEADER_TOKEN',
    ],
  ])('refuses %s', (_name, bytes, name, code) => {
    for (const cuts of [[], [1, 17, 18, 30, 31, 40]]) {
      const parsed = parse(bytes, cuts);
      expect(parsed.error).toEqual(code === undefined ? { name } : { name, code });
    }
  });
});

/** A well-formed response: random headers, a body framed by Content-Length, chunks (with extensions and trailers) or close. */
const responseArbitrary = fc
  .record({
    status: fc.constantFrom(200, 201, 203, 206, 299),
    interim: fc.boolean(),
    names: fc.uniqueArray(fc.stringMatching(/^x-[a-z0-9-]{1,12}$/), { maxLength: 5 }),
    value: fc.stringMatching(/^[!-~]([ !-~]{0,30}[!-~])?$/),
    body: fc.uint8Array({ maxLength: 3000 }),
    framing: fc.constantFrom('length', 'chunked', 'close'),
    chunkSizes: fc.array(fc.integer({ min: 1, max: 700 }), { minLength: 1, maxLength: 8 }),
    extension: fc.constantFrom('', ';a', ';a=b', ';name="quoted \\"value\\""', ';a;b=c'),
    upperHex: fc.boolean(),
    trailers: fc.boolean(),
  })
  .map((spec) => {
    const body = Buffer.from(spec.body);
    const head = [
      `HTTP/1.1 ${spec.status} Reason`,
      ...spec.names.map((name) => `${name}: ${spec.value}`),
    ];
    const interim = spec.interim ? 'HTTP/1.1 100 Continue\r\n\r\n' : '';
    if (spec.framing === 'length') head.push(`Content-Length: ${body.length}`);
    if (spec.framing === 'chunked') head.push('Transfer-Encoding: chunked');
    if (spec.framing === 'close') head.push('Connection: close');
    const parts = [Buffer.from(interim + head.join('\r\n') + '\r\n\r\n', 'latin1')];
    if (spec.framing !== 'chunked') parts.push(body);
    else {
      let at = 0;
      for (let index = 0; at < body.length; index++) {
        const size = Math.min(
          spec.chunkSizes[index % spec.chunkSizes.length] as number,
          body.length - at,
        );
        const hex = spec.upperHex ? size.toString(16).toUpperCase() : size.toString(16);
        parts.push(
          Buffer.from(`${hex}${spec.extension}\r\n`),
          body.subarray(at, at + size),
          Buffer.from('\r\n'),
        );
        at += size;
      }
      parts.push(
        Buffer.from(`0${spec.extension}\r\n${spec.trailers ? 'X-Checksum: abc\r\n' : ''}\r\n`),
      );
    }
    return {
      bytes: Buffer.concat(parts),
      body,
      status: spec.status,
      framing: spec.framing,
      interim: spec.interim,
    };
  });

describe('ResponseParser (properties)', () => {
  test('every well-formed response gives back its status and body, however the bytes are cut', () => {
    fc.assert(
      fc.property(
        responseArbitrary,
        fc.array(fc.nat(4000), { maxLength: 12 }),
        (response, cuts) => {
          const parsed = parse(response.bytes, cuts);
          expect(parsed.error).toBeUndefined();
          expect(parsed.head?.status).toBe(response.status);
          expect(parsed.body.equals(response.body)).toBe(true);
          expect(parsed.complete).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  test('arbitrary bytes never crash it: a result or an HTTPParserError/SocketError, never a body past the input', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 400 }),
        fc.array(fc.nat(400), { maxLength: 6 }),
        (raw, cuts) => {
          const bytes = Buffer.concat([Buffer.from('HTTP/1.1 200 OK\r\n'), Buffer.from(raw)]);
          const parsed = parse(bytes, cuts);
          if (parsed.error) expect(['HTTPParserError', 'SocketError']).toContain(parsed.error.name);
          expect(parsed.body.length).toBeLessThanOrEqual(bytes.length);
        },
      ),
      { numRuns: 500 },
    );
  });
});

/** The shared raw TCP server answering every connection with the bytes of `next`. */
async function rawServer(): Promise<{
  server: StalledListener;
  port: number;
  next: { bytes: Buffer };
}> {
  const next = { bytes: Buffer.alloc(0) };
  const server = await startRawServer((socket: Socket) => {
    socket.once('data', () => socket.end(next.bytes));
  });
  return { server, port: server.port, next };
}

/** What undici makes of a response: status and body, or the error it raised. */
async function undiciParse(
  port: number,
): Promise<{ status?: number; body?: Buffer; failed: boolean }> {
  const client = new Client(`http://127.0.0.1:${port}`, { pipelining: 0 });
  try {
    const response = await client.request({
      path: '/',
      method: 'GET',
      headers: { connection: 'close' },
    });
    return {
      status: response.statusCode,
      body: Buffer.from(await response.body.arrayBuffer()),
      failed: false,
    };
  } catch {
    return { failed: true };
  } finally {
    await client.destroy();
  }
}

describe('ResponseParser against undici (differential)', () => {
  let raw: Awaited<ReturnType<typeof rawServer>>;
  beforeAll(async () => {
    raw = await rawServer();
  });
  afterAll(async () => {
    await raw.server.close();
  });

  test('the same status and body as undici on the same well-formed responses', async () => {
    await fc.assert(
      // Without an interim 100: undici 7 refuses an unsolicited 1xx ("bad response"), which RFC 9110
      // §15.2 says to skip (spec 6.1); the parser skips it, tested above.
      fc.asyncProperty(
        responseArbitrary.filter((response) => !response.interim),
        async (response) => {
          raw.next.bytes = response.bytes;
          const theirs = await undiciParse(raw.port);
          const ours = parse(response.bytes);
          expect(theirs.failed).toBe(false);
          expect(ours.head?.status).toBe(theirs.status);
          expect(ours.body.equals(theirs.body as Buffer)).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });

  test.each([
    [
      'two different Content-Lengths',
      text(['HTTP/1.1 200 OK', 'Content-Length: 3', 'Content-Length: 4', '', 'abcd']),
    ],
    ['Transfer-Encoding with Content-Length', TE_AND_CONTENT_LENGTH],
    [
      'a chunk size that is not hex',
      text(['HTTP/1.1 200 OK', 'Transfer-Encoding: chunked', '', 'zz', '', '']),
    ],
    [
      'whitespace before a chunk extension',
      text(['HTTP/1.1 200 OK', 'Transfer-Encoding: chunked', '', '0 ;a', '', '']),
    ],
    [
      'whitespace inside a chunk extension',
      text(['HTTP/1.1 200 OK', 'Transfer-Encoding: chunked', '', '0;a = b', '', '']),
    ],
    [
      'chunk data longer than its size',
      text(['HTTP/1.1 200 OK', 'Transfer-Encoding: chunked', '', '2', 'abc', '0', '', '']),
    ],
    ['a cut Content-Length body', text(['HTTP/1.1 200 OK', 'Content-Length: 10', '', ''], 'short')],
    [
      'a cut chunked body',
      text(['HTTP/1.1 200 OK', 'Transfer-Encoding: chunked', '', 'a', 'short']),
    ],
    ['a bad status line', text(['HTTP/2 200 OK', 'Content-Length: 0', '', ''])],
    [
      'a NUL in a header value',
      text(['HTTP/1.1 200 OK', 'X-A: a\0b', 'Content-Length: 0', '', '']),
    ],
  ])('refuses %s, as undici does', async (_name, bytes) => {
    raw.next.bytes = bytes;
    expect((await undiciParse(raw.port)).failed).toBe(true);
    expect(parse(bytes).error).toBeDefined();
  });
});
