import {
  ERROR_CATALOG,
  ErrorCode,
  getErrorInfo,
  isErrorCode,
  type ErrorCategory,
} from './index.js';

// [code, category, httpStatus, retryable, logLevel] — written out by hand from the spec, so a catalog edit
// that breaks the contract fails here.
const EXPECTED: ReadonlyArray<[ErrorCode, ErrorCategory, number, boolean, 'warn' | 'error']> = [
  ['INVALID_INPUT', 'client', 400, false, 'warn'],
  ['FILE_TOO_LARGE', 'client', 413, false, 'warn'],
  ['UNSUPPORTED_FORMAT', 'client', 415, false, 'warn'],
  ['MISSING_REQUIRED_FIELD', 'client', 400, false, 'warn'],
  ['INVALID_STYLE', 'client', 422, false, 'warn'],
  ['INVALID_CTA', 'client', 422, false, 'warn'],
  ['CONTENT_POLICY_VIOLATION', 'client', 422, false, 'warn'],
  ['SCRIPT_GENERATION_FAILED', 'pipeline', 500, false, 'error'],
  ['VOICE_GENERATION_FAILED', 'pipeline', 500, false, 'error'],
  ['VIDEO_GENERATION_FAILED', 'pipeline', 500, false, 'error'],
  ['IMAGE_GENERATION_FAILED', 'pipeline', 500, false, 'error'],
  ['COMPOSITION_FAILED', 'pipeline', 500, false, 'error'],
  ['TEMPLATE_ERROR', 'pipeline', 500, false, 'error'],
  ['ASSET_DOWNLOAD_FAILED', 'pipeline', 502, true, 'warn'],
  ['ASSET_SPEC_MISMATCH', 'pipeline', 502, false, 'error'],
  ['CLAUDE_API_ERROR', 'external', 502, true, 'warn'],
  ['REPLICATE_API_ERROR', 'external', 502, true, 'warn'],
  ['ELEVENLABS_API_ERROR', 'external', 502, true, 'warn'],
  ['OPENAI_API_ERROR', 'external', 502, true, 'warn'],
  ['EXTERNAL_API_ERROR', 'external', 502, true, 'warn'],
  ['API_RATE_LIMIT', 'external', 429, true, 'warn'],
  ['API_TIMEOUT', 'external', 504, true, 'warn'],
  ['QUOTA_EXCEEDED', 'external', 502, false, 'error'],
  ['REDIS_CONNECTION_ERROR', 'system', 503, true, 'warn'],
  ['DATABASE_ERROR', 'system', 503, true, 'warn'],
  ['STORAGE_ERROR', 'system', 503, true, 'warn'],
  ['DISK_FULL', 'system', 507, false, 'error'],
  ['PERMISSION_DENIED', 'system', 500, false, 'error'],
  ['FFMPEG_ERROR', 'system', 500, false, 'error'],
  ['JOB_NOT_FOUND', 'job', 404, false, 'error'],
  ['JOB_EXPIRED', 'job', 410, false, 'error'],
  ['JOB_ALREADY_PROCESSING', 'job', 409, false, 'error'],
  ['JOB_CANCELLED', 'job', 409, false, 'error'],
  ['INTERNAL_ERROR', 'internal', 500, false, 'error'],
];

describe('ErrorCode', () => {
  it('has keys equal to their values', () => {
    for (const [key, value] of Object.entries(ErrorCode)) expect(value).toBe(key);
  });

  it('holds exactly the codes of the spec', () => {
    expect(Object.keys(ErrorCode).sort()).toEqual(EXPECTED.map(([code]) => code).sort());
  });

  it('recognises its own codes only', () => {
    expect(isErrorCode('DISK_FULL')).toBe(true);
    expect(isErrorCode('disk_full')).toBe(false);
    expect(isErrorCode('toString')).toBe(false);
    expect(isErrorCode(42)).toBe(false);
  });
});

describe('catalog', () => {
  it.each(EXPECTED)(
    '%s: %s, HTTP %i, retryable %s, logged at %s',
    (code, category, httpStatus, retryable, logLevel) => {
      expect(getErrorInfo(code)).toMatchObject({ code, category, httpStatus, retryable, logLevel });
    },
  );

  it.each(EXPECTED.map(([code]) => [code]))(
    '%s has a title and a user message with no internal detail',
    (code) => {
      const { title, userMessage } = getErrorInfo(code);
      expect(title.trim()).not.toBe('');
      expect(userMessage.trim().length).toBeGreaterThan(10);
      expect(userMessage).not.toMatch(/https?:|\/\w|\\\w|\bat \w+ \(|Error:|[A-Z]{3,}_[A-Z]/);
      expect(userMessage).not.toContain(code);
    },
  );

  it('gives every retryable external or download code a permanent message that promises no retry', () => {
    for (const info of Object.values(ERROR_CATALOG)) {
      if (info.permanentUserMessage === undefined) continue;
      expect(info.retryable).toBe(true);
      expect(info.permanentUserMessage).not.toMatch(/try again|https?:|\/\w|[A-Z]{3,}_[A-Z]/i);
    }
    for (const code of [
      'ASSET_DOWNLOAD_FAILED',
      'EXTERNAL_API_ERROR',
      'CLAUDE_API_ERROR',
    ] as const) {
      expect(getErrorInfo(code).permanentUserMessage).toBeDefined();
    }
  });

  it('keeps client and job codes non-retryable and 4xx', () => {
    for (const info of Object.values(ERROR_CATALOG)) {
      if (info.category === 'client' || info.category === 'job') {
        expect(info.retryable).toBe(false);
        expect(info.httpStatus).toBeGreaterThanOrEqual(400);
        expect(info.httpStatus).toBeLessThan(500);
      }
    }
  });

  it('is frozen, row by row', () => {
    expect(Object.isFrozen(ERROR_CATALOG)).toBe(true);
    expect(Object.isFrozen(ERROR_CATALOG.DISK_FULL)).toBe(true);
    expect(() => {
      (ERROR_CATALOG.DISK_FULL as { httpStatus: number }).httpStatus = 200;
    }).toThrow(TypeError);
  });

  it('answers an unknown code with the INTERNAL_ERROR row', () => {
    expect(getErrorInfo('NOPE' as ErrorCode)).toBe(ERROR_CATALOG.INTERNAL_ERROR);
    expect(getErrorInfo('constructor' as ErrorCode)).toBe(ERROR_CATALOG.INTERNAL_ERROR);
  });
});
