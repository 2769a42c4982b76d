import { lstat, readdir, rm, unlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ValidationError } from '@ad-pipeline/errors';
import { isMissingPathError } from './errno.js';
import { optionsRecord } from './option-checks.js';
import { describeValue, isValidJobId } from './paths.js';
import { isTempFileName } from './temp-files.js';
import { walkTree } from './walk-tree.js';

/** Options of `AssetManager.sweep`. */
export interface SweepOptions {
  /** Age in milliseconds: jobs whose newest entry and temp files last modified longer ago are removed. */
  olderThanMs: number;
}

/** What `AssetManager.sweep` removed (absolute paths). */
export interface SweepResult {
  /** Whole job directories removed because nothing in them changed for `olderThanMs`. */
  removedJobs: string[];
  /** Orphaned in-progress files (`.tmp-*.part`) removed from jobs that were kept. */
  removedTempFiles: string[];
}

function assertSweepArguments(baseDir: unknown, options: unknown): asserts options is SweepOptions {
  if (typeof baseDir !== 'string' || baseDir.length === 0) {
    throw new ValidationError('baseDir must be a non-empty string', 'baseDir', { value: describeValue(baseDir) });
  }
  // Refuse directories that hold far more than jobs: a typo must not empty /tmp or a home directory.
  const resolved = path.resolve(baseDir);
  if ([path.parse(resolved).root, os.tmpdir(), os.homedir()].map((dir) => path.resolve(dir)).includes(resolved)) {
    throw new ValidationError('baseDir must be a dedicated jobs directory', 'baseDir', { value: resolved });
  }
  const { olderThanMs } = optionsRecord(options);
  if (typeof olderThanMs !== 'number' || !Number.isFinite(olderThanMs) || olderThanMs < 0) {
    throw new ValidationError('olderThanMs must be a non-negative number', 'olderThanMs', {
      value: describeValue(olderThanMs),
    });
  }
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
    if (!stats.isFile() || stats.mtimeMs >= cutoffMs || !isTempFileName(path.basename(entryPath))) continue;
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
 * Sweeps `baseDir`: removes job directories (entries named like a job id; symlinks and other
 * non-directories are ignored) in which nothing changed for `olderThanMs`, and orphaned temp files
 * older than that in the jobs it keeps.
 */
export async function sweepJobs(baseDir: string, options: SweepOptions): Promise<SweepResult> {
  assertSweepArguments(baseDir, options);
  const root = path.resolve(baseDir);
  const cutoffMs = Date.now() - options.olderThanMs;
  const result: SweepResult = { removedJobs: [], removedTempFiles: [] };
  let entries;
  try {
    entries = await readdir(root, { withFileTypes: true });
  } catch (error) {
    if (isMissingPathError(error)) return result;
    throw error;
  }
  const jobDirs = entries.filter((entry) => entry.isDirectory() && isValidJobId(entry.name));
  for (const entry of jobDirs.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const jobDir = path.join(root, entry.name);
    try {
      if ((await newestMtime(jobDir)) < cutoffMs) {
        await rm(jobDir, { recursive: true, force: true });
        result.removedJobs.push(jobDir);
      } else {
        result.removedTempFiles.push(...(await removeStaleTempFiles(jobDir, cutoffMs)));
      }
    } catch (error) {
      if (!isMissingPathError(error)) throw error;
    }
  }
  return result;
}
