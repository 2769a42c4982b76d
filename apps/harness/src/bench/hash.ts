import { stat } from 'node:fs/promises';
import { sha256File } from '../probes.js';
import { benchError } from './bench-error.js';

/** Size and SHA-256 (hex) of a file's contents. */
export interface FileDigest {
  size: number;
  sha256: string;
}

/** Whether `file` exists with exactly the expected size and SHA-256. */
export async function hasDigest(file: string, expected: FileDigest): Promise<boolean> {
  const info = await stat(file).catch(() => undefined);
  return info?.size === expected.size && (await sha256File(file)) === expected.sha256;
}

/** Throw unless `file` has exactly the expected size and SHA-256 (the bench never counts a corrupt transfer). */
export async function verifyFile(file: string, expected: FileDigest, label: string): Promise<void> {
  const info = await stat(file).catch((error: unknown) => {
    throw benchError(`${label}: ${file} is missing`, error);
  });
  if (info.size !== expected.size) throw benchError(`${label}: ${file} has ${info.size} bytes, expected ${expected.size}`);
  if ((await sha256File(file)) !== expected.sha256) throw benchError(`${label}: ${file} has the wrong SHA-256`);
}
