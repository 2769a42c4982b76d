import fc from 'fast-check';
import {
  categorizeError,
  ErrorCode,
  getErrorInfo,
  PipelineError,
  shouldRetry,
  toPipelineError,
} from './index.js';

const errno = (code: string): Error => Object.assign(new Error(`connect ${code}`), { code });

describe('AggregateError', () => {
  it.each([
    ['one refused connection', [errno('ECONNREFUSED')], ErrorCode.EXTERNAL_API_ERROR, true],
    ['Happy Eyeballs: both families refused', [errno('ECONNREFUSED'), errno('EHOSTUNREACH')], ErrorCode.EXTERNAL_API_ERROR, true],
    ['a timeout among them', [errno('ENOENT'), errno('ETIMEDOUT')], ErrorCode.API_TIMEOUT, true],
    ['only storage faults', [errno('EACCES'), errno('ENOENT')], ErrorCode.PERMISSION_DENIED, false],
    ['nothing known', [new Error('x')], ErrorCode.INTERNAL_ERROR, false],
    ['empty', [], ErrorCode.INTERNAL_ERROR, false],
  ])('%s → %s, retry %s, and toPipelineError agrees', (_name, members, code, retry) => {
    const error = new AggregateError(members, 'all failed');
    expect(categorizeError(error)).toBe(code);
    expect(shouldRetry(error)).toBe(retry);
    const wrapped = toPipelineError(error);
    expect(wrapped.code).toBe(code);
    expect(wrapped.retryable).toBe(retry);
    if (retry) expect(wrapped.getUserFriendlyMessage()).not.toMatch(/on our side/);
  });

  it('reads an AggregateError inside a cause chain', () => {
    const error = new TypeError('fetch failed', {
      cause: new AggregateError([errno('ECONNREFUSED')]),
    });
    expect([categorizeError(error), shouldRetry(error)]).toEqual([ErrorCode.EXTERNAL_API_ERROR, true]);
  });
});

// Everything the classifiers look at, combined at random and nested in causes and aggregates.
const CODES = [
  'ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND', 'EACCES', 'EPERM',
  'ENOSPC', 'EDQUOT', 'ENOENT', 'EISDIR', 'EIO', 'EAGAIN', 'UND_ERR_SOCKET', 'UND_ERR_ABORTED',
  'UND_ERR_HEADERS_TIMEOUT', 'ABORT_ERR', 'FST_ERR_VALIDATION', 'FST_ERR_CTP_BODY_TOO_LARGE', 'ERR_X', 'E?',
];
const leaf = fc.record(
  {
    name: fc.constantFrom('Error', 'TypeError', 'AbortError', 'TimeoutError', 'SyntaxError'),
    code: fc.constantFrom(...CODES),
    status: fc.oneof(fc.integer({ min: 100, max: 599 }), fc.constant(999), fc.constant('500')),
    statusCode: fc.integer({ min: 400, max: 599 }),
    expose: fc.boolean(),
    type: fc.constantFrom('entity.too.large', 'entity.parse.failed', 'x'),
    issues: fc.constant([{ path: ['a'], message: 'bad' }]),
  },
  { requiredKeys: [] },
);
const thrown: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small' },
    leaf.map((fields) => Object.assign(new Error('boom'), fields)),
    fc.tuple(leaf, tie('node')).map(([fields, cause]) =>
      Object.assign(new Error('wrapped', { cause }), fields),
    ),
    fc.array(tie('node'), { maxLength: 4 }).map((members) => new AggregateError(members)),
    fc.constantFrom(ErrorCode.DISK_FULL, ErrorCode.API_RATE_LIMIT, ErrorCode.STORAGE_ERROR).map(
      (code) => new PipelineError(code, 'known'),
    ),
    fc.anything(),
  ),
})).node;

describe('categorizeError, shouldRetry and toPipelineError agree on every input', () => {
  it('holds for generated errors, causes and aggregates', () => {
    fc.assert(
      fc.property(thrown, (error) => {
        const code = categorizeError(error);
        const retry = shouldRetry(error);
        const wrapped = toPipelineError(error);
        expect(wrapped.code).toBe(code);
        expect(wrapped.retryable).toBe(retry);
        // Never "something went wrong on our side" and retryable: a retry verdict names a retryable code.
        if (retry) expect(getErrorInfo(code).retryable).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('AI provider SDK errors seen by the generic classifiers', () => {
  // The shape of the OpenAI SDK's APIError for an exhausted quota (status 429, code and type
  // insufficient_quota): https://platform.openai.com/docs/guides/error-codes
  const sdkError = (code: string, status = 429): Error =>
    Object.assign(new Error(`${status} provider refused`), {
      status,
      code,
      type: code,
      error: { message: 'provider refused', type: code, code },
    });

  test.each([
    ['insufficient_quota', ErrorCode.QUOTA_EXCEEDED],
    ['billing_hard_limit_reached', ErrorCode.QUOTA_EXCEEDED],
    ['content_policy_violation', ErrorCode.CONTENT_POLICY_VIOLATION],
  ])('a 429/400 with code %s is %s and never retried, by all three', (code, expected) => {
    const error = sdkError(code, code.startsWith('content') ? 400 : 429);
    expect(categorizeError(error)).toBe(expected);
    expect(shouldRetry(error)).toBe(false);
    expect(toPipelineError(error)).toMatchObject({ code: expected, retryable: false });
  });

  test('a plain rate limit is still retried', () => {
    const error = sdkError('rate_limit_exceeded');
    expect(categorizeError(error)).toBe(ErrorCode.API_RATE_LIMIT);
    expect(shouldRetry(error)).toBe(true);
  });
});
