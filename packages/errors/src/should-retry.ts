import { NETWORK_ERRNO_CODES, UNDICI_RETRYABLE_CODES } from './error-codes-node.js';
import {
  causeOf,
  codeOf,
  isAbort,
  isTimeoutAbort,
  MAX_CAUSE_DEPTH,
  nameOf,
} from './inspect-error.js';
import { isPipelineError } from './pipeline-error.js';
import { isRetryableStatus, statusOf } from './status.js';

/**
 * Whether trying the failed operation again may succeed:
 * a `PipelineError` → its `retryable`; a `TimeoutError`, or an abort caused by one → true; any other
 * abort (the user's) → false; a network errno or undici transport code → true; an HTTP `status` /
 * `statusCode` → true for 408, 425, 429 and 5xx except 501/505; an `AggregateError` → whether any of
 * its errors is. Undecided errors are judged by their `cause` (up to 8 deep), so `fetch failed` caused
 * by `ECONNRESET` is retried. Anything else → false.
 */
export function shouldRetry(error: unknown): boolean {
  return retryAt(error, 0);
}

function retryAt(error: unknown, startDepth: number): boolean {
  let current: unknown = error;
  for (let depth = startDepth; depth <= MAX_CAUSE_DEPTH; depth += 1) {
    if (typeof current !== 'object' || current === null) return false;
    const verdict = judge(current, depth);
    if (verdict !== undefined) return verdict;
    current = causeOf(current);
  }
  return false;
}

function judge(error: object, depth: number): boolean | undefined {
  if (isPipelineError(error)) return error.retryable;
  if (nameOf(error) === 'TimeoutError') return true;
  if (isAbort(error)) return isTimeoutAbort(error);
  const code = codeOf(error);
  if (code !== undefined && (NETWORK_ERRNO_CODES.has(code) || UNDICI_RETRYABLE_CODES.has(code)))
    return true;
  const status = statusOf(error);
  if (status !== undefined) return isRetryableStatus(status);
  if (error instanceof AggregateError && Array.isArray(error.errors)) {
    return error.errors.some((inner) => retryAt(inner, depth + 1));
  }
  return undefined;
}
