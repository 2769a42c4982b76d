import { ValidationError } from '@ad-pipeline/errors';
import { isAssetKind } from '../sniff.js';
import type { DownloadManyOptions, DownloadOptions, DownloadWithRetryOptions } from './types.js';

/** Longest delay `setTimeout` honours; larger values would fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Throws `INVALID_INPUT` (with `details.field`) for a bad download option, before anything is requested. */
export function validateDownloadOptions(options: DownloadOptions): void {
  if (typeof options !== 'object' || options === null)
    throw invalid('options', 'must be an object');
  for (const field of ['timeoutMs', 'headersTimeoutMs', 'bodyTimeoutMs'] as const) {
    checkInteger(options[field], field, 1, MAX_TIMER_MS);
  }
  checkInteger(options.maxBytes, 'maxBytes', 0, Number.MAX_SAFE_INTEGER);
  checkInteger(options.maxRedirects, 'maxRedirects', 0, 100);
  if (options.kind !== undefined && !isAssetKind(options.kind))
    throw invalid('kind', "must be 'video', 'audio' or 'image'");
  if (options.sha256 !== undefined && !/^[0-9a-f]{64}$/i.test(String(options.sha256))) {
    throw invalid('sha256', 'must be 64 hexadecimal characters');
  }
  if (options.signal !== undefined && !(options.signal instanceof AbortSignal))
    throw invalid('signal', 'must be an AbortSignal');
  checkFunction(options.onProgress, 'onProgress');
  if (options.headers !== undefined) checkHeaders(options.headers);
}

/** `validateDownloadOptions` plus the retry options. */
export function validateRetryOptions(options: DownloadWithRetryOptions): void {
  validateDownloadOptions(options);
  checkInteger(options.retries, 'retries', 0, 100);
  checkInteger(options.minDelayMs, 'minDelayMs', 0, MAX_TIMER_MS);
  checkInteger(options.maxDelayMs, 'maxDelayMs', 0, MAX_TIMER_MS);
  checkInteger(options.maxRetryAfterMs, 'maxRetryAfterMs', 0, MAX_TIMER_MS);
  const { jitter } = options;
  if (
    jitter !== undefined &&
    typeof jitter !== 'boolean' &&
    !(typeof jitter === 'number' && jitter >= 0 && jitter <= 1)
  ) {
    throw invalid('jitter', 'must be a boolean or a number from 0 to 1');
  }
  checkFunction(options.onRetry, 'onRetry');
  if (options.resume !== undefined && typeof options.resume !== 'boolean')
    throw invalid('resume', 'must be a boolean');
}

/** Throws `INVALID_INPUT` for a bad batch option. */
export function validateManyOptions(options: DownloadManyOptions): void {
  if (typeof options !== 'object' || options === null)
    throw invalid('options', 'must be an object');
  checkInteger(options.concurrency, 'concurrency', 1, 10_000);
  if (options.retry !== undefined && typeof options.retry !== 'boolean')
    throw invalid('retry', 'must be a boolean');
}

function checkInteger(value: unknown, field: string, min: number, max: number): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalid(field, `must be an integer from ${min} to ${max}`);
  }
}

function checkFunction(value: unknown, field: string): void {
  if (value !== undefined && typeof value !== 'function')
    throw invalid(field, 'must be a function');
}

function checkHeaders(headers: unknown): void {
  if (typeof headers !== 'object' || headers === null || Array.isArray(headers)) {
    throw invalid('headers', 'must be an object of header names to string values');
  }
  for (const [name, value] of Object.entries(headers)) {
    if (
      !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name) ||
      typeof value !== 'string' ||
      /[\r\n\0]/.test(value)
    ) {
      throw invalid('headers', `has an invalid header: ${JSON.stringify(name)}`);
    }
  }
}

function invalid(field: string, problem: string): ValidationError {
  return new ValidationError(`Invalid download option ${field}: ${problem}`, field);
}
