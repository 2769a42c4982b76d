import { ErrorCode, PipelineError, ValidationError } from './index.js';

describe('ValidationError', () => {
  it('is an INVALID_INPUT PipelineError with the field in details', () => {
    const error = new ValidationError('productName must not be empty', 'productName', {
      maxLength: 60,
    });
    expect(error).toBeInstanceOf(PipelineError);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({
      name: 'ValidationError',
      code: 'INVALID_INPUT',
      httpStatus: 400,
      retryable: false,
    });
    expect(error.details).toEqual({ maxLength: 60, field: 'productName' });
    expect(error.stack?.split('\n')[0]).toBe('ValidationError: productName must not be empty');
  });

  it('leaves details.field out when no field is given', () => {
    expect(new ValidationError('bad').details).toEqual({});
  });

  it.each([
    [ErrorCode.INVALID_CTA, 422],
    [ErrorCode.MISSING_REQUIRED_FIELD, 400],
    [ErrorCode.FILE_TOO_LARGE, 413],
    [ErrorCode.UNSUPPORTED_FORMAT, 415],
    [ErrorCode.INVALID_STYLE, 422],
  ] as const)('takes the client code %s', (code, status) => {
    const error = new ValidationError('x', 'ctaText', {}, { code });
    expect([error.code, error.httpStatus]).toEqual([code, status]);
  });

  it('falls back to INVALID_INPUT for a non-client code from plain JavaScript', () => {
    const error = new ValidationError('x', undefined, undefined, { code: 'DISK_FULL' as never });
    expect(error.code).toBe('INVALID_INPUT');
  });

  it('passes the other options through', () => {
    const cause = new Error('root');
    const error = new ValidationError('x', 'f', {}, { cause, userMessage: 'Fix the field.' });
    expect(error.cause).toBe(cause);
    expect(error.getUserFriendlyMessage()).toBe('Fix the field.');
  });
});
