import fc from 'fast-check';
import {
  APIError,
  ErrorCode,
  getErrorInfo,
  isPipelineError,
  PIPELINE_ERROR_BRAND,
  PipelineError,
  ValidationError,
  type PipelineLogger,
} from './index.js';

const ALL_CODES = Object.values(ErrorCode);

describe('new PipelineError', () => {
  it('takes status and retryability from the catalog', () => {
    const error = new PipelineError(ErrorCode.DISK_FULL, 'no space left on /var/jobs');
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      code: 'DISK_FULL',
      message: 'no space left on /var/jobs',
      httpStatus: 507,
      retryable: false,
    });
    expect(error.name).toBe('PipelineError');
    expect(error.details).toEqual({});
    expect(error.stack?.split('\n')[0]).toBe('PipelineError: no space left on /var/jobs');
  });

  it('lets one instance override retryability', () => {
    const notFound = new PipelineError(
      ErrorCode.ASSET_DOWNLOAD_FAILED,
      'HTTP 404',
      { status: 404 },
      { retryable: false },
    );
    expect(notFound.retryable).toBe(false);
    expect(notFound.httpStatus).toBe(502);
  });

  it('keeps the cause, and only when given', () => {
    const cause = new Error('root');
    expect(new PipelineError('STORAGE_ERROR', 'x', {}, { cause }).cause).toBe(cause);
    expect('cause' in new PipelineError('STORAGE_ERROR', 'x')).toBe(false);
  });

  it('copies details so later changes to the caller object do not leak in', () => {
    const details: Record<string, unknown> = { a: 1 };
    const error = new PipelineError('INTERNAL_ERROR', 'x', details);
    details['a'] = 2;
    expect(error.details).toEqual({ a: 1 });
  });

  it('turns non-object details into an empty object', () => {
    expect(new PipelineError('INTERNAL_ERROR', 'x', null as never).details).toEqual({});
    expect(new PipelineError('INTERNAL_ERROR', 'x', [1] as never).details).toEqual({});
  });

  it('turns an unknown code (plain JavaScript) into INTERNAL_ERROR and remembers it', () => {
    const error = new PipelineError('WAT' as ErrorCode, 'x');
    expect(error.code).toBe('INTERNAL_ERROR');
    expect(error.details).toEqual({ unknownCode: 'WAT' });
  });
});

describe('getUserFriendlyMessage', () => {
  it.each(ALL_CODES)('%s defaults to the catalog message', (code) => {
    expect(new PipelineError(code, 'internal /tmp/x').getUserFriendlyMessage()).toBe(
      getErrorInfo(code).userMessage,
    );
  });

  it('prefers the instance override', () => {
    expect(
      new PipelineError(
        'INVALID_STYLE',
        'x',
        {},
        { userMessage: 'Pick a style.' },
      ).getUserFriendlyMessage(),
    ).toBe('Pick a style.');
  });

  it.each([
    [10485760, '10 MiB'],
    [1536, '1.5 KiB'],
    [5 * 1024 ** 3, '5 GiB'],
    [900, '900 B'],
  ])('names the size limit of FILE_TOO_LARGE (%i → %s)', (maxBytes, text) => {
    const error = new PipelineError('FILE_TOO_LARGE', 'upload of 20971520 bytes', { maxBytes });
    expect(error.getUserFriendlyMessage()).toBe(
      `The file is too large. The maximum size is ${text}.`,
    );
  });

  it('ignores a nonsense limit', () => {
    for (const maxBytes of [-1, 0, Number.NaN, '10MB']) {
      expect(new PipelineError('FILE_TOO_LARGE', 'x', { maxBytes }).getUserFriendlyMessage()).toBe(
        getErrorInfo('FILE_TOO_LARGE').userMessage,
      );
    }
  });
});

describe('toJSON / fromJSON', () => {
  it('produces the API body of the original system, plus retryable', () => {
    const error = new PipelineError('MISSING_REQUIRED_FIELD', 'productName is required', {
      field: 'productName',
    });
    expect(error.toJSON()).toEqual({
      error_code: 'MISSING_REQUIRED_FIELD',
      message: 'productName is required',
      details: { field: 'productName' },
      user_message: getErrorInfo('MISSING_REQUIRED_FIELD').userMessage,
      retryable: false,
    });
  });

  it('keeps a per-instance retryable override across JSON text', () => {
    const notFound = new PipelineError(
      'ASSET_DOWNLOAD_FAILED',
      'HTTP 404',
      { status: 404 },
      {
        retryable: false,
      },
    );
    const back = PipelineError.fromJSON(JSON.stringify(notFound));
    expect(back.code).toBe('ASSET_DOWNLOAD_FAILED');
    expect(back.retryable).toBe(false);
    expect(
      PipelineError.fromJSON(JSON.stringify(new PipelineError('API_TIMEOUT', 'slow'))).retryable,
    ).toBe(true);
  });

  it('promises no retry to users when the instance is not retryable', () => {
    const info = getErrorInfo('ASSET_DOWNLOAD_FAILED');
    const transient = new PipelineError('ASSET_DOWNLOAD_FAILED', 'HTTP 503');
    const permanent = new PipelineError(
      'ASSET_DOWNLOAD_FAILED',
      'HTTP 404',
      {},
      { retryable: false },
    );
    expect(transient.getUserFriendlyMessage()).toBe(info.userMessage);
    expect(permanent.getUserFriendlyMessage()).toBe(info.permanentUserMessage);
    expect(permanent.getUserFriendlyMessage()).not.toMatch(/try again/i);
    expect(permanent.toProblemDetails().detail).toBe(info.permanentUserMessage);
  });

  it('redacts secrets in details and URLs in the message', () => {
    const error = new PipelineError(
      'ASSET_DOWNLOAD_FAILED',
      'GET https://cdn.x.com/a.mp4?X-Amz-Signature=zz failed',
      {
        url: 'https://cdn.x.com/a.mp4?X-Amz-Signature=zz',
        request: { headers: { authorization: 'Bearer t0k' } },
      },
    );
    const text = JSON.stringify(error);
    expect(text).not.toMatch(/zz|t0k/);
    expect(error.toJSON().details).toEqual({
      url: 'https://cdn.x.com/a.mp4?[REDACTED]',
      request: { headers: { authorization: '[REDACTED]' } },
    });
    // 0.2: the message is redacted when the error is built; details keep raw values in process.
    expect(error.message).toBe('GET https://cdn.x.com/a.mp4?[REDACTED] failed');
    expect(error.details['url']).toBe('https://cdn.x.com/a.mp4?X-Amz-Signature=zz');
  });

  it('never lets a secret value through, whatever the key spelling or depth', () => {
    const secretKey = fc.constantFrom(
      'token',
      'Access_Token',
      'apiKey',
      'X-API-KEY',
      'authorization',
      'password',
      'client_secret',
      'Set-Cookie',
    );
    fc.assert(
      fc.property(
        secretKey,
        fc.array(fc.string({ minLength: 1 }), { maxLength: 4 }),
        (key, path) => {
          const secret = 'S3CRET-VALUE-42';
          const details = path.reduceRight<Record<string, unknown>>(
            (inner, segment) => ({ [segment]: inner }),
            { [key]: secret },
          );
          const error = new PipelineError('EXTERNAL_API_ERROR', 'x', details);
          const outputs = [
            JSON.stringify(error),
            JSON.stringify(error.toProblemDetails()),
            String(error),
          ];
          for (const output of outputs) expect(output).not.toContain(secret);
        },
      ),
    );
  });

  it('survives cycles and BigInt', () => {
    const node: Record<string, unknown> = { id: 1 };
    node['parent'] = node;
    const error = new PipelineError('STORAGE_ERROR', 'x', { size: 2n ** 64n, node });
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({
      details: { size: '18446744073709551616', node: { id: 1, parent: '[Circular]' } },
    });
  });

  it.each(ALL_CODES)('round-trips %s through JSON text', (code) => {
    const error = new PipelineError(code, `failed: ${code}`, {
      field: 'x',
      nested: { n: [1, 'two', null] },
    });
    const back = PipelineError.fromJSON(JSON.parse(JSON.stringify(error)));
    expect(back).toBeInstanceOf(PipelineError);
    expect([back.code, back.message, back.details, back.getUserFriendlyMessage()]).toEqual([
      error.code,
      error.message,
      error.details,
      error.getUserFriendlyMessage(),
    ]);
  });

  it('round-trips any JSON details and messages', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ALL_CODES),
        fc.string(),
        fc.dictionary(fc.string(), fc.jsonValue()),
        (code, message, details) => {
          const once = PipelineError.fromJSON(
            JSON.parse(JSON.stringify(new PipelineError(code, message, details))),
          );
          const twice = PipelineError.fromJSON(JSON.parse(JSON.stringify(once)));
          expect(twice.toJSON()).toEqual(once.toJSON());
        },
      ),
    );
  });

  it('round-trips a __proto__ key as data', () => {
    const body = '{"error_code":"INVALID_INPUT","message":"m","details":{"__proto__":{"x":1}}}';
    const error = PipelineError.fromJSON(body);
    expect(Object.keys(error.details)).toEqual(['__proto__']);
    expect(JSON.stringify(error.toJSON().details)).toBe('{"__proto__":{"x":1}}');
  });

  it('keeps a user-message override across the wire', () => {
    const error = new PipelineError(
      'INVALID_STYLE',
      'x',
      {},
      { userMessage: 'Choose bold, calm, playful or luxe.' },
    );
    expect(PipelineError.fromJSON(error.toJSON()).getUserFriendlyMessage()).toBe(
      'Choose bold, calm, playful or luxe.',
    );
  });

  it('maps an unknown code to INTERNAL_ERROR', () => {
    const error = PipelineError.fromJSON({
      error_code: 'FLUX_CAPACITOR',
      message: 'm',
      details: { a: 1 },
    });
    expect(error.code).toBe('INTERNAL_ERROR');
    expect(error.message).toBe('m');
    expect(error.details).toEqual({ a: 1, unknownCode: 'FLUX_CAPACITOR' });
  });

  it.each([
    null,
    undefined,
    42,
    'not json',
    '[]',
    [],
    true,
    { error_code: 7, details: 'x', message: 5 },
  ])('never throws on junk (%p)', (junk) => {
    const error = PipelineError.fromJSON(junk);
    expect(error.code).toBe('INTERNAL_ERROR');
    expect(typeof error.message).toBe('string');
    expect(error.details).toEqual(expect.any(Object));
  });

  it('accepts JSON text and problem details', () => {
    expect(PipelineError.fromJSON('{"error_code":"JOB_EXPIRED","message":"gone"}').code).toBe(
      'JOB_EXPIRED',
    );
    const problem = new PipelineError('API_TIMEOUT', 'x').toProblemDetails();
    const back = PipelineError.fromJSON(problem);
    expect([back.code, back.retryable, back.getUserFriendlyMessage()]).toEqual([
      'API_TIMEOUT',
      true,
      problem.detail,
    ]);
  });
});

describe('toProblemDetails', () => {
  it('follows RFC 9457 with code and retryable extensions', () => {
    const error = new PipelineError('JOB_NOT_FOUND', 'job 123 missing in redis', { jobId: '123' });
    expect(error.toProblemDetails()).toEqual({
      type: 'https://errors.ad-pipeline.dev/job-not-found',
      title: 'Job not found',
      status: 404,
      detail: getErrorInfo('JOB_NOT_FOUND').userMessage,
      code: 'JOB_NOT_FOUND',
      retryable: false,
    });
  });

  it('takes type, base URL and instance options', () => {
    const error = new PipelineError('DISK_FULL', 'x');
    expect(
      error.toProblemDetails({
        typeBaseUrl: 'https://docs.example.com/errors',
        instance: '/jobs/9',
      }),
    ).toMatchObject({
      type: 'https://docs.example.com/errors/disk-full',
      instance: '/jobs/9',
    });
    expect(error.toProblemDetails({ type: 'about:blank' }).type).toBe('about:blank');
  });

  it('reflects an instance retryability override', () => {
    expect(
      new PipelineError('ASSET_DOWNLOAD_FAILED', 'x', {}, { retryable: false }).toProblemDetails()
        .retryable,
    ).toBe(false);
  });

  it('never shows the internal message or details', () => {
    const error = new PipelineError('STORAGE_ERROR', 'EACCES /srv/jobs/1/a.mp4', {
      path: '/srv/jobs/1/a.mp4',
    });
    expect(JSON.stringify(error.toProblemDetails())).not.toContain('/srv');
  });
});

describe('log', () => {
  function capture(): {
    logger: PipelineLogger;
    calls: Array<[string, Record<string, unknown>, string | undefined]>;
  } {
    const calls: Array<[string, Record<string, unknown>, string | undefined]> = [];
    return {
      calls,
      logger: {
        warn: (obj, msg) => calls.push(['warn', obj, msg]),
        error: (obj, msg) => calls.push(['error', obj, msg]),
      },
    };
  }

  it.each(ALL_CODES)('logs %s once at the catalog level', (code) => {
    const { logger, calls } = capture();
    new PipelineError(code, 'boom').log(logger);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.[0]).toBe(getErrorInfo(code).logLevel);
    expect(calls[0]?.[2]).toBe(`${code}: boom`);
  });

  it('writes one redacted record under `err`, as pino expects', () => {
    const { logger, calls } = capture();
    const cause = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    new PipelineError(
      'REPLICATE_API_ERROR',
      'POST https://api.replicate.com/v1?token=abc',
      { apiKey: 'r8_x' },
      { cause },
    ).log(logger);
    const [, record] = calls[0] ?? [];
    expect(Object.keys(record ?? {})).toEqual(['err']);
    expect({ ...(record?.['err'] as object) }).toMatchObject({
      type: 'PipelineError',
      error_code: 'REPLICATE_API_ERROR',
      message: 'POST https://api.replicate.com/v1?[REDACTED]',
      details: { apiKey: '[REDACTED]' },
      status: 502,
      retryable: true,
      cause: expect.objectContaining({ type: 'Error', message: 'socket hang up', code: 'ECONNRESET' }),
    });
    expect(JSON.stringify(record)).not.toMatch(/abc|r8_x/);
    expect((record?.['err'] as { stack?: string }).stack).toEqual(
      expect.stringContaining('PipelineError'),
    );
  });

  it('leaves out a cause it does not have', () => {
    const { logger, calls } = capture();
    new PipelineError('JOB_EXPIRED', 'x').log(logger);
    expect(calls[0]?.[1]?.['err']).not.toHaveProperty('cause');
  });

  it('falls back to the console', () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      new PipelineError('INVALID_INPUT', 'bad').log();
      new PipelineError('FFMPEG_ERROR', 'ffmpeg exited 1').log();
      expect(warn).toHaveBeenCalledWith(
        'INVALID_INPUT: bad',
        { err: expect.objectContaining({ error_code: 'INVALID_INPUT' }) },
      );
      expect(error).toHaveBeenCalledWith(
        'FFMPEG_ERROR: ffmpeg exited 1',
        { err: expect.objectContaining({ error_code: 'FFMPEG_ERROR' }) },
      );
    } finally {
      warn.mockRestore();
      error.mockRestore();
    }
  });
});

describe('toString', () => {
  it('is "CODE: message"', () => {
    expect(new PipelineError('JOB_CANCELLED', 'cancelled by user').toString()).toBe(
      'JOB_CANCELLED: cancelled by user',
    );
    expect(String(new ValidationError('too long', 'ctaText'))).toBe('INVALID_INPUT: too long');
  });
});

describe('isPipelineError', () => {
  it('accepts every kind of pipeline error and rejects the rest', () => {
    expect(isPipelineError(new PipelineError('INTERNAL_ERROR', 'x'))).toBe(true);
    expect(isPipelineError(new ValidationError('x'))).toBe(true);
    expect(isPipelineError(new APIError('claude', 'x'))).toBe(true);
    for (const other of [
      new Error('x'),
      { code: 'INTERNAL_ERROR', message: 'x' },
      null,
      undefined,
      'INTERNAL_ERROR',
      1,
    ]) {
      expect(isPipelineError(other)).toBe(false);
    }
  });

  it('recognises errors from a second copy of the package', () => {
    let copy: typeof import('./index.js') | undefined;
    jest.isolateModules(() => {
      copy = jest.requireActual<typeof import('./index.js')>('./index.js');
    });
    const foreign = new (copy as typeof import('./index.js')).PipelineError('DISK_FULL', 'x');
    expect(copy?.PipelineError).not.toBe(PipelineError);
    expect(foreign instanceof PipelineError).toBe(false);
    expect(isPipelineError(foreign)).toBe(true);
    expect(copy?.isPipelineError(new PipelineError('DISK_FULL', 'y'))).toBe(true);
  });

  it('recognises a plain object carrying the brand', () => {
    expect(
      isPipelineError({
        [Symbol.for('@ad-pipeline/errors.PipelineError')]: true,
        code: 'DISK_FULL',
      }),
    ).toBe(true);
    expect(PIPELINE_ERROR_BRAND).toBe(Symbol.for('@ad-pipeline/errors.PipelineError'));
  });
});
