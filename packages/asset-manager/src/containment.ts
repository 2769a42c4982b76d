import { mkdir, realpath } from 'node:fs/promises';
import { ValidationError, errnoCode } from '@ad-pipeline/errors';
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

/**
 * Creates `dir` (the job directory or one of its direct subdirectories) if needed, without letting
 * an existing symlink redirect the write: the result is checked with {@link resolveInsideJob}.
 * Safe to run concurrently.
 */
export async function ensureDirInsideJob(dir: string, jobDir: string): Promise<void> {
  await mkdir(jobDir, { recursive: true });
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
    throw new ValidationError('directory is a dangling symlink', 'path', { path: dir }, { cause: error });
  }
}
