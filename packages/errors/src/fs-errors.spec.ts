import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { categorizeError, shouldRetry, toPipelineError } from './index.js';

// Real filesystem failures in a temp dir: classified as storage problems, never retried blindly.

/** The rejection of `run()`; a fulfilment fails the test. */
const rejectionOf = (run: () => Promise<unknown>): Promise<unknown> =>
  run().then(
    () => Promise.reject(new Error('expected a failure')),
    (error: unknown) => error,
  );

let dir: string;

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'errors-fs-'));
});

afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

/**
 * Runs `work` with permission checks in force: as root (where a 0o000 mode does not block reads) the
 * effective user is `nobody` for the duration; any other user is already subject to them.
 */
async function withoutRootPrivileges<T>(work: () => Promise<T>): Promise<T> {
  const isRoot = process.geteuid?.() === 0;
  if (isRoot) process.seteuid?.(65534);
  try {
    return await work();
  } finally {
    if (isRoot) process.seteuid?.(0);
  }
}

describe('real filesystem failures', () => {
  it('ENOENT: STORAGE_ERROR, not retried, path kept in details only', async () => {
    const missing = path.join(dir, 'missing.mp4');
    const error = await rejectionOf(() => fs.readFile(missing));
    expect(categorizeError(error)).toBe('STORAGE_ERROR');
    expect(shouldRetry(error)).toBe(false);
    const wrapped = toPipelineError(error);
    expect(wrapped).toMatchObject({ code: 'STORAGE_ERROR', retryable: false, cause: error });
    expect(wrapped.details).toEqual({ code: 'ENOENT', syscall: 'open', path: missing });
    expect(wrapped.getUserFriendlyMessage()).not.toContain(dir);
    expect(JSON.stringify(wrapped.toProblemDetails())).not.toContain(dir);
  });

  it('EISDIR: STORAGE_ERROR', async () => {
    const error = await rejectionOf(() => fs.readFile(dir));
    expect(error).toMatchObject({ code: 'EISDIR' });
    expect(categorizeError(error)).toBe('STORAGE_ERROR');
  });

  it('EEXIST and ENOTDIR: STORAGE_ERROR', async () => {
    const file = path.join(dir, 'a.txt');
    await fs.writeFile(file, 'x');
    const exists = await rejectionOf(() => fs.mkdir(file));
    const notDir = await rejectionOf(() => fs.readFile(path.join(file, 'child')));
    expect([categorizeError(exists), categorizeError(notDir)]).toEqual([
      'STORAGE_ERROR',
      'STORAGE_ERROR',
    ]);
  });

  (existsSync('/dev/full') ? it : it.skip)('ENOSPC (writing to /dev/full): DISK_FULL', async () => {
    const error = await rejectionOf(() => fs.writeFile('/dev/full', 'x'));
    expect(error).toMatchObject({ code: 'ENOSPC' });
    expect(categorizeError(error)).toBe('DISK_FULL');
    expect(toPipelineError(error)).toMatchObject({ httpStatus: 507, retryable: false });
  });

  (process.platform === 'win32' ? it.skip : it)(
    'EACCES (unreadable file): PERMISSION_DENIED',
    async () => {
      const file = path.join(dir, 'locked.txt');
      await fs.writeFile(file, 'x');
      await fs.chmod(file, 0o000);
      // Traversable by anyone, so the file's own mode is what refuses the read.
      await fs.chmod(dir, 0o755);
      const error = await withoutRootPrivileges(() => rejectionOf(() => fs.readFile(file)));
      expect(error).toMatchObject({ code: 'EACCES', syscall: 'open' });
      expect(categorizeError(error)).toBe('PERMISSION_DENIED');
    },
  );
});
