import { ValidationError } from '@ad-pipeline/errors';
import type {
  DownloadManyOptions,
  DownloadOptions,
  DownloadWithRetryOptions,
} from './download/types.js';
import { describeValue } from './paths.js';
import { assertMediaExpectation } from './media/index.js';
import { isAssetKind } from './sniff.js';

// The one option validator of the package: every option of every method is checked here, before
// any I/O, and every refusal reads `Invalid option <field>: <rule>` with `details.field` and
// `details.value`.

/** Longest delay `setTimeout` honours; larger values would fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function invalid(field: string, rule: string, value: unknown): ValidationError {
  return new ValidationError(`Invalid option ${field}: ${rule}`, field, {
    value: describeValue(value),
  });
}

/** Throws INVALID_INPUT unless `options` is an object; returns it for field checks. */
export function optionsRecord(options: unknown, field = 'options'): Record<string, unknown> {
  if (typeof options !== 'object' || options === null)
    throw invalid(field, 'must be an object', options);
  return options as Record<string, unknown>;
}

/** Throws INVALID_INPUT unless `value` is undefined or an integer in `[min, max]`. */
export function assertOptionalInteger(
  value: unknown,
  field: string,
  min: number,
  max: number,
): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const rule =
      max === Number.MAX_SAFE_INTEGER ? `an integer >= ${min}` : `an integer from ${min} to ${max}`;
    throw invalid(field, `must be ${rule}`, value);
  }
}

/** Throws INVALID_INPUT unless `value` is undefined or a non-negative safe integer (a byte count). */
export function assertOptionalByteCount(value: unknown, field: string): void {
  assertOptionalInteger(value, field, 0, Number.MAX_SAFE_INTEGER);
}

/** Throws INVALID_INPUT unless `value` is undefined or an asset kind. */
export function assertOptionalKind(value: unknown, field = 'kind'): void {
  if (value !== undefined && !isAssetKind(value))
    throw invalid(field, "must be 'video', 'audio' or 'image'", value);
}

function assertOptionalBoolean(value: unknown, field: string): void {
  if (value !== undefined && typeof value !== 'boolean')
    throw invalid(field, 'must be a boolean', value);
}

function assertOptionalFunction(value: unknown, field: string): void {
  if (value !== undefined && typeof value !== 'function')
    throw invalid(field, 'must be a function', value);
}

function assertOptionalHeaders(headers: unknown): void {
  if (headers === undefined) return;
  if (typeof headers !== 'object' || headers === null || Array.isArray(headers)) {
    throw invalid('headers', 'must be an object of header names to string values', headers);
  }
  for (const [name, value] of Object.entries(headers)) {
    if (!HEADER_NAME.test(name) || typeof value !== 'string' || /[\r\n\0]/.test(value)) {
      throw invalid('headers', `has an invalid header: ${JSON.stringify(name)}`, value);
    }
  }
}

/** Throws INVALID_INPUT (with `details.field`) for a bad option of one download attempt. */
export function validateDownloadOptions(options: DownloadOptions): void {
  const record = optionsRecord(options);
  for (const field of ['timeoutMs', 'headersTimeoutMs', 'bodyTimeoutMs'] as const) {
    assertOptionalInteger(record[field], field, 1, MAX_TIMER_MS);
  }
  assertOptionalByteCount(record['maxBytes'], 'maxBytes');
  assertOptionalInteger(record['maxRedirects'], 'maxRedirects', 0, 100);
  assertOptionalKind(record['kind']);
  assertMediaExpectation(record['expect']);
  const { sha256, signal } = record;
  if (sha256 !== undefined && !(typeof sha256 === 'string' && /^[0-9a-f]{64}$/i.test(sha256))) {
    throw invalid('sha256', 'must be 64 hexadecimal characters', sha256);
  }
  if (signal !== undefined && !(signal instanceof AbortSignal))
    throw invalid('signal', 'must be an AbortSignal', signal);
  assertOptionalFunction(record['onProgress'], 'onProgress');
  assertOptionalHeaders(record['headers']);
}

/** {@link validateDownloadOptions} plus the retry options. */
export function validateRetryOptions(options: DownloadWithRetryOptions): void {
  validateDownloadOptions(options);
  assertOptionalInteger(options.retries, 'retries', 0, 100);
  assertOptionalInteger(options.minDelayMs, 'minDelayMs', 0, MAX_TIMER_MS);
  assertOptionalInteger(options.maxDelayMs, 'maxDelayMs', 0, MAX_TIMER_MS);
  assertOptionalInteger(options.maxRetryAfterMs, 'maxRetryAfterMs', 0, MAX_TIMER_MS);
  const { jitter } = options;
  if (
    jitter !== undefined &&
    typeof jitter !== 'boolean' &&
    !(typeof jitter === 'number' && jitter >= 0 && jitter <= 1)
  ) {
    throw invalid('jitter', 'must be a boolean or a number from 0 to 1', jitter);
  }
  assertOptionalFunction(options.onRetry, 'onRetry');
  assertOptionalBoolean(options.resume, 'resume');
}

/** Throws INVALID_INPUT for a bad batch option. */
export function validateManyOptions(options: DownloadManyOptions): void {
  const record = optionsRecord(options);
  assertOptionalInteger(record['concurrency'], 'concurrency', 1, 10_000);
  assertOptionalBoolean(record['retry'], 'retry');
}
