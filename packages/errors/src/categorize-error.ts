import { ErrorCode } from './codes.js';
import {
  DISK_FULL_ERRNO_CODES,
  NETWORK_ERRNO_CODES,
  PERMISSION_ERRNO_CODES,
  STORAGE_ERRNO_CODES,
  TIMEOUT_CODES,
  UNDICI_RETRYABLE_CODES,
} from './error-codes-node.js';
import {
  causeOf,
  codeOf,
  isAbort,
  isTimeoutAbort,
  MAX_CAUSE_DEPTH,
  nameOf,
} from './inspect-error.js';
import { isPipelineError } from './pipeline-error.js';
import { statusOf } from './status.js';
import { isZodErrorLike } from './zod-like.js';

/**
 * The catalog code that fits any thrown value:
 * a `PipelineError` → its own code; `TimeoutError`, an abort caused by one, or a timeout errno/undici
 * code → `API_TIMEOUT`; any other abort → `JOB_CANCELLED`; `EACCES`/`EPERM` → `PERMISSION_DENIED`;
 * `ENOSPC`/`EDQUOT` → `DISK_FULL`; other filesystem errno (`ENOENT`, `EISDIR`, `EIO`, …) → `STORAGE_ERROR`;
 * other network errno/undici codes → `EXTERNAL_API_ERROR`; HTTP status 429 → `API_RATE_LIMIT`,
 * 408/504 → `API_TIMEOUT`, other 4xx/5xx → `EXTERNAL_API_ERROR`; a zod-like error → `INVALID_INPUT`.
 * Undecided errors are judged by their `cause` (up to 8 deep); anything else → `INTERNAL_ERROR`.
 */
export function categorizeError(error: unknown): ErrorCode {
  let current: unknown = error;
  for (let depth = 0; depth <= MAX_CAUSE_DEPTH; depth += 1) {
    if (typeof current !== 'object' || current === null) break;
    const code = classify(current);
    if (code !== undefined) return code;
    current = causeOf(current);
  }
  return ErrorCode.INTERNAL_ERROR;
}

function classify(error: object): ErrorCode | undefined {
  if (isPipelineError(error)) return error.code;
  if (nameOf(error) === 'TimeoutError') return ErrorCode.API_TIMEOUT;
  if (isAbort(error))
    return isTimeoutAbort(error) ? ErrorCode.API_TIMEOUT : ErrorCode.JOB_CANCELLED;
  const code = codeOf(error);
  if (code !== undefined) {
    const byCode = classifyCode(code);
    if (byCode !== undefined) return byCode;
  }
  const status = statusOf(error);
  if (status !== undefined && status >= 400) return classifyStatus(status);
  if (isZodErrorLike(error)) return ErrorCode.INVALID_INPUT;
  return undefined;
}

function classifyCode(code: string): ErrorCode | undefined {
  if (TIMEOUT_CODES.has(code)) return ErrorCode.API_TIMEOUT;
  if (PERMISSION_ERRNO_CODES.has(code)) return ErrorCode.PERMISSION_DENIED;
  if (DISK_FULL_ERRNO_CODES.has(code)) return ErrorCode.DISK_FULL;
  if (STORAGE_ERRNO_CODES.has(code)) return ErrorCode.STORAGE_ERROR;
  if (NETWORK_ERRNO_CODES.has(code) || UNDICI_RETRYABLE_CODES.has(code))
    return ErrorCode.EXTERNAL_API_ERROR;
  return undefined;
}

function classifyStatus(status: number): ErrorCode {
  if (status === 429) return ErrorCode.API_RATE_LIMIT;
  if (status === 408 || status === 504) return ErrorCode.API_TIMEOUT;
  return ErrorCode.EXTERNAL_API_ERROR;
}
