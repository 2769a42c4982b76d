import fc from 'fast-check';
import { errors as undiciErrors } from 'undici';
import {
  categorizeError,
  ErrorCode,
  isErrorCode,
  PipelineError,
  ValidationError,
} from './index.js';

function errno(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(code), { code });
}

describe('categorizeError', () => {
  it('keeps the code of a PipelineError', () => {
    expect(categorizeError(new PipelineError('FFMPEG_ERROR', 'x'))).toBe('FFMPEG_ERROR');
    expect(categorizeError(new ValidationError('x', 'f', {}, { code: 'INVALID_CTA' }))).toBe(
      'INVALID_CTA',
    );
  });

  it.each([
    ['EACCES', 'PERMISSION_DENIED'],
    ['EPERM', 'PERMISSION_DENIED'],
    ['ENOSPC', 'DISK_FULL'],
    ['EDQUOT', 'DISK_FULL'],
    ['ENOENT', 'STORAGE_ERROR'],
    ['EISDIR', 'STORAGE_ERROR'],
    ['ENOTDIR', 'STORAGE_ERROR'],
    ['EIO', 'STORAGE_ERROR'],
    ['EEXIST', 'STORAGE_ERROR'],
    ['EMFILE', 'STORAGE_ERROR'],
    ['EROFS', 'STORAGE_ERROR'],
    ['EXDEV', 'STORAGE_ERROR'],
    ['ETIMEDOUT', 'API_TIMEOUT'],
    ['ECONNRESET', 'EXTERNAL_API_ERROR'],
    ['ECONNREFUSED', 'EXTERNAL_API_ERROR'],
    ['ENOTFOUND', 'EXTERNAL_API_ERROR'],
    ['EAI_AGAIN', 'EXTERNAL_API_ERROR'],
    ['EPIPE', 'EXTERNAL_API_ERROR'],
    ['ERR_SOMETHING_ELSE', 'INTERNAL_ERROR'],
  ])('%s → %s', (code, expected) => {
    expect(categorizeError(errno(code))).toBe(expected);
  });

  it.each([
    [new undiciErrors.ConnectTimeoutError(), 'API_TIMEOUT'],
    [new undiciErrors.HeadersTimeoutError(), 'API_TIMEOUT'],
    [new undiciErrors.BodyTimeoutError(), 'API_TIMEOUT'],
    [new undiciErrors.SocketError('closed'), 'EXTERNAL_API_ERROR'],
    [new undiciErrors.RequestAbortedError(), 'JOB_CANCELLED'],
    [new undiciErrors.InvalidArgumentError('x'), 'INTERNAL_ERROR'],
  ])('undici %p → %s', (error, expected) => {
    expect(categorizeError(error)).toBe(expected);
  });

  it('sorts timeouts and aborts', () => {
    const timeout = new DOMException('timed out', 'TimeoutError');
    expect(categorizeError(timeout)).toBe('API_TIMEOUT');
    expect(categorizeError(new DOMException('aborted', 'AbortError'))).toBe('JOB_CANCELLED');
    expect(
      categorizeError(Object.assign(new Error('aborted'), { name: 'AbortError', cause: timeout })),
    ).toBe('API_TIMEOUT');
  });

  it.each([
    [429, 'API_RATE_LIMIT'],
    [408, 'API_TIMEOUT'],
    [504, 'API_TIMEOUT'],
    [500, 'EXTERNAL_API_ERROR'],
    [503, 'EXTERNAL_API_ERROR'],
    [404, 'EXTERNAL_API_ERROR'],
    [302, 'INTERNAL_ERROR'],
  ])('HTTP %i → %s', (status, expected) => {
    expect(categorizeError({ status })).toBe(expected);
    expect(categorizeError(Object.assign(new Error('http'), { statusCode: status }))).toBe(
      expected,
    );
  });

  it('treats a zod-like error as INVALID_INPUT', () => {
    expect(
      categorizeError({ name: 'ZodError', issues: [{ path: ['a'], message: 'Required' }] }),
    ).toBe('INVALID_INPUT');
  });

  it('walks causes', () => {
    expect(categorizeError(new TypeError('fetch failed', { cause: errno('ECONNREFUSED') }))).toBe(
      'EXTERNAL_API_ERROR',
    );
    expect(categorizeError(new Error('save failed', { cause: errno('ENOSPC') }))).toBe('DISK_FULL');
  });

  it('never mislabels the unknown as storage', () => {
    for (const value of [
      new Error('boom'),
      new TypeError('x is not a function'),
      new SyntaxError('json'),
      'oops',
      42,
      null,
      undefined,
      {},
    ]) {
      expect(categorizeError(value)).toBe(ErrorCode.INTERNAL_ERROR);
    }
  });

  it('always answers a known code, never throws', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        expect(isErrorCode(categorizeError(value))).toBe(true);
      }),
    );
  });
});
