import { findInCauseChain } from './cause-chain.js';
import { clientErrorOf } from './client-errors.js';
import { ErrorCode } from './codes.js';
import {
  DISK_FULL_ERRNO_CODES,
  NETWORK_ERRNO_CODES,
  PERMISSION_ERRNO_CODES,
  STORAGE_ERRNO_CODES,
  TIMEOUT_CODES,
  UNDICI_RETRYABLE_CODES,
} from './error-codes-node.js';
import { errnoCode } from './errno-code.js';
import { isAbort, nameOf } from './inspect-error.js';
import { isPipelineError } from './pipeline-error.js';
import { POLICY_CODES, QUOTA_CODES } from './providers/provider-codes.js';
import { safeGet } from './safe.js';
import { isRetryableStatus, statusOf } from './status.js';
import { isZodErrorLike } from './zod-like.js';

/** What the package decides about one thrown value: `categorizeError` and `shouldRetry` both read this. */
export interface Verdict {
  code: ErrorCode;
  retryable: boolean;
  /** User-facing details found on the way (a framework's field or limit). */
  details?: Record<string, unknown>;
}

const UNDECIDED: Verdict = { code: ErrorCode.INTERNAL_ERROR, retryable: false };

/**
 * The one classification of any thrown value. `categorizeError`, `shouldRetry` and `toPipelineError`
 * are views of it, so they agree on every input: a retryable verdict always carries a code the catalog
 * calls retryable (an `AggregateError` of connection failures is `EXTERNAL_API_ERROR` and retryable, not
 * `INTERNAL_ERROR` and retryable). Never throws.
 */
export function classify(error: unknown): Verdict {
  return classifyAt(error, 0) ?? UNDECIDED;
}

function classifyAt(error: unknown, startDepth: number): Verdict | undefined {
  return findInCauseChain(error, judge, startDepth);
}

function judge(error: object, depth: number): Verdict | undefined {
  if (isPipelineError(error)) return { code: error.code, retryable: error.retryable };
  if (nameOf(error) === 'TimeoutError') return { code: ErrorCode.API_TIMEOUT, retryable: true };
  if (isAbort(error)) {
    return isTimeoutAbort(error, depth)
      ? { code: ErrorCode.API_TIMEOUT, retryable: true }
      : { code: ErrorCode.JOB_CANCELLED, retryable: false };
  }
  const code = errnoCode(error);
  const byCode = code === undefined ? undefined : judgeCode(code);
  if (byCode !== undefined) return byCode;
  // An AI provider SDK's error (OpenAI's APIError: `code`/`type` 'insufficient_quota'): a quota is
  // not a rate limit, and a refused prompt will be refused again.
  const providerCode = [code, safeGet(error, 'type')].find(
    (value): value is string => typeof value === 'string' && (QUOTA_CODES.has(value) || POLICY_CODES.has(value)),
  );
  if (providerCode !== undefined)
    return QUOTA_CODES.has(providerCode)
      ? { code: ErrorCode.QUOTA_EXCEEDED, retryable: false }
      : { code: ErrorCode.CONTENT_POLICY_VIOLATION, retryable: false };
  const client = clientErrorOf(error);
  if (client !== undefined) return { code: client.code, retryable: false, details: client.details };
  const status = statusOf(error);
  if (status !== undefined && status >= 400) return judgeStatus(status);
  if (isZodErrorLike(error)) return { code: ErrorCode.INVALID_INPUT, retryable: false };
  if (error instanceof AggregateError) return judgeMembers(safeGet(error, 'errors'), depth);
  return undefined;
}

function judgeCode(code: string): Verdict | undefined {
  if (TIMEOUT_CODES.has(code)) return { code: ErrorCode.API_TIMEOUT, retryable: true };
  if (PERMISSION_ERRNO_CODES.has(code))
    return { code: ErrorCode.PERMISSION_DENIED, retryable: false };
  if (DISK_FULL_ERRNO_CODES.has(code)) return { code: ErrorCode.DISK_FULL, retryable: false };
  // A storage errno is our own disk's state: the same call would fail the same way.
  if (STORAGE_ERRNO_CODES.has(code)) return { code: ErrorCode.STORAGE_ERROR, retryable: false };
  if (NETWORK_ERRNO_CODES.has(code) || UNDICI_RETRYABLE_CODES.has(code))
    return { code: ErrorCode.EXTERNAL_API_ERROR, retryable: true };
  return undefined;
}

function judgeStatus(status: number): Verdict {
  if (status === 429) return { code: ErrorCode.API_RATE_LIMIT, retryable: true };
  if (status === 408 || status === 504) return { code: ErrorCode.API_TIMEOUT, retryable: true };
  return { code: ErrorCode.EXTERNAL_API_ERROR, retryable: isRetryableStatus(status) };
}

// An AggregateError (Happy Eyeballs' connection attempts, Promise.any): the first retryable member
// decides, since one address that may answer later is worth a retry; else the first decided member.
function judgeMembers(members: unknown, depth: number): Verdict | undefined {
  if (!Array.isArray(members)) return undefined;
  let first: Verdict | undefined;
  for (const member of members.slice(0, 64)) {
    const verdict = classifyAt(member, depth + 1);
    if (verdict?.retryable) return verdict;
    first ??= verdict;
  }
  return first;
}

// `AbortSignal.timeout()` aborts with a TimeoutError as the reason.
function isTimeoutAbort(error: object, depth: number): boolean {
  return (
    findInCauseChain(
      error,
      (link) => (link !== error && nameOf(link) === 'TimeoutError') || undefined,
      depth,
    ) === true
  );
}
