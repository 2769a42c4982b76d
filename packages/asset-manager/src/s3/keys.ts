import { ValidationError } from '@ad-pipeline/errors';
import { assertFilename, assertJobId, assertSubdir, describeValue, isSubdir, type Subdir } from '../paths.js';

/** A job file's place: its subdirectory (undefined: the job root) and its filename. */
export interface JobFileRef {
  subdir: Subdir | undefined;
  filename: string;
}

// Each prefix segment follows the filename rule (no dot start, no separators or control characters),
// so a prefix can never climb out of itself or hide inside another job's keys.
const PREFIX_SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

/**
 * Normalises `prefix` to `''` or `'seg/seg/'` (a trailing `/` is added). Throws INVALID_INPUT for
 * anything but `/`-separated segments of `[A-Za-z0-9._-]` not starting with a dot.
 */
export function normalizePrefix(prefix: unknown): string {
  if (prefix === undefined || prefix === '') return '';
  if (typeof prefix !== 'string' || prefix.length > 512) {
    throw new ValidationError('prefix must be a string of at most 512 characters', 'prefix', {
      value: describeValue(prefix),
    });
  }
  const segments = prefix.endsWith('/') ? prefix.slice(0, -1).split('/') : prefix.split('/');
  if (!segments.every((segment) => PREFIX_SEGMENT.test(segment))) {
    throw new ValidationError(
      'prefix must be "/"-separated segments of [A-Za-z0-9._-] that do not start with "."',
      'prefix',
      { value: describeValue(prefix) },
    );
  }
  return `${segments.join('/')}/`;
}

/**
 * Parses `relativePath`, a job file as `filename` (job root) or `subdir/filename`, under the same
 * rules as `saveFile`'s names: anything else (`..`, absolute paths, other separators, dot names)
 * is INVALID_INPUT, so a path can never reach another job's keys.
 */
export function parseRelativePath(relativePath: unknown): JobFileRef {
  if (typeof relativePath !== 'string') {
    throw new ValidationError('relativePath must be a string', 'relativePath', {
      value: describeValue(relativePath),
    });
  }
  const slash = relativePath.indexOf('/');
  if (slash === -1) {
    assertFilename(relativePath);
    return { subdir: undefined, filename: relativePath };
  }
  const subdir = relativePath.slice(0, slash);
  const filename = relativePath.slice(slash + 1);
  assertSubdir(subdir);
  assertFilename(filename);
  return { subdir, filename };
}

/** The parsed file when `relativePath` is a valid job path, else undefined (never throws). */
export function tryParseRelativePath(relativePath: string): JobFileRef | undefined {
  const slash = relativePath.indexOf('/');
  const subdir = slash === -1 ? undefined : relativePath.slice(0, slash);
  if (subdir !== undefined && !isSubdir(subdir)) return undefined;
  try {
    return parseRelativePath(relativePath);
  } catch {
    return undefined;
  }
}

/** `subdir/filename`, or `filename` for the job root. */
export function relativePathOf({ subdir, filename }: JobFileRef): string {
  return subdir === undefined ? filename : `${subdir}/${filename}`;
}

/** Builds and reads the keys of one store: `<prefix><jobId>/<relativePath>`. */
export class KeyLayout {
  constructor(readonly prefix: string) {}

  /** `<prefix><jobId>/`: every key of the job, and no other job's (job ids contain no `/`). */
  jobPrefix(jobId: string): string {
    assertJobId(jobId);
    return `${this.prefix}${jobId}/`;
  }

  /** The key of one job file; validates both parts. */
  fileKey(jobId: string, relativePath: string): { key: string; ref: JobFileRef } {
    const ref = parseRelativePath(relativePath);
    return { key: `${this.jobPrefix(jobId)}${relativePathOf(ref)}`, ref };
  }

  /** A hidden staging key below the job (dot names are never job files, so never listed or restored). */
  stagingKey(jobId: string, id: string): string {
    return `${this.jobPrefix(jobId)}.staging/${id}`;
  }
}
