import { ErrorCode, PipelineError, ValidationError } from '@ad-pipeline/errors';
import { isMissingPathError } from '../errno.js';
import { describeValue } from '../paths.js';
import { isAssetKind } from '../sniff.js';
import { aspectRatioValue, parseAspectRatio } from './aspect-ratio.js';
import { probeMedia } from './probe-media.js';
import type { MediaExpectation, MediaInfo } from './types.js';

/** Default of `aspectTolerance`: 1 % (1080×1920 and 720×1280 are 9:16; 1080×1918 passes, 1080×1350 does not). */
export const DEFAULT_ASPECT_TOLERANCE = 0.01;

const EXPECTATION_KEYS = new Set([
  'kind',
  'minDurationSec',
  'maxDurationSec',
  'aspectRatio',
  'aspectTolerance',
  'minWidth',
  'minHeight',
  'hasAudio',
  'hasVideo',
]);

function invalid(field: string, problem: string, value: unknown): ValidationError {
  return new ValidationError(`expect.${field} ${problem}`, `expect.${field}`, {
    value: describeValue(value),
  });
}

/**
 * Throws INVALID_INPUT (field `expect.<name>`) unless `expect` is undefined or a valid
 * {@link MediaExpectation}: known keys only, non-negative finite durations with min ≤ max, a
 * `W:H` aspect ratio, a tolerance in [0, 1), positive integer sizes, boolean stream flags.
 */
export function assertMediaExpectation(
  expect: unknown,
): asserts expect is MediaExpectation | undefined {
  if (expect === undefined) return;
  if (typeof expect !== 'object' || expect === null || Array.isArray(expect)) {
    throw new ValidationError('expect must be an object', 'expect', {
      value: describeValue(expect),
    });
  }
  const record = expect as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!EXPECTATION_KEYS.has(key)) throw invalid(key, 'is not a known expectation', record[key]);
  }
  const {
    kind,
    minDurationSec,
    maxDurationSec,
    aspectRatio,
    aspectTolerance,
    minWidth,
    minHeight,
  } = record;
  if (kind !== undefined && !isAssetKind(kind))
    throw invalid('kind', 'must be "video", "audio" or "image"', kind);
  for (const [field, value] of [
    ['minDurationSec', minDurationSec],
    ['maxDurationSec', maxDurationSec],
  ] as const) {
    if (
      value !== undefined &&
      !(typeof value === 'number' && Number.isFinite(value) && value >= 0)
    ) {
      throw invalid(field, 'must be a non-negative number of seconds', value);
    }
  }
  if (
    typeof minDurationSec === 'number' &&
    typeof maxDurationSec === 'number' &&
    minDurationSec > maxDurationSec
  ) {
    throw invalid('minDurationSec', 'must not be greater than maxDurationSec', minDurationSec);
  }
  if (aspectRatio !== undefined) parseAspectRatio(aspectRatio, 'expect.aspectRatio');
  if (
    aspectTolerance !== undefined &&
    !(typeof aspectTolerance === 'number' && aspectTolerance >= 0 && aspectTolerance < 1)
  ) {
    throw invalid('aspectTolerance', 'must be a number from 0 to below 1', aspectTolerance);
  }
  for (const [field, value] of [
    ['minWidth', minWidth],
    ['minHeight', minHeight],
  ] as const) {
    if (
      value !== undefined &&
      !(typeof value === 'number' && Number.isSafeInteger(value) && value > 0)
    ) {
      throw invalid(field, 'must be a positive integer of pixels', value);
    }
  }
  for (const field of ['hasAudio', 'hasVideo'] as const) {
    if (record[field] !== undefined && typeof record[field] !== 'boolean')
      throw invalid(field, 'must be a boolean', record[field]);
  }
}

/** One failed check: the expectation's name and what was found. */
export interface ExpectationMismatch {
  field: keyof MediaExpectation;
  expected: unknown;
  actual: unknown;
}

/** Every check of `expect` that `info` fails, in the order of {@link MediaExpectation}'s fields; [] when it matches. */
export function compareWithExpectation(
  info: MediaInfo,
  expect: MediaExpectation,
): ExpectationMismatch[] {
  const misses: ExpectationMismatch[] = [];
  const miss = (field: keyof MediaExpectation, expected: unknown, actual: unknown): void => {
    misses.push({ field, expected, actual });
  };
  if (expect.kind !== undefined) {
    const streamMissing =
      (expect.kind === 'video' && !info.hasVideo) ||
      (expect.kind === 'audio' && (!info.hasAudio || info.hasVideo));
    if (info.kind !== expect.kind || streamMissing) miss('kind', expect.kind, info.kind ?? null);
  }
  const duration = info.durationSec;
  if (
    expect.minDurationSec !== undefined &&
    !(duration !== undefined && duration >= expect.minDurationSec)
  ) {
    miss('minDurationSec', expect.minDurationSec, duration ?? null);
  }
  if (
    expect.maxDurationSec !== undefined &&
    !(duration !== undefined && duration <= expect.maxDurationSec)
  ) {
    miss('maxDurationSec', expect.maxDurationSec, duration ?? null);
  }
  if (expect.aspectRatio !== undefined) {
    const wanted = aspectRatioValue(expect.aspectRatio) as number;
    const tolerance = expect.aspectTolerance ?? DEFAULT_ASPECT_TOLERANCE;
    const actual = info.width && info.height ? info.width / info.height : undefined;
    if (actual === undefined || Math.abs(actual / wanted - 1) > tolerance)
      miss('aspectRatio', expect.aspectRatio, info.aspectRatio ?? null);
  }
  if (expect.minWidth !== undefined && !((info.width ?? 0) >= expect.minWidth))
    miss('minWidth', expect.minWidth, info.width ?? null);
  if (expect.minHeight !== undefined && !((info.height ?? 0) >= expect.minHeight))
    miss('minHeight', expect.minHeight, info.height ?? null);
  if (expect.hasAudio !== undefined && info.hasAudio !== expect.hasAudio)
    miss('hasAudio', expect.hasAudio, info.hasAudio);
  if (expect.hasVideo !== undefined && info.hasVideo !== expect.hasVideo)
    miss('hasVideo', expect.hasVideo, info.hasVideo);
  return misses;
}

/** The `ASSET_SPEC_MISMATCH` for `misses`: `details.expected`/`details.actual` hold the failed fields only. */
export function specMismatchError(
  source: string,
  misses: ExpectationMismatch[],
  info: MediaInfo,
): PipelineError {
  const expected = Object.fromEntries(misses.map((m) => [m.field, m.expected]));
  const actual = Object.fromEntries(misses.map((m) => [m.field, m.actual]));
  const summary = misses
    .map((m) => `${m.field} ${JSON.stringify(m.expected)} (found ${JSON.stringify(m.actual)})`)
    .join(', ');
  return new PipelineError(
    ErrorCode.ASSET_SPEC_MISMATCH,
    `${source} does not match its spec: ${summary}`,
    {
      filename: source,
      expected,
      actual,
      media: { ...info },
    },
  );
}

/**
 * Probes the file at `path` (an in-progress file before it is kept, or a stored one) and throws
 * `ASSET_SPEC_MISMATCH` unless it meets `expect`. `source` names the asset in the error. Does
 * nothing when `expect` is undefined. A file that was never created (nothing was written) is
 * judged as empty content. Returns the probe result when one was made.
 *
 * @throws PipelineError `ASSET_SPEC_MISMATCH` (not retryable) with `details.expected` and `details.actual`.
 */
export async function verifyAgainstExpect(
  path: string,
  expect: MediaExpectation | undefined,
  source: string,
): Promise<MediaInfo | undefined> {
  if (expect === undefined) return undefined;
  const info = await probeOrEmpty(path);
  const misses = compareWithExpectation(info, expect);
  if (misses.length > 0) throw specMismatchError(source, misses, info);
  return info;
}

const EMPTY: MediaInfo = {
  container: 'unknown',
  mime: 'application/octet-stream',
  kind: undefined,
  hasVideo: false,
  hasAudio: false,
};

async function probeOrEmpty(path: string): Promise<MediaInfo> {
  try {
    return await probeMedia(path);
  } catch (error) {
    // The atomic writer creates its temp file on the first write: none means zero bytes arrived.
    if (isMissingPathError(error) || isMissingPathError((error as { cause?: unknown }).cause))
      return { ...EMPTY };
    throw error;
  }
}
