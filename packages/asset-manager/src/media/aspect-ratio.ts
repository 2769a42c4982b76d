import { ValidationError } from '@ad-pipeline/errors';

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/** `1080, 1920` → `'9:16'`; undefined unless both are positive integers. */
export function reduceAspectRatio(width: number, height: number): string | undefined {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0)
    return undefined;
  const divisor = gcd(width, height);
  return `${width / divisor}:${height / divisor}`;
}

const RATIO = /^([1-9]\d{0,5}(?:\.\d{1,6})?):([1-9]\d{0,5}(?:\.\d{1,6})?)$/;

/** `'9:16'` → 0.5625 (width / height); undefined for anything that is not `W:H` with positive numbers. */
export function aspectRatioValue(ratio: unknown): number | undefined {
  if (typeof ratio !== 'string') return undefined;
  const match = RATIO.exec(ratio);
  if (!match) return undefined;
  return Number(match[1]) / Number(match[2]);
}

/** Throws INVALID_INPUT unless `ratio` is a `W:H` string; returns width / height. */
export function parseAspectRatio(ratio: unknown, field: string): number {
  const value = aspectRatioValue(ratio);
  if (value === undefined) {
    throw new ValidationError(`${field} must be "W:H" with positive numbers, e.g. "9:16"`, field);
  }
  return value;
}
