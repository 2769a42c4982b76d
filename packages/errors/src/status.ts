import { safeGet } from './safe.js';

/** Whether an HTTP status is worth retrying: 408, 425, 429 and every 5xx except 501 and 505. */
export function isRetryableStatus(status: number): boolean {
  if (status === 408 || status === 425 || status === 429) return true;
  return status >= 500 && status <= 599 && status !== 501 && status !== 505;
}

/** The HTTP status an error-like object carries in `status` or `statusCode`, if any. */
export function statusOf(value: object): number | undefined {
  const status = safeGet(value, 'status');
  const statusCode = safeGet(value, 'statusCode');
  const candidate = typeof status === 'number' ? status : statusCode;
  return typeof candidate === 'number' &&
    Number.isInteger(candidate) &&
    candidate >= 100 &&
    candidate <= 599
    ? candidate
    : undefined;
}
