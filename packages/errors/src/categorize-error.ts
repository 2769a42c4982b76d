import { classify } from './classify.js';
import type { ErrorCode } from './codes.js';

/**
 * The catalog code that fits any thrown value:
 * a `PipelineError` → its own code; `TimeoutError`, an abort caused by one, or a timeout errno/undici
 * code → `API_TIMEOUT`; any other abort → `JOB_CANCELLED`; `EACCES`/`EPERM` → `PERMISSION_DENIED`;
 * `ENOSPC`/`EDQUOT` → `DISK_FULL`; other filesystem errno (`ENOENT`, `EISDIR`, `EIO`, …) → `STORAGE_ERROR`;
 * other network errno/undici codes → `EXTERNAL_API_ERROR`; a framework's or body parser's client error
 * (http-errors `expose: true` 4xx, `FST_ERR_*`, validation) → a client code (`entity.too.large` →
 * `FILE_TOO_LARGE`, 415 → `UNSUPPORTED_FORMAT`, a missing required property → `MISSING_REQUIRED_FIELD`,
 * else `INVALID_INPUT`); any other HTTP status: 429 → `API_RATE_LIMIT`, 408/504 → `API_TIMEOUT`, other
 * 4xx/5xx → `EXTERNAL_API_ERROR`; a zod-like error → `INVALID_INPUT`; an `AggregateError` → its first
 * retryable member's code, else its first classified member's. Undecided errors are judged by their
 * `cause` (up to 8 deep); anything else → `INTERNAL_ERROR`. Agrees with `shouldRetry`; never throws.
 */
export function categorizeError(error: unknown): ErrorCode {
  return classify(error).code;
}
