import type { Stats } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';
import { isMissingPathError } from './errno.js';

/** One entry found by {@link walkTree}. */
export interface TreeEntry {
  /** Absolute path of the entry. */
  path: string;
  /** Its own metadata (`lstat`: a symlink is reported as a symlink). */
  stats: Stats;
}

/**
 * Yields every entry below `root` (not `root` itself), parents before children, never following
 * symlinks. Entries that vanish while walking are skipped; a missing `root` yields nothing.
 */
export async function* walkTree(root: string): AsyncGenerator<TreeEntry> {
  let names: string[];
  try {
    names = await readdir(root);
  } catch (error) {
    if (isMissingPathError(error)) return;
    throw error;
  }
  for (const name of names.sort()) {
    const entryPath = path.join(root, name);
    let stats: Stats;
    try {
      stats = await lstat(entryPath);
    } catch (error) {
      if (isMissingPathError(error)) continue;
      throw error;
    }
    yield { path: entryPath, stats };
    if (stats.isDirectory()) yield* walkTree(entryPath);
  }
}
