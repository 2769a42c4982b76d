import { retryAfterMs } from '../retry-delay.js';
import { safeGet, safeText } from '../safe.js';

/** Response headers as fetch (`Headers`), undici or the providers' SDKs give them. */
export type HeadersLike =
  | Headers
  | Readonly<Record<string, string | readonly string[] | number | undefined | null>>
  | ReadonlyMap<string, string>;

/** One header value, any name case; the first of a repeated header. Never throws. */
export function headerOf(headers: unknown, name: string): string | undefined {
  const lower = name.toLowerCase();
  try {
    if (headers instanceof Headers) return headers.get(lower) ?? undefined;
    if (headers instanceof Map) {
      for (const [key, value] of headers) if (String(key).toLowerCase() === lower) return safeText(value);
      return undefined;
    }
    if (typeof headers !== 'object' || headers === null) return undefined;
    for (const key of Object.keys(headers)) {
      if (key.toLowerCase() !== lower) continue;
      const value = safeGet(headers, key);
      const first = Array.isArray(value) ? value[0] : value;
      return first === undefined || first === null ? undefined : safeText(first);
    }
  } catch {
    return undefined;
  }
  return undefined;
}

const DURATION = /^(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m(?!s))?(?:(\d+(?:\.\d+)?)s)?(?:(\d+(?:\.\d+)?)ms)?$/;

/**
 * An OpenAI `x-ratelimit-reset-*` duration in milliseconds: Go's duration format as OpenAI sends it
 * (`'1s'`, `'6m0s'`, `'20ms'`, `'1h2m3.5s'`). Invalid → `undefined`.
 * Source: https://platform.openai.com/docs/guides/rate-limits#rate-limits-in-headers
 */
export function parseResetDuration(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const match = DURATION.exec(value.trim());
  if (!match || value.trim() === '') return undefined;
  const [, h = '0', m = '0', s = '0', ms = '0'] = match;
  const total = Number(h) * 3_600_000 + Number(m) * 60_000 + Number(s) * 1000 + Number(ms);
  return Number.isFinite(total) ? Math.ceil(total) : undefined;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/;

/**
 * An Anthropic `anthropic-ratelimit-*-reset` value (RFC 3339, e.g. `2026-11-29T22:10:30Z`) as
 * milliseconds from `now` (0 when past). Invalid → `undefined`.
 * Source: https://docs.anthropic.com/en/api/rate-limits#response-headers
 */
export function parseResetTimestamp(value: string | undefined, now: number): number | undefined {
  if (value === undefined || !RFC3339.test(value.trim())) return undefined;
  const at = Date.parse(value.trim());
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

const OPENAI_LIMITS = ['requests', 'tokens'] as const;
const ANTHROPIC_LIMITS = ['requests', 'tokens', 'input-tokens', 'output-tokens'] as const;

/**
 * The one reading of how long a provider asks us to wait, in milliseconds, from its response headers:
 * `retry-after-ms` (OpenAI, Anthropic SDKs: milliseconds), else `retry-after` (seconds or HTTP-date, via
 * {@link retryAfterMs}), else the reset of the exhausted rate limit: OpenAI `x-ratelimit-reset-requests`
 * / `-tokens` (durations like `6m0s`), Anthropic `anthropic-ratelimit-{requests,tokens,input-tokens,
 * output-tokens}-reset` (RFC 3339). When the matching `-remaining-` header says `0`, only exhausted
 * limits count; otherwise the longest reset. Nothing usable → `undefined`. Never throws.
 */
export function providerRetryAfterMs(headers: unknown, now: number = Date.now()): number | undefined {
  const ms = headerOf(headers, 'retry-after-ms');
  if (ms !== undefined && /^\d+(?:\.\d+)?$/.test(ms.trim())) return Math.ceil(Number(ms));
  const retryAfter = retryAfterMs(headerOf(headers, 'retry-after'), now);
  if (retryAfter !== undefined) return retryAfter;

  const resets: Array<{ ms: number; exhausted: boolean }> = [];
  for (const limit of OPENAI_LIMITS) {
    const reset = parseResetDuration(headerOf(headers, `x-ratelimit-reset-${limit}`));
    if (reset !== undefined)
      resets.push({ ms: reset, exhausted: headerOf(headers, `x-ratelimit-remaining-${limit}`)?.trim() === '0' });
  }
  for (const limit of ANTHROPIC_LIMITS) {
    const reset = parseResetTimestamp(headerOf(headers, `anthropic-ratelimit-${limit}-reset`), now);
    if (reset !== undefined)
      resets.push({
        ms: reset,
        exhausted: headerOf(headers, `anthropic-ratelimit-${limit}-remaining`)?.trim() === '0',
      });
  }
  const exhausted = resets.filter((reset) => reset.exhausted);
  const pool = exhausted.length > 0 ? exhausted : resets;
  return pool.length === 0 ? undefined : Math.max(...pool.map((reset) => reset.ms));
}
