import { createHash } from 'node:crypto';
import { createReadStream, readdirSync, readlinkSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** The name pattern of an asset-manager in-progress file (`.tmp-<hex>.part`, or any `.tmp-` leftover). */
export const TEMP_FILE_PATTERN = /^\.tmp-/;

/** Every regular file under `dir`, recursively, as absolute paths (sorted); `[]` when `dir` is gone. */
export async function walkFiles(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true, recursive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return entries
    .filter((entry) => !entry.isDirectory())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/** In-progress (`.tmp-*`) files left anywhere under `dir`. */
export async function findTempFiles(dir: string): Promise<string[]> {
  return (await walkFiles(dir)).filter((file) => TEMP_FILE_PATTERN.test(file.slice(file.lastIndexOf('/') + 1)));
}

/** SHA-256 of a file's bytes as lowercase hex, streamed. */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Open descriptors of this process, split into sockets and everything else (Linux `/proc`). */
export function openDescriptors(): { total: number; sockets: number } {
  let sockets = 0;
  const fds = readdirSync('/proc/self/fd');
  for (const fd of fds) {
    try {
      if (readlinkSync(`/proc/self/fd/${fd}`).startsWith('socket:')) sockets++;
    } catch {
      // The descriptor readdir itself used is already closed by now.
    }
  }
  return { total: fds.length, sockets };
}

/** Polls `check` every `intervalMs` until it returns true or `timeoutMs` passes; returns its last answer. */
export async function waitFor(check: () => boolean | Promise<boolean>, { timeoutMs = 5000, intervalMs = 20 } = {}): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
