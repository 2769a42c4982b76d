/**
 * Error codes the AI providers give for an exhausted quota or billing limit (never retryable: the
 * same call fails until someone pays) and for a content-policy refusal. One list, read by
 * `fromProviderError`/`fromProviderResponse` and by `categorizeError`/`shouldRetry` for SDK errors
 * that carry such a `code` or `type`.
 */

// OpenAI: https://platform.openai.com/docs/guides/error-codes (429 "You exceeded your current quota")
// and its billing codes; Anthropic: https://docs.anthropic.com/en/api/errors (402 billing_error,
// 429 with error.details.error_code enforced_spend_limit_reached); ElevenLabs:
// https://help.elevenlabs.io/hc/en-us/articles/19572237925521 (quota_exceeded).
export const QUOTA_CODES: ReadonlySet<string> = new Set([
  'insufficient_quota',
  'billing_hard_limit_reached',
  'billing_not_active',
  'credit_balance_exhausted',
  'organization_spend_limit_exceeded',
  'project_spend_limit_exceeded',
  'organization_usage_limit_exceeded',
  'access_terminated',
  'enforced_spend_limit_reached',
  'billing_error',
  'quota_exceeded',
]);

// OpenAI images: `content_policy_violation`; Azure OpenAI: `content_filter`.
export const POLICY_CODES: ReadonlySet<string> = new Set(['content_policy_violation', 'content_filter']);
