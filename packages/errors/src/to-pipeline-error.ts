import { categorizeError } from './categorize-error.js';
import { getErrorInfo } from './catalog.js';
import { ErrorCode } from './codes.js';
import { causeOf, MAX_CAUSE_DEPTH } from './inspect-error.js';
import { isPipelineError, PipelineError } from './pipeline-error.js';
import { shouldRetry } from './should-retry.js';
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
 * The code comes from `categorizeError` (or `fallback.code` when that says `INTERNAL_ERROR`), the original
 * becomes `cause`, and errno facts (`code`, `syscall`, `path`, `status_code`) go into `details`, never
 * into the user message. `retryable` is `shouldRetry(error)`, so wrapping never changes the retry decision.
 * A zod-like error becomes a `ValidationError` through `fromZodError`.
 */
export function toPipelineError(
  error: unknown,
  fallback: ToPipelineErrorFallback = {},
): PipelineError {
  if (isPipelineError(error)) return error;
  if (isZodErrorLike(error))
    return fromZodError(error, fallback.message === undefined ? {} : { message: fallback.message });

  const categorized = categorizeError(error);
  const code =
    categorized === ErrorCode.INTERNAL_ERROR && fallback.code ? fallback.code : categorized;
  const message = messageOf(error) || fallback.message || getErrorInfo(code).title;
  return new PipelineError(
    code,
    message,
    { ...fallback.details, ...factsOf(error) },
    {
      cause: error,
      retryable: shouldRetry(error),
    },
  );
}

function messageOf(error: unknown): string {
  if (typeof error === 'string') return error;
  if (typeof error === 'object' && error !== null) {
    const { message } = error as { message?: unknown };
    if (typeof message === 'string') return message;
  }
  return '';
}

// The first error in the cause chain that carries a code or status tells what really happened.
function factsOf(error: unknown): Record<string, unknown> {
  let current: unknown = error;
  for (let depth = 0; depth <= MAX_CAUSE_DEPTH; depth += 1) {
    if (typeof current !== 'object' || current === null) return {};
    const facts = ownFacts(current);
    if (Object.keys(facts).length > 0) return facts;
    current = causeOf(current);
  }
  return {};
}

function ownFacts(error: object): Record<string, unknown> {
  const { code, syscall, path } = error as { code?: unknown; syscall?: unknown; path?: unknown };
  const status = statusOf(error);
  const facts: Record<string, unknown> = {};
  if (typeof code === 'string' || typeof code === 'number') facts['code'] = code;
  if (typeof syscall === 'string') facts['syscall'] = syscall;
  if (typeof path === 'string') facts['path'] = path;
  if (status !== undefined) facts['status_code'] = status;
  return facts;
}
