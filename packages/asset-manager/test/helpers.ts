import { chmod, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { isPipelineError, type PipelineError } from '@ad-pipeline/errors';

/** A fresh, empty temp directory (0755 so an unprivileged user can traverse it); remove with `removeDir`. */
export async function makeTempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'asset-manager-test-'));
  await chmod(dir, 0o755);
  return dir;
}

/** Removes a test directory tree. */
export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/** Awaits `promise`, which must reject with a PipelineError of `code`; returns that error. */
export async function rejectsWith(promise: Promise<unknown>, code: string): Promise<PipelineError> {
  const outcome = await promise.then(
    (value) => ({ rejected: false as const, value }),
    (error: unknown) => ({ rejected: true as const, error }),
  );
  if (!outcome.rejected)
    throw new Error(`expected a ${code} rejection, got ${String(outcome.value)}`);
  const { error } = outcome;
  if (!isPipelineError(error)) throw new Error(`expected a PipelineError, got ${String(error)}`);
  expect(error.code).toBe(code);
  return error;
}

/** Calls `work`, which must throw a PipelineError of `code`; returns that error. */
export function throwsWith(work: () => unknown, code: string): PipelineError {
  try {
    work();
  } catch (error) {
    if (!isPipelineError(error)) throw new Error(`expected a PipelineError, got ${String(error)}`);
    expect(error.code).toBe(code);
    return error;
  }
  throw new Error(`expected a ${code} error, nothing was thrown`);
}

/** Every file and directory below `root`, as paths relative to it, sorted (symlinks not followed). */
export async function listTree(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true }).catch(() => [] as string[]);
  return entries.map(String).sort();
}

/** `size` bytes starting with the given magic bytes (the rest is a repeating pattern). */
export function mediaBytes(magic: readonly number[] | string, size: number): Buffer {
  const head = typeof magic === 'string' ? Buffer.from(magic, 'latin1') : Buffer.from(magic);
  const body = Buffer.alloc(Math.max(0, size - head.length), 0x5a);
  return Buffer.concat([head, body]).subarray(0, size);
}

/** A PNG signature padded to `size` bytes. */
export const pngBytes = (size = 256): Buffer =>
  mediaBytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], size);

/** An MP4 (`ftyp isom`) header padded to `size` bytes. */
export const mp4Bytes = (size = 256): Buffer =>
  mediaBytes('\0\0\0\x20ftypisom\0\0\x02\0isomiso2avc1mp41', size);

/** A WAV (`RIFF....WAVE`) header padded to `size` bytes. */
export const wavBytes = (size = 256): Buffer => mediaBytes('RIFF\x24\0\0\0WAVEfmt ', size);

/**
 * Options that turn the SSRF guard off: the tests' servers listen on 127.0.0.1, which the guard
 * refuses by default. Spread into `new AssetManager(…)` / `createNetworkContext(…)` options.
 */
export const LOOPBACK = { blockPrivateNetworks: false } as const;
