import fc from 'fast-check';
import { isSecretKey, redact, redactText, redactUrl } from './index.js';

describe('isSecretKey', () => {
  it.each([
    'token',
    'TOKEN',
    'access_token',
    'accessToken',
    'refresh-token',
    'apiKey',
    'api_key',
    'API-KEY',
    'x-api-key',
    'X-Api-Key',
    'authorization',
    'Proxy-Authorization',
    'password',
    'passwd',
    'userPassword',
    'secret',
    'client_secret',
    'signature',
    'cookie',
    'Set-Cookie',
    'credentials',
    'credential',
    'private_key',
    'privateKey',
    'session',
    'sessionId',
    'auth',
  ])('treats %s as secret', (key) => {
    expect(isSecretKey(key)).toBe(true);
  });

  it.each([
    'maxTokens',
    'tokenCount',
    'key',
    'path',
    'author',
    'upstreamStatus',
    'field',
    'service',
    'url',
  ])('leaves %s alone', (key) => {
    expect(isSecretKey(key)).toBe(false);
  });
});

describe('redactUrl', () => {
  it('drops the whole query of an S3 presigned URL', () => {
    const url =
      'https://bucket.s3.amazonaws.com/ads/clip.mp4?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIA%2F20260101&X-Amz-Signature=abcdef';
    expect(redactUrl(url)).toBe('https://bucket.s3.amazonaws.com/ads/clip.mp4?[REDACTED]');
  });

  it.each([
    [
      'CloudFront',
      'https://d1.cloudfront.net/v.mp4?Expires=1700000000&Signature=abc~&Key-Pair-Id=K2',
    ],
    [
      'GCS',
      'https://storage.googleapis.com/b/o.png?X-Goog-Algorithm=GOOG4&X-Goog-Signature=deadbeef',
    ],
    [
      'Azure SAS',
      'https://acct.blob.core.windows.net/c/b.wav?sv=2022-11-02&se=2026-01-01&sp=r&sig=AbC%3D',
    ],
    ['token', 'https://api.example.com/file?token=s3cr3t'],
    ['api_key', 'https://api.example.com/file?id=1&api_key=s3cr3t'],
    ['key', 'https://maps.example.com/x?key=s3cr3t'],
    ['access_token', 'https://api.example.com/file?ACCESS_TOKEN=s3cr3t'],
  ])('drops a %s query', (_, url) => {
    const redacted = redactUrl(url);
    expect(redacted.endsWith('?[REDACTED]')).toBe(true);
    expect(redacted).not.toMatch(/s3cr3t|abc|deadbeef|AbC|K2/);
  });

  it('strips user info', () => {
    expect(redactUrl('https://user:pa55@example.com/a')).toBe('https://example.com/a');
    expect(redactUrl('redis://:pa55@cache:6379/0')).toBe('redis://cache:6379/0');
  });

  it('drops a fragment carrying a token', () => {
    expect(redactUrl('https://app.example.com/cb#access_token=s3cr3t&x=1')).toBe(
      'https://app.example.com/cb#[REDACTED]',
    );
  });

  it('returns a URL without secrets byte for byte', () => {
    for (const url of [
      'https://Example.com/a?page=2&q=shoes#top',
      'http://127.0.0.1:8080',
      'file:///tmp/a.mp4',
    ]) {
      expect(redactUrl(url)).toBe(url);
    }
  });

  it('still removes secrets from an unparseable URL', () => {
    expect(redactUrl('http://us:pw@[bad/x?token=1')).toBe('http://[bad/x?[REDACTED]');
  });
});

describe('redactText', () => {
  it('redacts every URL inside prose', () => {
    const text =
      'GET https://u:p@a.com/x?sig=1 failed, then "https://b.com/y?X-Amz-Signature=2". Fine: https://c.com/z?page=1';
    expect(redactText(text)).toBe(
      'GET https://a.com/x?[REDACTED] failed, then "https://b.com/y?[REDACTED]". Fine: https://c.com/z?page=1',
    );
  });

  it('leaves text without URLs untouched', () => {
    expect(redactText('plain message: 42')).toBe('plain message: 42');
  });
});

describe('redact', () => {
  it('redacts secret keys at any depth and in arrays, any case', () => {
    const input = {
      service: 'replicate',
      headers: { Authorization: 'Bearer abc', 'X-API-KEY': 'k', accept: 'video/mp4' },
      attempts: [{ url: 'https://x.com/a?token=t', Password: 'p' }, 'https://u:p@y.com/'],
      nested: { deeper: { client_secret: { any: 'shape' }, cookie: ['a', 'b'] } },
    };
    expect(redact(input)).toEqual({
      service: 'replicate',
      headers: { Authorization: '[REDACTED]', 'X-API-KEY': '[REDACTED]', accept: 'video/mp4' },
      attempts: [{ url: 'https://x.com/a?[REDACTED]', Password: '[REDACTED]' }, 'https://y.com/'],
      nested: { deeper: { client_secret: '[REDACTED]', cookie: '[REDACTED]' } },
    });
  });

  it('never mutates its input', () => {
    const input = { token: 't', list: [{ apiKey: 'k' }], url: 'https://a.com/?sig=1' };
    const before = structuredClone(input);
    redact(input);
    expect(input).toEqual(before);
  });

  it('replaces cycles, keeps shared references', () => {
    const shared = { n: 1 };
    const input: Record<string, unknown> = { a: shared, b: shared };
    input['self'] = input;
    expect(redact(input)).toEqual({ a: { n: 1 }, b: { n: 1 }, self: '[Circular]' });
  });

  it('makes BigInt, errors, dates, URLs, maps, sets and binary JSON-safe', () => {
    const error = Object.assign(new Error('read https://u:p@a.com/f failed'), { code: 'ENOENT' });
    const output = redact({
      big: 10n ** 20n,
      error,
      when: new Date(0),
      bad: new Date(NaN),
      link: new URL('https://a.com/f?X-Amz-Signature=1'),
      map: new Map<unknown, unknown>([[1, { secret: 's' }]]),
      set: new Set(['x']),
      bytes: Buffer.from('hello'),
      fn: () => 1,
    });
    expect(output).toEqual({
      big: '100000000000000000000',
      error: { name: 'Error', message: 'read https://a.com/f failed', code: 'ENOENT' },
      when: '1970-01-01T00:00:00.000Z',
      bad: null,
      link: 'https://a.com/f?[REDACTED]',
      map: { '1': { secret: '[REDACTED]' } },
      set: ['x'],
      bytes: '[Buffer 5 bytes]',
    });
  });

  it('redacts fetch Headers like any object', () => {
    const headers = new Headers({ authorization: 'Bearer t', 'content-type': 'video/mp4' });
    expect(redact({ headers })).toEqual({
      headers: { authorization: '[REDACTED]', 'content-type': 'video/mp4' },
    });
  });

  it('keeps a parsed __proto__ key as plain data', () => {
    const output = redact(JSON.parse('{"__proto__": {"polluted": true}, "a": 1}')) as Record<
      string,
      unknown
    >;
    expect(Object.getPrototypeOf(output)).toBe(Object.prototype);
    expect(Object.keys(output)).toEqual(['__proto__', 'a']);
    expect(JSON.stringify(output)).toBe('{"__proto__":{"polluted":true},"a":1}');
  });

  it('survives throwing getters and toJSON', () => {
    const hostile = {
      get boom(): string {
        throw new Error('getter');
      },
    };
    const badJson = {
      toJSON: () => {
        throw new Error('toJSON');
      },
    };
    expect(redact({ hostile, badJson, ok: 1 })).toEqual({
      hostile: '[Unserializable]',
      badJson: '[Unserializable]',
      ok: 1,
    });
  });

  it('cuts off absurd nesting', () => {
    let deep: Record<string, unknown> = { leaf: true };
    for (let i = 0; i < 100; i += 1) deep = { deep };
    expect(JSON.stringify(redact(deep))).toContain('[Truncated]');
  });

  it('always returns something JSON.stringify accepts', () => {
    fc.assert(
      fc.property(
        fc.anything({
          withBigInt: true,
          withDate: true,
          withMap: true,
          withSet: true,
          withTypedArray: true,
        }),
        (value) => {
          expect(() => JSON.stringify(redact(value))).not.toThrow();
        },
      ),
    );
  });
});
