import { getErrorInfo } from './catalog.js';
import { ErrorCode } from './codes.js';
import { formatBytes } from './format-bytes.js';

/**
 * The end-user message for `code`: the catalog's wording, completed with the few details that are safe
 * to show (today: the size limit of `FILE_TOO_LARGE` from `details.maxBytes`). An instance that is not
 * retryable although its code is gets the catalog's `permanentUserMessage`, which promises no retry.
 */
export function userMessageFor(
  code: ErrorCode,
  details: Readonly<Record<string, unknown>>,
  retryable: boolean = getErrorInfo(code).retryable,
): string {
  const maxBytes = details['maxBytes'];
  if (
    code === ErrorCode.FILE_TOO_LARGE &&
    typeof maxBytes === 'number' &&
    Number.isFinite(maxBytes) &&
    maxBytes > 0
  ) {
    return `The file is too large. The maximum size is ${formatBytes(maxBytes)}.`;
  }
  const info = getErrorInfo(code);
  if (!retryable && info.retryable && info.permanentUserMessage !== undefined) {
    return info.permanentUserMessage;
  }
  return info.userMessage;
}
