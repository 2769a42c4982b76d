import fc from 'fast-check';
import {
  categorizeError,
  isPipelineError,
  PipelineError,
  shouldRetry,
  toPipelineError,
  ValidationError,
} from './index.js';

describe('toPipelineError', () => {
  it('returns a PipelineError as is', () => {
    const error = new PipelineError('DISK_FULL', 'x');
    expect(toPipelineError(error, { code: 'STORAGE_ERROR' })).toBe(error);
  });

  it('wraps an errno error with its facts in details and the original as cause', () => {
    const cause = Object.assign(new Error("EACCES: permission denied, open '/srv/a'"), {
      code: 'EACCES',
      syscall: 'open',
      path: '/srv/a',
      errno: -13,
    });
    const error = toPipelineError(cause);
    expect(error).toMatchObject({
      code: 'PERMISSION_DENIED',
      message: cause.message,
      cause,
      retryable: false,
    });
    expect(error.details).toEqual({ code: 'EACCES', syscall: 'open', path: '/srv/a' });
    expect(error.getUserFriendlyMessage()).not.toContain('/srv');
  });

  it('takes the facts from the first error in the cause chain that has them', () => {
    const root = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), {
      code: 'ECONNREFUSED',
      syscall: 'connect',
    });
    const error = toPipelineError(new TypeError('fetch failed', { cause: root }));
    expect(error).toMatchObject({
      code: 'EXTERNAL_API_ERROR',
      message: 'fetch failed',
      retryable: true,
    });
    expect(error.details).toEqual({ code: 'ECONNREFUSED', syscall: 'connect' });
  });

  it('uses fallback.code only when nothing better is known', () => {
    expect(toPipelineError(new Error('boom'), { code: 'COMPOSITION_FAILED' }).code).toBe(
      'COMPOSITION_FAILED',
    );
    expect(
      toPipelineError(Object.assign(new Error('x'), { code: 'ENOSPC' }), {
        code: 'COMPOSITION_FAILED',
      }).code,
    ).toBe('DISK_FULL');
    expect(toPipelineError(new Error('boom')).code).toBe('INTERNAL_ERROR');
  });

  it('merges fallback.details under the facts', () => {
    const error = toPipelineError(Object.assign(new Error('x'), { code: 'ENOENT' }), {
      details: { jobId: 'j1', code: 'mine' },
    });
    expect(error.details).toEqual({ jobId: 'j1', code: 'ENOENT' });
  });

  it('finds a message for anything', () => {
    expect(toPipelineError('plain string').message).toBe('plain string');
    expect(toPipelineError({ message: 'from an object' }).message).toBe('from an object');
    expect(toPipelineError(42, { message: 'render failed' }).message).toBe('render failed');
    expect(toPipelineError(undefined).message).toBe('Internal error');
    expect(toPipelineError(new Error(''), { code: 'FFMPEG_ERROR' }).message).toBe(
      'Media processing failed',
    );
  });

  it('turns a zod-like error into a ValidationError', () => {
    const error = toPipelineError({ issues: [{ path: ['style'], message: 'Invalid option' }] });
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.details['field']).toBe('style');
  });

  it('never changes the retry decision or the category', () => {
    const thrown = fc.oneof(
      fc.anything(),
      fc.record(
        {
          name: fc.constantFrom('Error', 'TimeoutError', 'AbortError', 'TypeError'),
          code: fc.constantFrom(
            'ECONNRESET',
            'ENOENT',
            'EACCES',
            'ENOSPC',
            'UND_ERR_SOCKET',
            'UND_ERR_ABORTED',
            'X',
          ),
          status: fc.integer({ min: 100, max: 599 }),
          message: fc.string(),
        },
        { requiredKeys: [] },
      ),
    );
    fc.assert(
      fc.property(thrown, (value) => {
        const error = toPipelineError(value);
        expect(isPipelineError(error)).toBe(true);
        expect(error.retryable).toBe(shouldRetry(value));
        expect(error.code).toBe(categorizeError(value));
      }),
    );
  });
});
