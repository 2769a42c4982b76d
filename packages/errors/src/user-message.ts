import { getErrorInfo } from './catalog.js';
import { ErrorCode } from './codes.js';
import { formatBytes } from './format-bytes.js';

/**
 * The end-user message for `code`: the catalog's wording, completed with the few details that are safe
 * to show (today: the size limit of `FILE_TOO_LARGE` from `details.maxBytes`).
 */
export function userMessageFor(
  code: ErrorCode,
  details: Readonly<Record<string, unknown>>,
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
  return getErrorInfo(code).userMessage;
}
