import fc from 'fast-check';
import * as api from './index.js';

describe('public API', () => {
  it('exports exactly these runtime names', () => {
    expect(Object.keys(api).sort()).toEqual(
      [
        'APIError',
        'ERROR_CATALOG',
        'ErrorCode',
        'PIPELINE_ERROR_BRAND',
        'PROBLEM_TYPE_BASE_URL',
        'PipelineError',
        'REDACTED',
        'ValidationError',
        'categorizeError',
        'computeRetryDelay',
        'formatBytes',
        'formatIssuePath',
        'formatZodIssues',
        'fromZodError',
        'getErrorInfo',
        'getRetryDelay',
        'isErrorCode',
        'isPipelineError',
        'isRetryableStatus',
        'isSecretKey',
        'isZodErrorLike',
        'problemTypeUri',
        'redact',
        'redactText',
        'redactUrl',
        'retryAfterMs',
        'serviceErrorCode',
        'shouldRetry',
        'toPipelineError',
        'USER_FACING_DETAIL_KEYS',
        'errnoCode',
        'fromProviderError',
        'fromProviderResponse',
        'parseResetDuration',
        'parseResetTimestamp',
        'providerRetryAfterMs',
        'serializeError',
      ].sort(),
    );
  });
});

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [1, '1 B'],
    [1023, '1023 B'],
    [1024, '1 KiB'],
    [1536, '1.5 KiB'],
    [1048575, '1023.9 KiB'],
    [10485760, '10 MiB'],
    [1024 ** 3, '1 GiB'],
    [1024 ** 5, '1 PiB'],
    [2 ** 60, '1 EiB'],
    [-1536, '-1.5 KiB'],
    [Number.NaN, 'unknown size'],
    [Number.POSITIVE_INFINITY, 'unknown size'],
    [1024 ** 9, '1.0e+3 YiB'],
  ])('%i → %s', (bytes, text) => {
    expect(api.formatBytes(bytes)).toBe(text);
  });
});

describe('problemTypeUri', () => {
  it('lower-cases the code and uses dashes, with or without a trailing slash on the base', () => {
    expect(api.problemTypeUri('API_RATE_LIMIT')).toBe(
      'https://errors.ad-pipeline.dev/api-rate-limit',
    );
    expect(api.problemTypeUri('DISK_FULL', 'https://x.test/p')).toBe('https://x.test/p/disk-full');
    expect(api.problemTypeUri('DISK_FULL', 'https://x.test/p/')).toBe('https://x.test/p/disk-full');
  });
});

describe('formatBytes, any number', () => {
  const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB', 'ZiB', 'YiB'];
  it('names one binary unit, never a plural, NaN or a value of 1024 or more below YiB', () => {
    fc.assert(
      fc.property(fc.oneof(fc.double(), fc.integer(), fc.nat({ max: 2 ** 53 - 1 })), (bytes) => {
        const text = api.formatBytes(bytes);
        if (!Number.isFinite(bytes)) return expect(text).toBe('unknown size');
        const match = /^(-?[\d.]+(?:e[+-]\d+)?) (\S+)$/.exec(text);
        expect(match).not.toBeNull();
        const [, value = '', unit = ''] = match ?? [];
        expect(UNITS).toContain(unit);
        if (unit !== 'YiB' && unit !== 'B') expect(Math.abs(Number(value))).toBeLessThan(1024);
        expect(text).not.toMatch(/NaN|bytes/);
      }),
    );
  });
});
