/**
 * Provider error responses (status, headers, body) written from each provider's public documentation.
 * Sources (read 2026-11):
 * - Anthropic errors: https://docs.anthropic.com/en/api/errors — body `{ type: 'error', error: { type,
 *   message }, request_id }`; 429 rate_limit_error, 529 overloaded_error, 402 billing_error; a 429 whose
 *   `error.details.error_code` is `enforced_spend_limit_reached` is a monthly spend limit (not retryable);
 *   headers https://docs.anthropic.com/en/api/rate-limits#response-headers (`retry-after`,
 *   `anthropic-ratelimit-*-remaining`, `anthropic-ratelimit-*-reset` in RFC 3339, `request-id`).
 * - OpenAI errors: https://platform.openai.com/docs/guides/error-codes — body `{ error: { message, type,
 *   param, code } }`; 429 `rate_limit_exceeded` (retry) vs `insufficient_quota` and the billing codes
 *   (no retry); headers https://platform.openai.com/docs/guides/rate-limits (`x-ratelimit-remaining-*`,
 *   `x-ratelimit-reset-requests: 1s`, `x-ratelimit-reset-tokens: 6m0s`, `x-request-id`); images reject
 *   prompts with code `content_policy_violation`.
 * - Replicate: https://replicate.com/docs/reference/http (errors are RFC 7807 `{ title, detail, status }`),
 *   https://replicate.com/docs/reference/error-codes; a prediction ends `{ status: 'failed', error }`, the
 *   safety checker's texts "NSFW content detected…" and "…flagged as sensitive… (E005)".
 * - ElevenLabs: https://help.elevenlabs.io/hc/en-us/articles/19571824571921-API-Error-Code-429 and
 *   https://help.elevenlabs.io/hc/en-us/articles/19572237925521 — body `{ detail: { status, message } }`;
 *   429 `too_many_concurrent_requests` / `system_busy` (retry), 401 `quota_exceeded` (no retry).
 */
export interface ProviderFixture {
  name: string;
  service: string;
  status?: number;
  headers: Record<string, string>;
  body: unknown;
  expected: { code: string; retryable: boolean; retryAfterMs?: number };
}

/** The clock the fixtures' RFC 3339 reset times are relative to. */
export const NOW = Date.parse('2026-11-29T22:00:00Z');

export const PROVIDER_FIXTURES: readonly ProviderFixture[] = [
  {
    name: 'Anthropic 529 overloaded_error',
    service: 'anthropic',
    status: 529,
    headers: { 'request-id': 'req_011CSHoEeqs5C35K2UUqR7Fy', 'content-type': 'application/json' },
    body: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' }, request_id: 'req_011CSHoEeqs5C35K2UUqR7Fy' },
    expected: { code: 'CLAUDE_API_ERROR', retryable: true },
  },
  {
    name: 'Anthropic 429 rate_limit_error with retry-after',
    service: 'anthropic',
    status: 429,
    headers: {
      'retry-after': '17',
      'anthropic-ratelimit-requests-remaining': '0',
      'anthropic-ratelimit-requests-reset': '2026-11-29T22:00:17Z',
    },
    body: { type: 'error', error: { type: 'rate_limit_error', message: 'Number of request tokens has exceeded your per-minute rate limit' } },
    expected: { code: 'API_RATE_LIMIT', retryable: true, retryAfterMs: 17000 },
  },
  {
    name: 'Anthropic 429 rate limit, reset header only (RFC 3339)',
    service: 'claude',
    status: 429,
    headers: {
      'anthropic-ratelimit-tokens-remaining': '0',
      'anthropic-ratelimit-tokens-reset': '2026-11-29T22:00:42Z',
      'anthropic-ratelimit-requests-remaining': '12',
      'anthropic-ratelimit-requests-reset': '2026-11-29T22:00:05Z',
    },
    body: { type: 'error', error: { type: 'rate_limit_error', message: 'rate limited' } },
    expected: { code: 'API_RATE_LIMIT', retryable: true, retryAfterMs: 42000 },
  },
  {
    name: 'Anthropic 429 enforced_spend_limit_reached',
    service: 'anthropic',
    status: 429,
    headers: {},
    body: { type: 'error', error: { type: 'rate_limit_error', message: 'You have reached your monthly spend limit.', details: { error_code: 'enforced_spend_limit_reached' } } },
    expected: { code: 'QUOTA_EXCEEDED', retryable: false },
  },
  {
    name: 'Anthropic 402 billing_error',
    service: 'anthropic',
    status: 402,
    headers: {},
    body: { type: 'error', error: { type: 'billing_error', message: 'Your credit balance is too low.' } },
    expected: { code: 'QUOTA_EXCEEDED', retryable: false },
  },
  {
    name: 'Anthropic 400 invalid_request_error',
    service: 'anthropic',
    status: 400,
    headers: {},
    body: { type: 'error', error: { type: 'invalid_request_error', message: 'max_tokens: field required' } },
    expected: { code: 'CLAUDE_API_ERROR', retryable: false },
  },
  {
    name: 'OpenAI 429 insufficient_quota',
    service: 'openai',
    status: 429,
    headers: { 'x-request-id': 'req_abc' },
    body: { error: { message: 'You exceeded your current quota, please check your plan and billing details.', type: 'insufficient_quota', param: null, code: 'insufficient_quota' } },
    expected: { code: 'QUOTA_EXCEEDED', retryable: false },
  },
  {
    name: 'OpenAI 429 billing code project_spend_limit_exceeded',
    service: 'openai',
    status: 429,
    headers: {},
    body: { error: { message: 'You exceeded your current quota, please check your plan and billing details.', type: 'insufficient_quota', param: null, code: 'project_spend_limit_exceeded' } },
    expected: { code: 'QUOTA_EXCEEDED', retryable: false },
  },
  {
    name: 'OpenAI 429 rate_limit_exceeded (x-ratelimit-reset-tokens 6m0s)',
    service: 'openai',
    status: 429,
    headers: {
      'x-ratelimit-remaining-requests': '59',
      'x-ratelimit-reset-requests': '1s',
      'x-ratelimit-remaining-tokens': '0',
      'x-ratelimit-reset-tokens': '6m0s',
    },
    body: { error: { message: 'Rate limit reached for gpt-4o on tokens per min (TPM).', type: 'tokens', param: null, code: 'rate_limit_exceeded' } },
    expected: { code: 'API_RATE_LIMIT', retryable: true, retryAfterMs: 360000 },
  },
  {
    name: 'OpenAI 429 with retry-after-ms',
    service: 'openai',
    status: 429,
    headers: { 'retry-after-ms': '20', 'retry-after': '1', 'x-ratelimit-reset-requests': '20ms' },
    body: { error: { message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded' } },
    expected: { code: 'API_RATE_LIMIT', retryable: true, retryAfterMs: 20 },
  },
  {
    name: 'OpenAI 400 content_policy_violation (images)',
    service: 'openai',
    status: 400,
    headers: {},
    body: { error: { message: 'Your request was rejected as a result of our safety system.', type: 'invalid_request_error', param: null, code: 'content_policy_violation' } },
    expected: { code: 'CONTENT_POLICY_VIOLATION', retryable: false },
  },
  {
    name: 'OpenAI 503 server overloaded',
    service: 'openai',
    status: 503,
    headers: {},
    body: { error: { message: 'The engine is currently overloaded, please try again later.', type: 'server_error', code: null } },
    expected: { code: 'OPENAI_API_ERROR', retryable: true },
  },
  {
    name: 'Replicate prediction failed: NSFW',
    service: 'replicate',
    headers: {},
    body: { id: 'x7b4', status: 'failed', error: 'NSFW content detected. Try running it again, or try a different prompt.' },
    expected: { code: 'CONTENT_POLICY_VIOLATION', retryable: false },
  },
  {
    name: 'Replicate prediction failed: E005',
    service: 'replicate',
    status: 200,
    headers: {},
    body: { id: 'x7b5', status: 'failed', error: 'The input or output was flagged as sensitive. Please try again with different inputs. (E005)' },
    expected: { code: 'CONTENT_POLICY_VIOLATION', retryable: false },
  },
  {
    name: 'Replicate prediction failed: out of memory (E1001)',
    service: 'replicate',
    headers: {},
    body: { id: 'x7b6', status: 'failed', error: 'CUDA out of memory. (E1001)' },
    expected: { code: 'REPLICATE_API_ERROR', retryable: false },
  },
  {
    name: 'Replicate 429 problem+json with retry-after',
    service: 'replicate',
    status: 429,
    headers: { 'retry-after': '3', 'content-type': 'application/problem+json' },
    body: { title: 'Request was throttled.', detail: 'Request was throttled. Expected available in 3 seconds.', status: 429 },
    expected: { code: 'API_RATE_LIMIT', retryable: true, retryAfterMs: 3000 },
  },
  {
    name: 'Replicate 402 monthly spend limit',
    service: 'replicate',
    status: 402,
    headers: {},
    body: { title: 'Monthly spend limit reached', detail: 'You have reached your monthly spend limit.', status: 402 },
    expected: { code: 'QUOTA_EXCEEDED', retryable: false },
  },
  {
    name: 'ElevenLabs 429 too_many_concurrent_requests',
    service: 'elevenlabs',
    status: 429,
    headers: {},
    body: { detail: { status: 'too_many_concurrent_requests', message: 'Too many concurrent requests.' } },
    expected: { code: 'API_RATE_LIMIT', retryable: true },
  },
  {
    name: 'ElevenLabs 429 system_busy',
    service: 'elevenlabs',
    status: 429,
    headers: {},
    body: { detail: { status: 'system_busy', message: 'Our services are experiencing high levels of traffic.' } },
    expected: { code: 'API_RATE_LIMIT', retryable: true },
  },
  {
    name: 'ElevenLabs 401 quota_exceeded',
    service: 'elevenlabs',
    status: 401,
    headers: {},
    body: { detail: { status: 'quota_exceeded', message: 'This request exceeds your quota. You have 12 credits remaining.' } },
    expected: { code: 'QUOTA_EXCEEDED', retryable: false },
  },
  {
    name: 'ElevenLabs 400 max_character_limit_exceeded',
    service: 'elevenlabs',
    status: 400,
    headers: {},
    body: { detail: { status: 'max_character_limit_exceeded', message: "This request's text has 627 characters and exceeds the character limit of 333 characters." } },
    expected: { code: 'ELEVENLABS_API_ERROR', retryable: false },
  },
];
