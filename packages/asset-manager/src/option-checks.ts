import { ValidationError } from '@ad-pipeline/errors';
import { describeValue } from './paths.js';
import { isAssetKind } from './sniff.js';

/** Throws INVALID_INPUT unless `options` is an object; returns it for field checks. */
export function optionsRecord(options: unknown, field = 'options'): Record<string, unknown> {
  if (typeof options !== 'object' || options === null) {
    throw new ValidationError(`${field} must be an object`, field, {
      value: describeValue(options),
    });
  }
  return options as Record<string, unknown>;
}

/** Throws INVALID_INPUT unless `value` is undefined or a non-negative safe integer (a byte count). */
export function assertOptionalByteCount(value: unknown, field: string): void {
  if (
    value !== undefined &&
    !(typeof value === 'number' && Number.isSafeInteger(value) && value >= 0)
  ) {
    throw new ValidationError(`${field} must be a non-negative integer`, field, {
      value: describeValue(value),
    });
  }
}

/** Throws INVALID_INPUT unless `value` is undefined or an asset kind. */
export function assertOptionalKind(value: unknown, field = 'kind'): void {
  if (value !== undefined && !isAssetKind(value)) {
    throw new ValidationError(`${field} must be "video", "audio" or "image"`, field, {
      value: describeValue(value),
    });
  }
}
