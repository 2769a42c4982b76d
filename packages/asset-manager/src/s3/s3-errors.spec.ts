import { S3ServiceException } from '@aws-sdk/client-s3';
import { ErrorCode, PipelineError } from '@ad-pipeline/errors';
import { S3_ERROR_CODES, toS3PipelineError } from './s3-errors.js';

const context = { operation: 'PutObject', bucket: 'jobs-bucket', key: 'job-1/final/ad.mp4' };

function serviceError(name: string, status: number): S3ServiceException {
  return new S3ServiceException({
    name,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status, requestId: 'REQ123' },
    message: `${name} happened`,
  });
}

describe('toS3PipelineError', () => {
  test.each([
    ['SlowDown', 503, ErrorCode.STORAGE_ERROR, true],
    ['InternalError', 500, ErrorCode.STORAGE_ERROR, true],
    ['ServiceUnavailable', 503, ErrorCode.STORAGE_ERROR, true],
    ['RequestTimeout', 400, ErrorCode.STORAGE_ERROR, true],
    ['NoSuchUpload', 404, ErrorCode.STORAGE_ERROR, true],
    ['AccessDenied', 403, ErrorCode.PERMISSION_DENIED, false],
    ['InvalidAccessKeyId', 403, ErrorCode.PERMISSION_DENIED, false],
    ['SignatureDoesNotMatch', 403, ErrorCode.PERMISSION_DENIED, false],
    ['ExpiredToken', 400, ErrorCode.PERMISSION_DENIED, false],
    ['NoSuchKey', 404, ErrorCode.JOB_NOT_FOUND, false],
    ['NotFound', 404, ErrorCode.JOB_NOT_FOUND, false],
    ['NoSuchBucket', 404, ErrorCode.STORAGE_ERROR, false],
    ['EntityTooLarge', 400, ErrorCode.FILE_TOO_LARGE, false],
    ['InvalidBucketName', 400, ErrorCode.INVALID_INPUT, false],
    // Codes outside the table fall back to the HTTP status.
    ['SomethingNew', 502, ErrorCode.STORAGE_ERROR, true],
    ['SomethingNew', 429, ErrorCode.STORAGE_ERROR, true],
    ['SomethingNew', 403, ErrorCode.PERMISSION_DENIED, false],
    ['SomethingNew', 404, ErrorCode.JOB_NOT_FOUND, false],
    ['SomethingNew', 409, ErrorCode.STORAGE_ERROR, false],
  ])('%s (HTTP %i) → %s, retryable %s', (name, status, code, retryable) => {
    const original = serviceError(name, status);
    const error = toS3PipelineError(original, context);
    expect(error).toBeInstanceOf(PipelineError);
    expect({ code: error.code, retryable: error.retryable }).toEqual({ code, retryable });
    expect(error.cause).toBe(original);
    expect(error.details).toMatchObject({ operation: 'PutObject', bucket: 'jobs-bucket', key: context.key, upstreamStatus: status });
    expect(error.details['requestId']).toBe('REQ123');
    // The SDK's own message (server text) stays in the cause, not in ours.
    expect(error.message).not.toContain('happened');
  });

  test.each([
    ['ECONNRESET', true],
    ['ECONNREFUSED', true],
    ['EPIPE', true],
  ])('a transport fault without a response (%s) is a retryable STORAGE_ERROR', (errno, retryable) => {
    const original = Object.assign(new Error(`socket: ${errno}`), { code: errno });
    const error = toS3PipelineError(original, context);
    expect({ code: error.code, retryable: error.retryable, errno: error.details['errno'] }).toEqual({
      code: ErrorCode.STORAGE_ERROR,
      retryable,
      errno,
    });
  });

  test('a wrapped transport fault (no status, errno only in the text) is retryable; missing credentials are not', () => {
    const wrapped = Object.assign(new Error('AWS SDK error wrapper for TimeoutError: read ECONNRESET'), { $metadata: { attempts: 1 } });
    expect(toS3PipelineError(wrapped, context)).toMatchObject({ code: ErrorCode.STORAGE_ERROR, retryable: true });
    const noCredentials = Object.assign(new Error('Could not load credentials from any providers'), {
      name: 'CredentialsProviderError',
    });
    expect(toS3PipelineError(noCredentials, context)).toMatchObject({ code: ErrorCode.PERMISSION_DENIED, retryable: false });
  });

  test('an abort is JOB_CANCELLED; a PipelineError passes through', () => {
    const abort = Object.assign(new Error('aborted'), { name: 'AbortError' });
    expect(toS3PipelineError(abort, context).code).toBe(ErrorCode.JOB_CANCELLED);
    const own = new PipelineError(ErrorCode.FILE_TOO_LARGE, 'too big');
    expect(toS3PipelineError(own, context)).toBe(own);
  });

  test('every table entry maps to a catalog code', () => {
    for (const { code } of Object.values(S3_ERROR_CODES)) expect(Object.values(ErrorCode)).toContain(code);
  });
});
