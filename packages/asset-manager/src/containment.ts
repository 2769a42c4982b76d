import { lstat, mkdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { ErrorCode, PipelineError, ValidationError, errnoCode } from '@ad-pipeline/errors';
import { isInside } from './paths.js';

/**
 * Resolves `target` through every symlink and throws INVALID_INPUT when the real path is not inside
 * the real job directory. Returns the real path. Missing paths reject with the filesystem error.
 */
export async function resolveInsideJob(target: string, jobDir: string): Promise<string> {
  const [realJobDir, realTarget] = await Promise.all([realpath(jobDir), realpath(target)]);
  if (!isInside(realJobDir, realTarget)) {
    throw new ValidationError('path resolves outside the job directory (symlink?)', 'path', {
      path: target,
      resolved: realTarget,
    });
  }
  return realTarget;
}

/** Creates `dir` with `mode` unless it exists (its parent must exist); safe to run concurrently. */
async function mkdirIfMissing(dir: string, mode: number): Promise<void> {
  try {
    await mkdir(dir, { mode });
  } catch (error) {
    if (errnoCode(error) !== 'EEXIST') throw error;
  }
}

/**
 * Throws PERMISSION_DENIED unless `dir` (and, if it is a symlink, the link itself) belongs to this
 * process's user and neither group nor others can write it: otherwise another local user could
 * read, replace or redirect what the job writes. Skipped where there are no POSIX owners (Windows).
 */
async function assertPrivateDir(dir: string, role: 'baseDir' | 'jobDir'): Promise<void> {
  const uid = process.geteuid?.();
  if (uid === undefined) {
    await stat(dir); // no owners to check, but a missing dir still says so (ENOENT)
    return;
  }
  const [link, target] = await Promise.all([lstat(dir), stat(dir)]);
  const problem =
    link.uid !== uid || target.uid !== uid
      ? 'is owned by another user'
      : (target.mode & 0o022) !== 0
        ? 'is writable by group or others'
        : undefined;
  if (problem !== undefined) {
    throw new PipelineError(
      ErrorCode.PERMISSION_DENIED,
      `${role} ${problem}; refusing to use it (chown it or chmod go-w, or choose another baseDir)`,
      { field: role, path: dir, owner: target.uid, mode: (target.mode & 0o7777).toString(8) },
    );
  }
}

/**
 * Makes the base and job directories private before anything is written: creates `baseDir` (parents
 * as needed) and `jobDir` with mode 0700 when missing, then refuses (PERMISSION_DENIED) either one
 * when another user owns it or others can write it, e.g. a `video_jobs` that another local user
 * pre-created in the shared temp directory.
 */
export async function ensurePrivateJobRoot(baseDir: string, jobDir: string): Promise<void> {
  // Checked first, created only when missing: the common case (both exist) is two lstat/stat pairs
  // and no EEXIST error to build. A directory made between the check and the mkdir is checked too.
  if (!(await checkPrivateDir(baseDir, 'baseDir'))) {
    try {
      await mkdirIfMissing(baseDir, 0o700);
    } catch (error) {
      if (errnoCode(error) !== 'ENOENT') throw error;
      // Parents are created only when missing.
      await mkdir(path.dirname(baseDir), { recursive: true });
      await mkdirIfMissing(baseDir, 0o700);
    }
    await assertPrivateDir(baseDir, 'baseDir');
  }
  if (!(await checkPrivateDir(jobDir, 'jobDir'))) {
    await mkdirIfMissing(jobDir, 0o700);
    await assertPrivateDir(jobDir, 'jobDir');
  }
}

/** {@link assertPrivateDir}, but `false` when `dir` does not exist (nothing to check yet). */
async function checkPrivateDir(dir: string, role: 'baseDir' | 'jobDir'): Promise<boolean> {
  try {
    await assertPrivateDir(dir, role);
    return true;
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return false;
    throw error;
  }
}

/**
 * Creates `dir` (the job directory or one of its direct subdirectories) if needed, without letting
 * an existing symlink redirect the write: the result is checked with {@link resolveInsideJob}. The
 * base and job directories are made private first ({@link ensurePrivateJobRoot}).
 * Safe to run concurrently.
 */
export async function ensureDirInsideJob(
  dir: string,
  jobDir: string,
  baseDir?: string,
): Promise<void> {
  // Without `baseDir` the caller has just run ensurePrivateJobRoot itself.
  if (baseDir !== undefined) await ensurePrivateJobRoot(baseDir, jobDir);
  if (dir !== jobDir) {
    try {
      await mkdir(dir);
    } catch (error) {
      if (errnoCode(error) !== 'EEXIST') throw error;
    }
  }
  try {
    await resolveInsideJob(dir, jobDir);
  } catch (error) {
    // It exists (mkdir said so) yet cannot be resolved: a dangling symlink, which may point anywhere.
    if (errnoCode(error) !== 'ENOENT') throw error;
    throw new ValidationError(
      'directory is a dangling symlink',
      'path',
      { path: dir },
      { cause: error },
    );
  }
}
