import path from 'node:path';
import { ValidationError } from '@ad-pipeline/errors';

/** A standard job subdirectory; omitting it means the job root. */
export type Subdir = 'scenes' | 'audio' | 'final';

/** Every standard job subdirectory, in layout order. */
export const SUBDIRS: readonly Subdir[] = Object.freeze(['scenes', 'audio', 'final'] as const);

/** Longest filename accepted, in UTF-8 bytes (the usual NAME_MAX). */
export const MAX_FILENAME_BYTES = 255;

const JOB_ID = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$/;
// Separators, C0/C1 control characters (NUL included) and lone surrogates, which UTF-8 cannot encode as given.
const FORBIDDEN_IN_FILENAME = /[/\\\p{Cc}\p{Cs}]/u;
// Bidirectional controls make a name display as another (`ok\u202Egnp.exe` shows as `okexe.png`).
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;

/** A short, JSON-safe rendering of a rejected value for error details. */
export function describeValue(value: unknown): string {
  if (typeof value !== 'string') return value === null ? 'null' : typeof value;
  const shown = JSON.stringify(value);
  return shown.length > 80 ? `${shown.slice(0, 77)}...` : shown;
}

/** Whether `jobId` is 1–128 of `[A-Za-z0-9._-]` and does not start with a dot. */
export function isValidJobId(jobId: unknown): jobId is string {
  return typeof jobId === 'string' && JOB_ID.test(jobId);
}

/** Throws INVALID_INPUT unless `jobId` is 1–128 of `[A-Za-z0-9._-]` and does not start with a dot. */
export function assertJobId(jobId: unknown): asserts jobId is string {
  if (!isValidJobId(jobId)) {
    throw new ValidationError(
      'jobId must be 1-128 characters of [A-Za-z0-9._-] and must not start with "."',
      'jobId',
      { value: describeValue(jobId) },
    );
  }
}

/** Whether `value` names a standard subdirectory. */
export function isSubdir(value: unknown): value is Subdir {
  return typeof value === 'string' && (SUBDIRS as readonly string[]).includes(value);
}

/** Throws INVALID_INPUT unless `subdir` is omitted or one of {@link SUBDIRS}. */
export function assertSubdir(subdir: unknown): asserts subdir is Subdir | undefined {
  if (subdir !== undefined && !isSubdir(subdir)) {
    throw new ValidationError(`subdir must be one of ${SUBDIRS.join(', ')} or omitted`, 'subdir', {
      value: describeValue(subdir),
      allowed: [...SUBDIRS],
    });
  }
}

/** Why `filename` is unsafe, or undefined when it is a plain, safe name. */
function filenameProblem(filename: unknown): string | undefined {
  if (typeof filename !== 'string') return 'must be a string';
  if (filename.length === 0) return 'must not be empty';
  if (Buffer.byteLength(filename, 'utf8') > MAX_FILENAME_BYTES) {
    return `must be at most ${MAX_FILENAME_BYTES} bytes in UTF-8`;
  }
  if (FORBIDDEN_IN_FILENAME.test(filename)) {
    return 'must not contain "/", "\\", NUL or control characters';
  }
  if (BIDI_CONTROLS.test(filename)) {
    return 'must not contain bidirectional control characters (they make a name display as another)';
  }
  // Leading or trailing white space is invisible in listings and stripped by many tools.
  if (filename.trim() !== filename) return 'must not start or end with white space';
  // Also covers "." and "..": dot names are reserved for in-progress files.
  if (filename.startsWith('.')) return 'must not start with "."';
  return undefined;
}

/** Throws INVALID_INPUT unless `filename` is a single, safe path segment (see the README's rules). */
export function assertFilename(filename: unknown): asserts filename is string {
  const problem = filenameProblem(filename);
  if (problem !== undefined) {
    throw new ValidationError(`filename ${problem}`, 'filename', { value: describeValue(filename) });
  }
}

/** Whether `candidate` is `root` itself or lies below it (lexically; resolve symlinks first). */
export function isInside(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  if (relative === '') return true;
  return relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}
