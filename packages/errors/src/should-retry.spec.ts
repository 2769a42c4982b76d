import fc from 'fast-check';
import { errors as undiciErrors } from 'undici';
import {
  APIError,
  isRetryableStatus,
  PipelineError,
  shouldRetry,
  ValidationError,
} from './index.js';

function errno(code: string, syscall = 'connect'): NodeJS.ErrnoException {
  return Object.assign(new Error(`${syscall} ${code}`), { code, syscall, errno: -1 });
}

describe('shouldRetry', () => {
  it('follows a PipelineError', () => {
    expect(shouldRetry(new PipelineError('API_TIMEOUT', 'x'))).toBe(true);
    expect(
      shouldRetry(new PipelineError('ASSET_DOWNLOAD_FAILED', '404', {}, { retryable: false })),
    ).toBe(false);
    expect(shouldRetry(new ValidationError('x'))).toBe(false);
    expect(shouldRetry(new APIError('claude', 'x', 529))).toBe(true);
  });

  it('trusts a PipelineError over its cause', () => {
    const error = new PipelineError('INVALID_INPUT', 'x', {}, { cause: errno('ECONNRESET') });
    expect(shouldRetry(error)).toBe(false);
  });

  it.each([
    'ECONNRESET',
    'ECONNREFUSED',
    'ECONNABORTED',
    'ETIMEDOUT',
    'EPIPE',
    'EAI_AGAIN',
    'ENOTFOUND',
    'ENETUNREACH',
    'ENETDOWN',
    'EHOSTUNREACH',
    'EHOSTDOWN',
  ])('retries the network errno %s', (code) => {
    expect(shouldRetry(errno(code))).toBe(true);
  });

  it.each(['ENOENT', 'EACCES', 'EPERM', 'ENOSPC', 'EISDIR', 'EEXIST', 'ERR_INVALID_ARG_TYPE'])(
    'does not retry %s',
    (code) => {
      expect(shouldRetry(errno(code, 'open'))).toBe(false);
    },
  );

  it.each([
    ['SocketError', new undiciErrors.SocketError('other side closed')],
    ['ConnectTimeoutError', new undiciErrors.ConnectTimeoutError()],
    ['HeadersTimeoutError', new undiciErrors.HeadersTimeoutError()],
    ['BodyTimeoutError', new undiciErrors.BodyTimeoutError()],
    ['ClientClosedError', new undiciErrors.ClientClosedError()],
    ['ResponseContentLengthMismatchError', new undiciErrors.ResponseContentLengthMismatchError()],
  ])('retries undici %s', (_, error) => {
    expect(shouldRetry(error)).toBe(true);
  });

  it.each([
    ['RequestAbortedError', new undiciErrors.RequestAbortedError()],
    ['InvalidArgumentError', new undiciErrors.InvalidArgumentError('bad')],
    ['HeadersOverflowError', new undiciErrors.HeadersOverflowError()],
    ['ResponseExceededMaxSizeError', new undiciErrors.ResponseExceededMaxSizeError()],
  ])('does not retry undici %s', (_, error) => {
    expect(shouldRetry(error)).toBe(false);
  });

  it('retries a TimeoutError, by name', () => {
    expect(shouldRetry(new DOMException('The operation timed out.', 'TimeoutError'))).toBe(true);
    expect(shouldRetry(Object.assign(new Error('t'), { name: 'TimeoutError' }))).toBe(true);
  });

  it('retries an abort caused by a timeout, not a plain abort', () => {
    const timeout = new DOMException('The operation timed out.', 'TimeoutError');
    const userAbort = new DOMException('This operation was aborted', 'AbortError');
    expect(shouldRetry(userAbort)).toBe(false);
    expect(
      shouldRetry(Object.assign(new Error('aborted'), { name: 'AbortError', cause: timeout })),
    ).toBe(true);
    expect(shouldRetry(new undiciErrors.RequestAbortedError())).toBe(false);
    const controller = new AbortController();
    controller.abort();
    expect(shouldRetry(controller.signal.reason)).toBe(false);
  });

  it.each([408, 425, 429, 500, 502, 503, 504, 507, 599])('retries HTTP %i', (status) => {
    expect(shouldRetry({ status })).toBe(true);
    expect(shouldRetry(Object.assign(new Error('http'), { statusCode: status }))).toBe(true);
  });

  it.each([200, 301, 400, 401, 403, 404, 409, 410, 422, 501, 505])(
    'does not retry HTTP %i',
    (status) => {
      expect(shouldRetry({ status })).toBe(false);
      expect(shouldRetry({ statusCode: status })).toBe(false);
    },
  );

  it('ignores a status that is not an HTTP status', () => {
    expect(shouldRetry({ status: 'failed' })).toBe(false);
    expect(shouldRetry({ status: 5000 })).toBe(false);
  });

  it('walks the cause chain: fetch failed ← ECONNRESET', () => {
    expect(shouldRetry(new TypeError('fetch failed', { cause: errno('ECONNRESET') }))).toBe(true);
    expect(shouldRetry(new Error('a', { cause: new Error('b', { cause: { status: 503 } }) }))).toBe(
      true,
    );
    expect(shouldRetry(new TypeError('fetch failed', { cause: errno('ENOENT', 'open') }))).toBe(
      false,
    );
  });

  it('stops on a cause cycle and on very deep chains', () => {
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    (a as { cause?: unknown }).cause = b;
    expect(shouldRetry(a)).toBe(false);
    let deep: unknown = errno('ECONNRESET');
    for (let i = 0; i < 50; i += 1) deep = new Error(`level ${i}`, { cause: deep });
    expect(shouldRetry(deep)).toBe(false);
  });

  it('retries an AggregateError when one of its errors is retryable', () => {
    expect(shouldRetry(new AggregateError([errno('ENOENT'), errno('ECONNREFUSED')]))).toBe(true);
    expect(shouldRetry(new AggregateError([errno('ENOENT')]))).toBe(false);
    const self = new AggregateError([]);
    (self.errors as unknown[]).push(self);
    expect(shouldRetry(self)).toBe(false);
  });

  it.each([undefined, null, 'ECONNRESET', 503, true, {}, new Error('boom'), new TypeError('x')])(
    'says no to %p',
    (value) => {
      expect(shouldRetry(value)).toBe(false);
    },
  );

  it('never throws, whatever is thrown', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        expect(typeof shouldRetry(value)).toBe('boolean');
      }),
    );
  });
});

describe('isRetryableStatus', () => {
  it('accepts exactly 408, 425, 429 and 5xx but 501/505', () => {
    const retryable = Array.from({ length: 500 }, (_, i) => i + 100).filter(isRetryableStatus);
    const expected = [
      408,
      425,
      429,
      ...Array.from({ length: 100 }, (_, i) => 500 + i).filter((s) => s !== 501 && s !== 505),
    ];
    expect(retryable).toEqual(expected);
  });
});
