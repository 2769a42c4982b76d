import { randomBytes } from 'node:crypto';
import { rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { toPipelineError } from '@ad-pipeline/errors';

const TEMP_FILE_NAME = /^\.tmp-.*\.part$/s;

/**
 * A fresh in-progress path `<dir>/.tmp-<16 hex>.part`: same directory as the final file so the
 * commit is an atomic rename; the leading dot hides it from `listFiles` and marks it for `sweep`.
 */
export function createTempPath(dir: string): string {
  return path.join(dir, `.tmp-${randomBytes(8).toString('hex')}.part`);
}

/** Whether a directory entry name is an in-progress (temporary) file. */
export function isTempFileName(name: string): boolean {
  return TEMP_FILE_NAME.test(name);
}

/** Removes an in-progress file; never throws (a missing file is already the wanted state). */
export async function removeTempFile(tempPath: string): Promise<void> {
  try {
    await unlink(tempPath);
  } catch {
    // Best effort: the caller is already handling the real failure, and sweep() collects leftovers.
  }
}

/**
 * Moves a finished temp file onto its final path with one rename, so readers see the old file or
 * the whole new one. A symlink at `finalPath` is replaced, never followed. On failure the temp
 * file is removed and the error is rethrown as a PipelineError.
 */
export async function commitTempFile(tempPath: string, finalPath: string): Promise<void> {
  try {
    await rename(tempPath, finalPath);
  } catch (error) {
    await removeTempFile(tempPath);
    throw toPipelineError(error);
  }
}
