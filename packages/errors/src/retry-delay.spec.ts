import fc from 'fast-check';
import { computeRetryDelay, getRetryDelay, PipelineError, retryAfterMs } from './index.js';

describe('getRetryDelay', () => {
  it.each([
    [0, 2000],
    [1, 4000],
    [2, 8000],
    [3, 16000],
    [4, 32000],
    [5, 60000],
    [10, 60000],
    [1000, 60000],
  ])('attempt %i → %i ms', (attempt, delay) => {
    expect(getRetryDelay(attempt)).toBe(delay);
  });

  it('takes base and ceiling', () => {
    expect(getRetryDelay(2, 100, 1000)).toBe(400);
    expect(getRetryDelay(5, 100, 1000)).toBe(1000);
  });

  it('counts a negative or NaN attempt as 0', () => {
    expect(getRetryDelay(-3)).toBe(2000);
    expect(getRetryDelay(Number.NaN)).toBe(2000);
  });
});

describe('retryAfterMs', () => {
  const now = Date.parse('2026-11-25T08:00:00Z');

  it.each([
    ['0', 0],
    ['5', 5000],
    [' 120 ', 120000],
    ['Wed, 25 Nov 2026 08:00:30 GMT', 30000],
    ['Wednesday, 25-Nov-26 08:01:00 GMT', 60000],
    ['Wed Nov 25 08:00:10 2026', 10000],
    ['Wed, 25 Nov 2026 07:00:00 GMT', 0],
  ])('%p → %p ms', (value, ms) => {
    expect(retryAfterMs(value, now)).toBe(ms);
  });

  it.each([null, undefined, '', '-5', '1.5', 'soon', '5 seconds', 'Wed, 99 Foo 2026 99:99:99 GMT'])(
    '%p → undefined',
    (value) => {
      expect(retryAfterMs(value, now)).toBeUndefined();
    },
  );

  it('measures dates from the real clock by default', () => {
    const inOneHour = new Date(Date.now() + 3_600_000).toUTCString();
    expect(retryAfterMs(inOneHour)).toBeGreaterThan(3_590_000);
  });
});

describe('computeRetryDelay', () => {
  it('is the plain backoff by default', () => {
    expect(computeRetryDelay(0, new Error('x'))).toBe(2000);
    expect(computeRetryDelay(3, undefined)).toBe(16000);
    expect(computeRetryDelay(3, null, { minDelayMs: 10, maxDelayMs: 50 })).toBe(50);
  });

  it('waits at least the Retry-After of the error', () => {
    const limited = new PipelineError('API_RATE_LIMIT', '429', { retryAfterMs: 30000 });
    expect(computeRetryDelay(0, limited)).toBe(30000);
    expect(computeRetryDelay(0, { details: { retryAfterMs: 7000 } })).toBe(7000);
  });

  it('keeps the backoff when it is longer than Retry-After', () => {
    expect(
      computeRetryDelay(4, new PipelineError('API_RATE_LIMIT', '429', { retryAfterMs: 1000 })),
    ).toBe(32000);
  });

  it('caps Retry-After at maxDelayMs', () => {
    const limited = new PipelineError('API_RATE_LIMIT', '429', { retryAfterMs: 3_600_000 });
    expect(computeRetryDelay(0, limited)).toBe(60000);
    expect(computeRetryDelay(0, limited, { maxDelayMs: 5000 })).toBe(5000);
  });

  it('ignores a nonsense Retry-After', () => {
    for (const retryAfter of [-1, Number.NaN, Number.POSITIVE_INFINITY, '30000']) {
      expect(computeRetryDelay(0, { details: { retryAfterMs: retryAfter } })).toBe(2000);
    }
  });

  it('keeps equal jitter between half and all of the backoff', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 12 }), (attempt) => {
        const backoff = getRetryDelay(attempt);
        const delay = computeRetryDelay(attempt, null, { jitter: true });
        expect(delay).toBeGreaterThanOrEqual(Math.round(backoff / 2));
        expect(delay).toBeLessThanOrEqual(backoff);
      }),
    );
  });

  it('spreads a jitter factor over (1 - f)..1 of the backoff, and really spreads', () => {
    const delays = Array.from({ length: 200 }, () => computeRetryDelay(2, null, { jitter: 0.25 }));
    for (const delay of delays) {
      expect(delay).toBeGreaterThanOrEqual(6000);
      expect(delay).toBeLessThanOrEqual(8000);
    }
    expect(new Set(delays).size).toBeGreaterThan(1);
  });

  it('never jitters below Retry-After', () => {
    const limited = new PipelineError('API_RATE_LIMIT', '429', { retryAfterMs: 4000 });
    for (let i = 0; i < 100; i += 1) {
      expect(computeRetryDelay(1, limited, { jitter: 1 })).toBeGreaterThanOrEqual(4000);
    }
  });

  it('always stays within 0..maxDelayMs', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -5, max: 100 }),
        fc.option(fc.double({ min: 0, max: 1e9, noNaN: true })),
        fc.oneof(fc.boolean(), fc.double({ min: -1, max: 2, noNaN: true })),
        fc.integer({ min: 1, max: 100000 }),
        (attempt, retryAfter, jitter, maxDelayMs) => {
          const error = retryAfter === null ? null : { details: { retryAfterMs: retryAfter } };
          const delay = computeRetryDelay(attempt, error, { jitter, maxDelayMs, minDelayMs: 1 });
          expect(delay).toBeGreaterThanOrEqual(0);
          expect(delay).toBeLessThanOrEqual(maxDelayMs);
        },
      ),
    );
  });
});
