import { lstat, readdir, realpath, rm, unlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ErrorCode, PipelineError, ValidationError, toPipelineError } from '@ad-pipeline/errors';
import { isMissingPathError } from './errno.js';
import { optionsRecord } from './option-checks.js';
import { describeValue, isInside, isSubdir, isValidJobId } from './paths.js';
import { isTempFileName } from './temp-files.js';
import { walkTree } from './walk-tree.js';

/** Options of `AssetManager.sweep`. */
export interface SweepOptions {
  /** Age in milliseconds: jobs whose newest entry and temp files last modified longer ago are removed. */
  olderThanMs: number;
}

/** A job directory the sweep could not examine or remove, and why. */
export interface SweepFailure {
  /** Absolute real path of the job directory. */
  path: string;
  /** What went wrong (e.g. `PERMISSION_DENIED` for an unreadable job), original error as `cause`. */
  error: PipelineError;
}

/** What `AssetManager.sweep` removed (absolute real paths: the base directory's symlinks resolved). */
export interface SweepResult {
  /** Whole job directories removed because nothing in them changed for `olderThanMs`. */
  removedJobs: string[];
  /** Orphaned in-progress files (`.tmp-*.part`) removed from jobs that were kept. */
  removedTempFiles: string[];
  /** Jobs left in place because they could not be examined or removed; the rest of the sweep went on. */
  failedJobs: SweepFailure[];
}

function assertSweepArguments(baseDir: unknown, options: unknown): asserts options is SweepOptions {
  if (typeof baseDir !== 'string' || baseDir.length === 0) {
    throw new ValidationError('baseDir must be a non-empty string', 'baseDir', {
      value: describeValue(baseDir),
    });
  }
  const { olderThanMs } = optionsRecord(options);
  if (typeof olderThanMs !== 'number' || !Number.isFinite(olderThanMs) || olderThanMs < 0) {
    throw new ValidationError('olderThanMs must be a non-negative number', 'olderThanMs', {
      value: describeValue(olderThanMs),
    });
  }
}

/** The real path of `dir`, or `dir` resolved lexically when it does not exist. */
async function realOrResolved(dir: string): Promise<string> {
  try {
    return await realpath(dir);
  } catch {
    return path.resolve(dir);
  }
}

/**
 * Throws unless the real `baseDir` is a dedicated jobs directory: not the filesystem root, the temp
 * directory, the home directory, nor anything that contains them (a typo or a symlink must not empty
 * /tmp or a home), and (POSIX) owned by this user. Returns the real path.
 */
async function assertDedicatedBase(baseDir: string): Promise<string> {
  const real = await realpath(baseDir);
  const protectedDirs = await Promise.all([os.tmpdir(), os.homedir()].map(realOrResolved));
  if (protectedDirs.some((dir) => isInside(real, dir))) {
    throw new ValidationError('baseDir must be a dedicated jobs directory', 'baseDir', {
      value: path.resolve(baseDir),
      resolved: real,
    });
  }
  const uid = process.geteuid?.();
  const owner = (await lstat(real)).uid;
  if (uid !== undefined && owner !== uid) {
    throw new PipelineError(
      ErrorCode.PERMISSION_DENIED,
      'baseDir is owned by another user; refusing to sweep it',
      {
        field: 'baseDir',
        path: real,
        owner,
      },
    );
  }
  return real;
}

/** The most recent modification time (ms) of a directory and everything below it, symlinks not followed. */
async function newestMtime(dir: string): Promise<number> {
  let newest = (await lstat(dir)).mtimeMs;
  for await (const { stats } of walkTree(dir)) newest = Math.max(newest, stats.mtimeMs);
  return newest;
}

/** Removes the stale in-progress files of one job; returns their paths. */
async function removeStaleTempFiles(jobDir: string, cutoffMs: number): Promise<string[]> {
  const removed: string[] = [];
  for await (const { path: entryPath, stats } of walkTree(jobDir)) {
    if (!stats.isFile() || stats.mtimeMs >= cutoffMs || !isTempFileName(path.basename(entryPath)))
      continue;
    try {
      await unlink(entryPath);
      removed.push(entryPath);
    } catch (error) {
      if (!isMissingPathError(error)) throw error;
    }
  }
  return removed;
}

/**
 * Whether `dir` has the shape of a job directory (what `createJobDirectory`, saves and downloads
 * leave): at least one of the job subdirectories (`scenes`, `audio`, `final`), no other
 * subdirectory, and nothing but regular files beside them (no symlink, socket, device). A folder
 * that merely has a job-id-like name (`src`, `docs`, `project1`) is never swept.
 */
async function looksLikeJobDir(dir: string): Promise<boolean> {
  const entries = await readdir(dir, { withFileTypes: true });
  let layout = false;
  for (const entry of entries) {
    if (entry.isDirectory()) {
      if (!isSubdir(entry.name)) return false;
      layout = true;
    } else if (!entry.isFile()) {
      return false;
    }
  }
  return layout;
}

/** Sweeps one job directory (a real path directly below the real base); throws what went wrong. */
async function sweepJob(
  root: string,
  jobDir: string,
  cutoffMs: number,
  result: SweepResult,
): Promise<void> {
  // Checked on real paths, just before acting: the entry must still be a real directory of this base.
  const stats = await lstat(jobDir);
  if (!stats.isDirectory() || path.dirname(await realpath(jobDir)) !== root) return;
  if (!(await looksLikeJobDir(jobDir))) return;
  if ((await newestMtime(jobDir)) < cutoffMs) {
    await rm(jobDir, { recursive: true, force: true });
    result.removedJobs.push(jobDir);
  } else {
    result.removedTempFiles.push(...(await removeStaleTempFiles(jobDir, cutoffMs)));
  }
}

/**
 * Sweeps `baseDir`: removes job directories (entries named like a job id and shaped like a job:
 * `scenes`/`audio`/`final` subdirectories and regular files only; symlinks, other non-directories
 * and other folders are left alone) in which nothing changed for `olderThanMs`, and orphaned temp files
 * older than that in the jobs it keeps. `baseDir` is resolved to its real path first and must be a
 * dedicated jobs directory (INVALID_INPUT for the root, the temp or home directory or anything holding
 * them, PERMISSION_DENIED when another user owns it). A job that cannot be examined or removed is
 * reported in `failedJobs`; the others are still swept.
 */
export async function sweepJobs(baseDir: string, options: SweepOptions): Promise<SweepResult> {
  assertSweepArguments(baseDir, options);
  const cutoffMs = Date.now() - options.olderThanMs;
  const result: SweepResult = { removedJobs: [], removedTempFiles: [], failedJobs: [] };
  let root: string;
  let entries;
  try {
    root = await assertDedicatedBase(baseDir);
    entries = await readdir(root, { withFileTypes: true });
  } catch (error) {
    if (isMissingPathError(error)) return result;
    throw error;
  }
  const jobDirs = entries.filter((entry) => entry.isDirectory() && isValidJobId(entry.name));
  for (const entry of jobDirs.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const jobDir = path.join(root, entry.name);
    try {
      await sweepJob(root, jobDir, cutoffMs, result);
    } catch (error) {
      if (!isMissingPathError(error))
        result.failedJobs.push({ path: jobDir, error: toPipelineError(error) });
    }
  }
  return result;
}
