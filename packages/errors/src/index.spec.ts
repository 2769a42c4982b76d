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
      ].sort(),
    );
  });
});

describe('formatBytes', () => {
  it.each([
    [0, '0 bytes'],
    [1023, '1023 bytes'],
    [1024, '1 KB'],
    [1536, '1.5 KB'],
    [10485760, '10 MB'],
    [1024 ** 3, '1 GB'],
    [1024 ** 5, '1024 TB'],
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
