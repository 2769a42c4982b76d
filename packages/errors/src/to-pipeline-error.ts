import { findInCauseChain } from './cause-chain.js';
import { getErrorInfo } from './catalog.js';
import { classify } from './classify.js';
import { ErrorCode, isErrorCode } from './codes.js';
import { isPipelineError, PipelineError } from './pipeline-error.js';
import { isObjectLike, safeGet, safeRecord } from './safe.js';
import { statusOf } from './status.js';
import { fromZodError } from './zod.js';
import { isZodErrorLike } from './zod-like.js';

/** What {@link toPipelineError} uses when the error itself does not say. */
export interface ToPipelineErrorFallback {
  /** The code when `categorizeError` finds nothing better than `INTERNAL_ERROR`. Default: `INTERNAL_ERROR`. */
  code?: ErrorCode;
  /** The message when the error has none. Default: the code's catalog title. */
  message?: string;
  /** Details merged under the facts taken from the error. Default: `{}`. */
  details?: Record<string, unknown>;
}

/**
 * Any thrown value as a `PipelineError`; a `PipelineError` (from any copy of this package) comes back as is.
 * The code is `categorizeError(error)` (or `fallback.code` when that says `INTERNAL_ERROR`), `retryable` is
 * `shouldRetry(error)` (both from one classification, so they agree), and the original becomes `cause`.
 * Facts of the first error in the cause chain that has any go into `details` (`code`, `syscall`, `path`,
 * `upstreamStatus`), plus a framework's user-facing facts (`field`, `issues`, `maxBytes`); none of them
 * reaches the user message or `toResponseBody()`. A zod-like error becomes a `ValidationError` through
 * `fromZodError`. Never throws, whatever it is given.
 */
export function toPipelineError(
  error: unknown,
  fallback?: ToPipelineErrorFallback | null,
): PipelineError {
  const fb = safeRecord(fallback) as ToPipelineErrorFallback;
  if (isPipelineError(error)) return error;
  const verdict = classify(error);
  try {
    // Only when the classification agrees (an error with a network code and stray `issues` stays network).
    if (isZodErrorLike(error) && verdict.code === ErrorCode.INVALID_INPUT)
      return fromZodError(error, typeof fb.message === 'string' ? { message: fb.message } : {});
  } catch {
    // a hostile value: built below as what it is, INTERNAL_ERROR at worst
  }
  const code =
    verdict.code === ErrorCode.INTERNAL_ERROR && isErrorCode(fb.code) ? fb.code : verdict.code;
  const message =
    messageOf(error) || (typeof fb.message === 'string' ? fb.message : '') || getErrorInfo(code).title;
  return new PipelineError(
    code,
    message,
    { ...safeRecord(fb.details), ...factsOf(error), ...verdict.details },
    { cause: error, retryable: verdict.retryable },
  );
}

function messageOf(error: unknown): string {
  if (typeof error === 'string') return error;
  const message = safeGet(error, 'message');
  return typeof message === 'string' ? message : '';
}

// The first error in the cause chain that carries a code or status tells what really happened.
function factsOf(error: unknown): Record<string, unknown> {
  return findInCauseChain(error, (link) => {
    // A PipelineError's code and status are ours, not facts about what failed: its details say those.
    if (isPipelineError(link)) return {};
    const facts = ownFacts(link);
    return Object.keys(facts).length > 0 ? facts : undefined;
  }) ?? {};
}

function ownFacts(error: object): Record<string, unknown> {
  const code = safeGet(error, 'code');
  const syscall = safeGet(error, 'syscall');
  const path = safeGet(error, 'path');
  const status = isObjectLike(error) ? statusOf(error) : undefined;
  const facts: Record<string, unknown> = {};
  if (typeof code === 'string' || typeof code === 'number') facts['code'] = code;
  if (typeof syscall === 'string') facts['syscall'] = syscall;
  if (typeof path === 'string') facts['path'] = path;
  if (status !== undefined) facts['upstreamStatus'] = status;
  return facts;
}
