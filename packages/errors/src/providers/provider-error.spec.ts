import { NOW, PROVIDER_FIXTURES } from '../../test/provider-fixtures.js';
import {
  computeRetryDelay,
  fromProviderError,
  fromProviderResponse,
  parseResetDuration,
  parseResetTimestamp,
  providerRetryAfterMs,
  shouldRetry,
} from '../index.js';

describe('fromProviderResponse (fixtures from the providers’ docs)', () => {
  it.each(PROVIDER_FIXTURES)('$name', ({ service, status, headers, body, expected }) => {
    const error = fromProviderResponse(
      { service, ...(status === undefined ? {} : { status }), headers, body },
      NOW,
    );
    expect(error.code).toBe(expected.code);
    expect(error.retryable).toBe(expected.retryable);
    expect(shouldRetry(error)).toBe(expected.retryable);
    if (expected.retryAfterMs !== undefined) {
      expect(error.details['retryAfterMs']).toBe(expected.retryAfterMs);
      expect(computeRetryDelay(0, error, { minDelayMs: 1, maxDelayMs: 10 ** 9 })).toBe(
        Math.max(1, expected.retryAfterMs),
      );
    }
    expect(error.toResponseBody().details).not.toHaveProperty('service');
  });

  it('reads the same answers from SDK-shaped errors (Anthropic and OpenAI SDKs, ElevenLabs, Replicate)', () => {
    for (const fixture of PROVIDER_FIXTURES) {
      const sdkShaped =
        fixture.service === 'elevenlabs'
          ? Object.assign(new Error('ElevenLabsError'), {
              statusCode: fixture.status,
              body: fixture.body,
              rawResponse: { headers: new Headers(fixture.headers) },
            })
          : fixture.status === undefined || fixture.status === 200
            ? Object.assign(new Error('Prediction failed'), { prediction: fixture.body })
            : Object.assign(new Error(`${fixture.status} status code`), {
                status: fixture.status,
                headers: new Headers(fixture.headers),
                // openai SDK: `error` is the inner object; @anthropic-ai/sdk: the whole body
                error:
                  fixture.service === 'openai'
                    ? (fixture.body as { error: unknown }).error
                    : fixture.body,
              });
      const error = fromProviderError(sdkShaped, { service: fixture.service, now: NOW });
      expect([fixture.name, error.code, error.retryable]).toEqual([
        fixture.name,
        fixture.expected.code,
        fixture.expected.retryable,
      ]);
      expect(error.cause).toBe(sdkShaped);
    }
  });

  it('guesses the provider from the body shape when no service is given', () => {
    const anthropic = { status: 529, headers: {}, error: PROVIDER_FIXTURES[0]?.body };
    expect(fromProviderError(anthropic).code).toBe('CLAUDE_API_ERROR');
  });

  it('a connection failure without a response goes through toPipelineError', () => {
    const error = fromProviderError(Object.assign(new Error('Connection error.'), { cause: Object.assign(new Error('x'), { code: 'ECONNRESET' }) }));
    expect([error.code, error.retryable]).toEqual(['EXTERNAL_API_ERROR', true]);
  });
});

describe('rate-limit header parsing', () => {
  it.each([
    ['1s', 1000],
    ['6m0s', 360000],
    ['20ms', 20],
    ['1h2m3.5s', 3723500],
    ['0.5s', 500],
    ['', undefined],
    ['6x', undefined],
    ['-1s', undefined],
  ])('x-ratelimit-reset %p → %p', (value, ms) => {
    expect(parseResetDuration(value)).toBe(ms);
  });

  it.each([
    ['2026-11-29T22:00:30Z', 30000],
    ['2026-11-29T23:00:30+01:00', 30000],
    ['2026-11-29T21:00:00Z', 0],
    ['tomorrow', undefined],
    ['2026-11-29', undefined],
  ])('anthropic reset %p → %p', (value, ms) => {
    expect(parseResetTimestamp(value, NOW)).toBe(ms);
  });

  it('prefers retry-after-ms, then retry-after, then the exhausted limit’s reset', () => {
    expect(providerRetryAfterMs({ 'Retry-After-Ms': '1500', 'retry-after': '9' }, NOW)).toBe(1500);
    expect(providerRetryAfterMs(new Headers({ 'retry-after': '9' }), NOW)).toBe(9000);
    expect(providerRetryAfterMs({ 'x-ratelimit-reset-requests': '1s', 'x-ratelimit-reset-tokens': '20ms' }, NOW)).toBe(1000);
    expect(providerRetryAfterMs({}, NOW)).toBeUndefined();
    expect(providerRetryAfterMs(null, NOW)).toBeUndefined();
  });
});

describe('SDK errors without a parsed body or response', () => {
  it("Replicate's ApiError: status on the response, body only in the message", () => {
    const body = JSON.stringify({ title: 'Request was throttled.', detail: 'Expected available in 3 seconds.', status: 429 });
    const error = Object.assign(
      new Error(`Request to https://api.replicate.com/v1/predictions failed with status 429 Too Many Requests: ${body}.`),
      { name: 'ApiError', response: new Response(null, { status: 429, headers: { 'retry-after': '3' } }) },
    );
    const mapped = fromProviderError(error, { service: 'replicate' });
    expect([mapped.code, mapped.retryable, mapped.details['retryAfterMs']]).toEqual(['API_RATE_LIMIT', true, 3000]);
  });

  it("Replicate's run(): 'Prediction failed: …(E005)' is a content policy violation", () => {
    const mapped = fromProviderError(
      new Error('Prediction failed: The input or output was flagged as sensitive. Please try again with different inputs. (E005)'),
      { service: 'replicate' },
    );
    expect([mapped.code, mapped.retryable]).toEqual(['CONTENT_POLICY_VIOLATION', false]);
  });

  it.each([
    ['APIConnectionTimeoutError', 'Request timed out.', 'API_TIMEOUT'],
    ['ElevenLabsTimeoutError', 'Timeout exceeded when calling POST /v1/text-to-speech.', 'API_TIMEOUT'],
    ['APIConnectionError', 'Connection error.', 'CLAUDE_API_ERROR'],
  ])('%s → %s, retryable', (name, message, code) => {
    class SdkError extends Error {}
    Object.defineProperty(SdkError, 'name', { value: name });
    const mapped = fromProviderError(new SdkError(message), { service: 'anthropic' });
    expect(mapped.code).toBe(code);
    expect(mapped.retryable).toBe(true);
  });

  it('a user abort stays JOB_CANCELLED', () => {
    const abort = Object.assign(new Error('Request was aborted.'), { name: 'AbortError' });
    expect(fromProviderError(abort, { service: 'openai' }).code).toBe('JOB_CANCELLED');
  });
});
