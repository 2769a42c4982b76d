import { parseHttpDate } from './http-date.js';
import { finiteOr, safeGet, safeRecord } from './safe.js';

/** Options of {@link computeRetryDelay}. */
export interface RetryDelayOptions {
  /** The delay of attempt 0, doubled per attempt. Default: 2000. */
  minDelayMs?: number;
  /** The ceiling of every delay, Retry-After included. Default: 60000. */
  maxDelayMs?: number;
  /**
   * Spread concurrent retries. `true` is "equal jitter" (a delay between half and all of the backoff);
   * a number `f` in 0..1 picks a delay between `(1 - f)` and all of the backoff. Default: `false`.
   */
  jitter?: boolean | number;
}

/**
 * The exponential backoff of the pipeline in milliseconds: `min(baseMs * 2 ** attempt, maxMs)`
 * (attempt 0 → 2000, 1 → 4000, 3 → 16000, 10 → 60000). A negative or NaN attempt counts as 0.
 */
export function getRetryDelay(attempt: number, baseMs = 2000, maxMs = 60000): number {
  const exponent = Number.isNaN(attempt) ? 0 : Math.max(0, attempt);
  return Math.min(baseMs * 2 ** exponent, maxMs);
}

/**
 * A `Retry-After` header value (RFC 9110 §10.2.3) in milliseconds from `now`: delta-seconds, or an
 * HTTP-date read by the strict {@link parseHttpDate} (always UTC; a past date gives 0). Missing or
 * invalid → `undefined`.
 */
export function retryAfterMs(
  headerValue: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  if (typeof headerValue !== 'string') return undefined;
  const value = headerValue.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = parseHttpDate(value, now);
  return date === undefined ? undefined : Math.max(0, date - now);
}

/**
 * How long to wait before retry number `attempt` (0-based) after `error`: the backoff of
 * {@link getRetryDelay} with optional jitter, but never less than the error's `details.retryAfterMs`
 * (a server's Retry-After), and never more than `maxDelayMs`. Whole milliseconds.
 */
export function computeRetryDelay(
  attempt: number,
  error: unknown,
  options?: RetryDelayOptions | null,
): number {
  // Never throws and always answers a finite delay >= 0: junk options fall back to the defaults.
  const opts = safeRecord(options) as RetryDelayOptions;
  const minDelayMs = Math.max(0, finiteOr(opts.minDelayMs, 2000));
  const maxDelayMs = Math.max(0, finiteOr(opts.maxDelayMs, 60000));
  const jitter = typeof opts.jitter === 'boolean' ? opts.jitter : finiteOr(opts.jitter, 0);
  const tries = typeof attempt === 'number' && !Number.isNaN(attempt) ? attempt : 0;
  const backoff = minDelayMs === 0 ? 0 : getRetryDelay(tries, minDelayMs, maxDelayMs);
  const spread = jitter === true ? 0.5 : jitter === false ? 0 : Math.min(1, Math.max(0, jitter));
  const jittered = backoff - backoff * spread * Math.random();
  return Math.round(Math.min(Math.max(jittered, retryAfterOf(error) ?? 0), maxDelayMs));
}

function retryAfterOf(error: unknown): number | undefined {
  const value = safeGet(safeGet(error, 'details'), 'retryAfterMs');
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}
