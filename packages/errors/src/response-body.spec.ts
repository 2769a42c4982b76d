import {
  ErrorCode,
  fromZodError,
  PipelineError,
  serializeError,
  toPipelineError,
  ValidationError,
} from './index.js';

describe('status, statusCode, expose', () => {
  it.each(Object.values(ErrorCode))('%s carries the catalog status under every framework name', (code) => {
    const error = new PipelineError(code, 'x');
    expect(error.status).toBe(error.httpStatus);
    expect(error.statusCode).toBe(error.httpStatus);
    expect(error.expose).toBe(error.status < 500);
  });
});

describe('toResponseBody', () => {
  it('an ENOENT shows no internal message, path or errno', () => {
    const enoent = Object.assign(new Error("ENOENT: no such file or directory, open '/srv/jobs/j1/a.mp4'"), {
      code: 'ENOENT',
      syscall: 'open',
      path: '/srv/jobs/j1/a.mp4',
    });
    const body = toPipelineError(enoent).toResponseBody();
    expect(body).toEqual({
      error_code: 'STORAGE_ERROR',
      user_message: expect.any(String),
      retryable: false,
      details: {},
    });
    expect(JSON.stringify(body)).not.toMatch(/srv|ENOENT|open/);
  });

  it('keeps the user-facing keys only, and says retry-after in seconds', () => {
    const error = new PipelineError(ErrorCode.API_RATE_LIMIT, 'upstream said wait', {
      retryAfterMs: 1500,
      url: 'https://api.example.com/v1?token=abc',
      upstreamStatus: 429,
    });
    expect(error.toResponseBody().details).toEqual({ retryAfterSeconds: 2 });
    const tooBig = new ValidationError('too big', 'video', { maxBytes: 10, path: '/tmp/x' }, { code: 'FILE_TOO_LARGE' });
    expect(tooBig.toResponseBody().details).toEqual({ field: 'video', maxBytes: 10 });
  });

  it('toJSON stays the full, redacted process-boundary form', () => {
    const error = new PipelineError(ErrorCode.STORAGE_ERROR, 'x', { path: '/srv/a', token: 't' });
    expect(error.toJSON().details).toEqual({ path: '/srv/a', token: '[REDACTED]' });
  });
});

describe('validation problem details list the invalid fields', () => {
  it('fromZodError → invalid_params', () => {
    const zodError = {
      issues: [
        { path: ['brief', 'productName'], message: 'Required', code: 'invalid_type' },
        { path: ['cta'], message: 'String must contain at most 30 character(s)', code: 'too_big' },
      ],
    };
    const problem = fromZodError(zodError).toProblemDetails();
    expect(problem.invalid_params).toEqual([
      { name: 'brief.productName', reason: 'Required' },
      { name: 'cta', reason: 'String must contain at most 30 character(s)' },
    ]);
    expect(fromZodError(zodError).toResponseBody().details).toEqual({
      field: 'brief.productName',
      issues: [
        { path: 'brief.productName', message: 'Required' },
        { path: 'cta', message: 'String must contain at most 30 character(s)' },
      ],
    });
  });

  it('a non-validation error has no invalid_params', () => {
    expect(new PipelineError('DISK_FULL', 'x').toProblemDetails()).not.toHaveProperty('invalid_params');
  });
});

describe('client errors of frameworks and body parsers', () => {
  const httpError = (status: number, type: string, extra: object = {}) =>
    Object.assign(new Error(type), { status, statusCode: status, expose: true, type, ...extra });
  it.each([
    ['body-parser entity.too.large', httpError(413, 'entity.too.large', { limit: 1024 }), 'FILE_TOO_LARGE', { maxBytes: 1024 }],
    ['body-parser entity.parse.failed', httpError(400, 'entity.parse.failed', { body: '{"password":"x' }), 'INVALID_INPUT', {}],
    ['body-parser encoding.unsupported', httpError(415, 'encoding.unsupported'), 'UNSUPPORTED_FORMAT', {}],
    ['http-errors 404 NotFound', httpError(404, 'x'), 'INVALID_INPUT', {}],
    ['Fastify bad JSON', Object.assign(new Error('Body is not valid JSON'), { code: 'FST_ERR_CTP_INVALID_JSON_BODY', statusCode: 400 }), 'INVALID_INPUT', {}],
    ['Fastify body too large', Object.assign(new Error('too large'), { code: 'FST_ERR_CTP_BODY_TOO_LARGE', statusCode: 413 }), 'FILE_TOO_LARGE', {}],
    ['Fastify media type', Object.assign(new Error('Unsupported Media Type'), { code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE', statusCode: 415 }), 'UNSUPPORTED_FORMAT', {}],
    [
      'Fastify validation (required)',
      Object.assign(new Error('body must have required property'), {
        code: 'FST_ERR_VALIDATION',
        statusCode: 400,
        validation: [{ instancePath: '', keyword: 'required', params: { missingProperty: 'name' }, message: "must have required property 'name'" }],
      }),
      'MISSING_REQUIRED_FIELD',
      { field: 'name' },
    ],
    [
      'Fastify validation (maxLength)',
      Object.assign(new Error('body/items/0/name must NOT have more than 5 characters'), {
        statusCode: 400,
        validation: [{ instancePath: '/items/0/name', keyword: 'maxLength', params: { limit: 5 }, message: 'must NOT have more than 5 characters' }],
      }),
      'INVALID_INPUT',
      { field: 'items[0].name' },
    ],
  ])('%s → %s, never EXTERNAL_API_ERROR', (_name, thrown, code, details) => {
    const error = toPipelineError(thrown);
    expect(error.code).toBe(code);
    expect(error.retryable).toBe(false);
    expect(error.status).toBeLessThan(500);
    expect(error.toResponseBody().details).toMatchObject(details);
    expect(JSON.stringify(error.toResponseBody())).not.toContain('password');
  });

  it('an upstream status without framework marks stays an upstream failure', () => {
    expect(toPipelineError(Object.assign(new Error('HTTP 404'), { statusCode: 404 })).code).toBe('EXTERNAL_API_ERROR');
    expect(toPipelineError(Object.assign(new Error('boom'), { status: 500, expose: false })).code).toBe('EXTERNAL_API_ERROR');
  });
});

describe('serializeError', () => {
  it('is a redacted pino err record with the cause chain', () => {
    const root = Object.assign(new Error('connect to https://u:p@db.example.com failed'), { code: 'ECONNREFUSED', password: 'hunter2' });
    const error = new PipelineError('DATABASE_ERROR', 'query failed', { authorization: 'Bearer abc' }, { cause: new Error('pool', { cause: root }) });
    const record = serializeError(error);
    expect({ ...record }).toMatchObject({
      type: 'PipelineError',
      message: 'query failed',
      error_code: 'DATABASE_ERROR',
      status: 503,
      retryable: true,
      details: { authorization: '[REDACTED]' },
      cause: expect.objectContaining({ type: 'Error', message: 'pool', cause: expect.objectContaining({ code: 'ECONNREFUSED', password: '[REDACTED]' }) }),
    });
    expect(JSON.stringify(record)).not.toMatch(/hunter2|Bearer abc|u:p@/);
    expect(serializeError(record)).toBe(record);
  });

  it('serializes any thrown value', () => {
    expect({ ...serializeError('oops https://x.com/?token=1') }).toEqual({ type: 'string', message: 'oops https://x.com/?[REDACTED]' });
    expect({ ...serializeError(undefined) }).toEqual({ type: 'undefined', message: '' });
    expect(serializeError(new AggregateError([new Error('a')])).aggregateErrors).toHaveLength(1);
    const cyclic = new Error('c') as Error & { cause?: unknown };
    cyclic.cause = cyclic;
    expect(serializeError(cyclic).cause).toBe('[Circular]');
  });
});

describe('toPipelineError facts', () => {
  it('never records our own status as the upstream status of a wrapped PipelineError', () => {
    const inner = new PipelineError(ErrorCode.ASSET_DOWNLOAD_FAILED, 'x', { upstreamStatus: 404 }, { retryable: false });
    const wrapped = toPipelineError(new Error('step failed', { cause: inner }));
    expect(wrapped.code).toBe(ErrorCode.ASSET_DOWNLOAD_FAILED);
    expect(wrapped.details).not.toHaveProperty('upstreamStatus');
    expect(wrapped.retryable).toBe(false);
  });
});

describe('getResponse (Hono)', () => {
  it('is the client body with the catalog status', async () => {
    const response = new PipelineError(ErrorCode.JOB_NOT_FOUND, 'job j1 at /srv/jobs/j1 is gone').getResponse();
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ error_code: 'JOB_NOT_FOUND', retryable: false, details: {} });
    expect(JSON.stringify(body)).not.toContain('/srv');
  });
});

describe('messages are redacted when the error is built', () => {
  it('so message and stack (what a tracer’s recordException reads) hold no credential', () => {
    const error = new PipelineError(ErrorCode.DATABASE_ERROR, 'GET https://u:pw@x.com/a?token=abc failed');
    expect(error.message).toBe('GET https://x.com/a?[REDACTED] failed');
    expect(error.stack).not.toMatch(/abc|pw@/);
  });
});
