import fsPromises from 'node:fs/promises';
import {
  chmod,
  chown,
  lchown,
  lstat,
  lutimes,
  mkdir,
  symlink,
  utimes,
  writeFile,
} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ErrorCode } from '@ad-pipeline/errors';
import { listTree, makeTempDir, rejectsWith, removeDir } from '../test/helpers.js';
import { AssetManager } from './asset-manager.js';
import { createTempPath } from './temp-files.js';

const HOUR_MS = 60 * 60 * 1000;
let baseDir: string;

beforeEach(async () => {
  baseDir = await makeTempDir();
});
afterEach(async () => {
  await removeDir(baseDir);
});

/** Sets the access and modification time of each path to `ageMs` ago. */
async function age(ageMs: number, ...paths: string[]): Promise<void> {
  const when = new Date(Date.now() - ageMs);
  for (const entry of paths) await utimes(entry, when, when);
}

/** The job directory and every non-symlink entry in it. */
async function jobEntries(job: AssetManager): Promise<string[]> {
  const entries = (await listTree(job.jobDir)).map((entry) => path.join(job.jobDir, entry));
  const own = await Promise.all(
    entries.map(async (entry) => ((await lstat(entry)).isSymbolicLink() ? [] : [entry])),
  );
  return [...own.flat(), job.jobDir];
}

/** A job with one scene file, every entry of it `ageMs` old. */
async function jobAged(jobId: string, ageMs: number): Promise<AssetManager> {
  const manager = new AssetManager(jobId, { baseDir });
  await manager.createJobDirectory();
  const file = await manager.saveFile('scene', 'scene.png', 'scenes');
  await age(ageMs, file, manager.scenesDir, manager.audioDir, manager.finalDir, manager.jobDir);
  return manager;
}

describe('AssetManager.sweep', () => {
  it('removes jobs in which nothing changed for olderThanMs and keeps fresh ones', async () => {
    const old = await jobAged('old-job', 3 * HOUR_MS);
    const fresh = await jobAged('fresh-job', 0);
    const result = await AssetManager.sweep(baseDir, { olderThanMs: 2 * HOUR_MS });
    expect(result).toEqual({ removedJobs: [old.jobDir], removedTempFiles: [], failedJobs: [] });
    expect(await listTree(baseDir)).toEqual(
      [
        'fresh-job',
        'fresh-job/audio',
        'fresh-job/final',
        'fresh-job/scenes',
        'fresh-job/scenes/scene.png',
      ].map(path.normalize),
    );
    expect(await fresh.listFiles('scenes')).toHaveLength(1);
  });

  it('keeps an old job in which one file changed recently', async () => {
    const job = await jobAged('busy-job', 3 * HOUR_MS);
    await age(0, path.join(job.scenesDir, 'scene.png'));
    const result = await AssetManager.sweep(baseDir, { olderThanMs: 2 * HOUR_MS });
    expect(result.removedJobs).toEqual([]);
  });

  it('removes orphaned temp files older than olderThanMs from the jobs it keeps, and only those', async () => {
    const job = await jobAged('live-job', 0);
    const orphan = createTempPath(job.scenesDir);
    const rootOrphan = createTempPath(job.jobDir);
    const inProgress = createTempPath(job.audioDir);
    const oldLookalike = path.join(job.finalDir, '.tmp-notes.txt');
    for (const file of [orphan, rootOrphan, inProgress, oldLookalike])
      await writeFile(file, 'partial');
    await age(3 * HOUR_MS, orphan, rootOrphan, oldLookalike);
    const result = await AssetManager.sweep(baseDir, { olderThanMs: 2 * HOUR_MS });
    expect(result.removedJobs).toEqual([]);
    expect([...result.removedTempFiles].sort()).toEqual([orphan, rootOrphan].sort());
    const kept = await listTree(job.jobDir);
    expect(kept).toEqual(
      expect.arrayContaining([
        path.relative(job.jobDir, inProgress),
        path.relative(job.jobDir, oldLookalike),
      ]),
    );
    expect(kept).not.toEqual(expect.arrayContaining([path.relative(job.jobDir, orphan)]));
    expect(kept).not.toEqual(expect.arrayContaining([path.relative(job.jobDir, rootOrphan)]));
  });

  it('never follows symlinks and ignores non-directories and names that are not job ids', async () => {
    const outside = await makeTempDir();
    try {
      const precious = path.join(outside, 'precious.txt');
      await writeFile(precious, 'keep');
      await age(5 * HOUR_MS, precious, outside);
      const linkedJob = path.join(baseDir, 'linked-job');
      await symlink(outside, linkedJob);
      const stray = path.join(baseDir, 'stray-file.txt');
      await writeFile(stray, 'x');
      const dotDir = path.join(baseDir, '.not-a-job');
      await mkdir(dotDir);
      const job = await jobAged('with-link', 0);
      const outsideTemp = createTempPath(outside);
      await writeFile(outsideTemp, 'x');
      await age(5 * HOUR_MS, stray, dotDir, outsideTemp);
      await symlink(outside, path.join(job.scenesDir, 'escape'));

      const result = await AssetManager.sweep(baseDir, { olderThanMs: HOUR_MS });
      expect(result).toEqual({ removedJobs: [], removedTempFiles: [], failedJobs: [] });
      expect(await listTree(outside)).toEqual([path.basename(outsideTemp), 'precious.txt'].sort());
      expect(await listTree(baseDir)).toEqual(
        expect.arrayContaining(['linked-job', 'stray-file.txt', '.not-a-job']),
      );
    } finally {
      await removeDir(outside);
    }
  });

  it('an old job with a symlink inside is removed without touching the link target', async () => {
    const outside = await makeTempDir();
    try {
      await writeFile(path.join(outside, 'keep.txt'), 'keep');
      const job = await jobAged('stale', 0);
      const link = path.join(job.scenesDir, 'link');
      await symlink(outside, link);
      const longAgo = new Date(Date.now() - 3 * HOUR_MS);
      await lutimes(link, longAgo, longAgo);
      await age(3 * HOUR_MS, ...(await jobEntries(job)));
      const result = await AssetManager.sweep(baseDir, { olderThanMs: HOUR_MS });
      expect(result).toEqual({ removedJobs: [job.jobDir], removedTempFiles: [], failedJobs: [] });
      expect(await listTree(baseDir)).toEqual([]);
      expect(await listTree(outside)).toEqual(['keep.txt']);
    } finally {
      await removeDir(outside);
    }
  });

  it('never removes a folder that only has a job-id-like name: it must be shaped like a job', async () => {
    // A project folder swept by mistake: names are valid job ids, but no scenes/audio/final layout.
    const project = path.join(baseDir, 'src');
    await mkdir(path.join(project, 'lib'), { recursive: true });
    await writeFile(path.join(project, 'precious.txt'), 'keep');
    const mixed = path.join(baseDir, 'mixed');
    await mkdir(path.join(mixed, 'scenes'), { recursive: true });
    await mkdir(path.join(mixed, 'node_modules'));
    const job = await jobAged('real-job', 0);
    await age(3 * HOUR_MS, project, path.join(project, 'lib'), path.join(project, 'precious.txt'));
    await age(3 * HOUR_MS, mixed, path.join(mixed, 'scenes'), path.join(mixed, 'node_modules'));
    await age(3 * HOUR_MS, ...(await jobEntries(job)));
    const result = await AssetManager.sweep(baseDir, { olderThanMs: HOUR_MS });
    expect(result.removedJobs).toEqual([job.jobDir]);
    expect(await listTree(project)).toEqual(['lib', 'precious.txt']);
    expect(await listTree(mixed)).toEqual(['node_modules', 'scenes']);
  });

  it('returns empty results for a missing baseDir', async () => {
    expect(await AssetManager.sweep(path.join(baseDir, 'none'), { olderThanMs: 0 })).toEqual({
      removedJobs: [],
      removedTempFiles: [],
      failedJobs: [],
    });
  });

  it.each([
    ['an empty baseDir', '', { olderThanMs: 1 }],
    ['a missing olderThanMs', 'x', {}],
    ['a negative olderThanMs', 'x', { olderThanMs: -1 }],
    ['a NaN olderThanMs', 'x', { olderThanMs: Number.NaN }],
    ['no options', 'x', undefined],
  ])('rejects %s with INVALID_INPUT', async (_label, dir, options) => {
    await rejectsWith(AssetManager.sweep(dir, options as never), ErrorCode.INVALID_INPUT);
  });
});

/**
 * The sweep's refusals, tested without any real system path at risk: the temp and home directories
 * are throw-away directories full of stale job-named directories, and while a test runs every
 * destructive filesystem call (and readdir, which a sweep needs before deleting) fails loudly, so a
 * broken guard deletes nothing, not even under the filesystem root.
 */
describe('AssetManager.sweep refuses what is not a dedicated jobs directory', () => {
  let fakeTmp: string;
  let fakeHome: string;
  let touched: string[];

  /** A directory holding stale entries named like job ids, which a broken guard would remove. */
  async function stalePlayground(dir: string): Promise<void> {
    for (const name of ['job-a', 'cache', 'Documents']) {
      await mkdir(path.join(dir, name));
      await age(3 * HOUR_MS, path.join(dir, name));
    }
  }

  beforeEach(async () => {
    fakeTmp = path.join(baseDir, 'tmp');
    fakeHome = path.join(baseDir, 'home', 'user');
    await mkdir(fakeTmp);
    await mkdir(fakeHome, { recursive: true });
    await stalePlayground(fakeTmp);
    await stalePlayground(fakeHome);
    jest.spyOn(os, 'tmpdir').mockReturnValue(fakeTmp);
    jest.spyOn(os, 'homedir').mockReturnValue(fakeHome);
    touched = [];
    for (const name of ['readdir', 'rm', 'unlink', 'rmdir'] as const) {
      jest.spyOn(fsPromises, name).mockImplementation((async (target: unknown) => {
        touched.push(`${name} ${String(target)}`);
        throw new Error(`test: ${name} must not be reached`);
      }) as never);
    }
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    // Nothing in the playgrounds was removed.
    expect(await listTree(fakeTmp)).toEqual(['Documents', 'cache', 'job-a']);
    expect(await listTree(fakeHome)).toEqual(['Documents', 'cache', 'job-a']);
  });

  it.each([
    ['the filesystem root', () => path.parse(process.cwd()).root],
    ['the temp dir', () => fakeTmp],
    ['the temp dir spelled with a trailing slash and ..', () => `${fakeTmp}/../tmp/`],
    ['the home directory', () => fakeHome],
    ['a directory holding the home directories', () => path.dirname(fakeHome)],
    ['a symlink to the temp dir', () => path.join(baseDir, 'link-to-tmp')],
    ['a symlink to the home directory', () => path.join(baseDir, 'link-to-home')],
    ['a symlink to a symlink to the temp dir', () => path.join(baseDir, 'link-to-link')],
  ])('%s is INVALID_INPUT and nothing is read or removed', async (_label, dir) => {
    await symlink(fakeTmp, path.join(baseDir, 'link-to-tmp'));
    await symlink(fakeHome, path.join(baseDir, 'link-to-home'));
    await symlink(path.join(baseDir, 'link-to-tmp'), path.join(baseDir, 'link-to-link'));
    const error = await rejectsWith(
      AssetManager.sweep(dir(), { olderThanMs: 1 }),
      ErrorCode.INVALID_INPUT,
    );
    expect(error.details).toMatchObject({ field: 'baseDir' });
    expect(touched).toEqual([]);
  });

  (process.geteuid?.() === 0 ? it : it.skip)(
    'a base directory another user owns is PERMISSION_DENIED',
    async () => {
      const theirs = path.join(baseDir, 'theirs');
      await mkdir(theirs);
      await mkdir(path.join(theirs, 'job-x'));
      await chown(theirs, 65534, 65534);
      await rejectsWith(
        AssetManager.sweep(theirs, { olderThanMs: 0 }),
        ErrorCode.PERMISSION_DENIED,
      );
      expect(touched).toEqual([]);
    },
  );
});

describe('AssetManager.sweep with a job it cannot read', () => {
  it('reports the unreadable job and still sweeps the others', async () => {
    const first = await jobAged('a-job', 3 * HOUR_MS);
    const locked = await jobAged('b-job', 3 * HOUR_MS);
    const last = await jobAged('c-job', 3 * HOUR_MS);
    const isRoot = process.geteuid?.() === 0;
    // Root reads anything, so as root the sweep runs as nobody, who owns everything but the locked job.
    if (isRoot) {
      for (const entry of [baseDir, ...(await jobEntries(first)), ...(await jobEntries(last))])
        await lchown(entry, 65534, 65534);
    }
    await chmod(locked.jobDir, 0o000);
    await age(3 * HOUR_MS, locked.jobDir);
    let result;
    try {
      if (isRoot) process.seteuid?.(65534);
      try {
        result = await AssetManager.sweep(baseDir, { olderThanMs: HOUR_MS });
      } finally {
        if (isRoot) process.seteuid?.(0);
      }
    } finally {
      await chmod(locked.jobDir, 0o755);
    }
    expect(result.removedJobs).toEqual([first.jobDir, last.jobDir]);
    expect(result.failedJobs).toEqual([
      {
        path: locked.jobDir,
        error: expect.objectContaining({ code: ErrorCode.PERMISSION_DENIED }),
      },
    ]);
    expect(result.failedJobs[0]?.error.cause).toMatchObject({ code: 'EACCES' });
    expect(await listTree(locked.jobDir)).toContain(path.normalize('scenes/scene.png'));
  });
});
