import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh directory under the OS temp dir, and a way to remove it. */
export interface TempDir {
  readonly path: string;
  /** Removes the directory and everything in it. Idempotent. */
  remove(): Promise<void>;
}

/** Creates a fresh temp directory named `harness-<label>-XXXXXX`. */
export async function makeTempDir(label: string): Promise<TempDir> {
  const path = await mkdtemp(join(tmpdir(), `harness-${label}-`));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}
