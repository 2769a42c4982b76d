import { classify } from './classify.js';

/**
 * Whether trying the failed operation again may succeed:
 * a `PipelineError` → its `retryable`; a `TimeoutError`, or an abort caused by one → true; any other
 * abort (the user's) → false; a network errno or undici transport code → true; a filesystem errno →
 * false; a framework's client error (body too large, bad JSON, validation) → false; an HTTP `status` /
 * `statusCode` → true for 408, 425, 429 and 5xx except 501/505; an `AggregateError` → whether any of
 * its errors is. Undecided errors are judged by their `cause` (up to 8 deep), so `fetch failed` caused
 * by `ECONNRESET` is retried. Anything else → false. Agrees with `categorizeError`: whenever this is
 * true, that code is one the catalog calls retryable. Never throws.
 */
export function shouldRetry(error: unknown): boolean {
  return classify(error).retryable;
}
