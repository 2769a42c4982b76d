import { chmod, chown, lchown, lstat, mkdir, readdir, stat, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ErrorCode } from '@ad-pipeline/errors';
import { LOOPBACK, makeTempDir, rejectsWith, removeDir } from '../test/helpers.js';
import { AssetManager } from './asset-manager.js';

// Every test runs under a throw-away temp directory (os.tmpdir() is what TMPDIR sets; Jest's sandboxed
// process.env does not reach it), so the default base directory is never the real one.
let tmp: string;
beforeEach(async () => {
  tmp = await makeTempDir();
  jest.spyOn(os, 'tmpdir').mockReturnValue(tmp);
});
afterEach(async () => {
  jest.restoreAllMocks();
  await removeDir(tmp);
});

const mode = async (dir: string) => (await stat(dir)).mode & 0o777;
const OTHER_USER = 65534; // nobody
const isRoot = process.geteuid?.() === 0;
const describePosix = process.platform === 'win32' ? describe.skip : describe;
// Changing an owner needs root; the suite runs as root here (see GUIDE.md).
const describeAsRoot = isRoot ? describe : describe.skip;

describePosix('a private base directory by default', () => {
  test('the default base <tmp>/video_jobs and the job directory are created with mode 0700', async () => {
    const manager = new AssetManager('job-1');
    expect(manager.baseDir).toBe(path.join(tmp, 'video_jobs'));
    await manager.createJobDirectory();
    expect(await mode(manager.baseDir)).toBe(0o700);
    expect(await mode(manager.jobDir)).toBe(0o700);
  });

  test.each(['777', '775', '757', '1777'])(
    'an existing base directory with mode %s is PERMISSION_DENIED, nothing written',
    async (bits) => {
      const base = path.join(tmp, 'video_jobs');
      await mkdir(base);
      await chmod(base, parseInt(bits, 8));
      const manager = new AssetManager('job-1');
      const error = await rejectsWith(manager.saveFile('x', 'a.txt'), ErrorCode.PERMISSION_DENIED);
      expect(error.details).toMatchObject({ field: 'baseDir', path: base });
      expect(await readdir(base)).toEqual([]);
    },
  );

  test('an existing job directory writable by others is PERMISSION_DENIED, nothing written', async () => {
    const manager = new AssetManager('job-1');
    await manager.createJobDirectory();
    await chmod(manager.jobDir, 0o777);
    const error = await rejectsWith(
      manager.saveFile('x', 'a.txt', 'scenes'),
      ErrorCode.PERMISSION_DENIED,
    );
    expect(error.details).toMatchObject({ field: 'jobDir' });
    expect(await readdir(manager.scenesDir)).toEqual([]);
  });

  test('a download is refused before any request', async () => {
    const base = path.join(tmp, 'video_jobs');
    await mkdir(base);
    await chmod(base, 0o777);
    // Nothing listens on port 1: reaching the network would be ASSET_DOWNLOAD_FAILED instead.
    const manager = new AssetManager('job-1', LOOPBACK);
    await rejectsWith(
      manager.downloadFile('http://127.0.0.1:1/a.png', 'a.png'),
      ErrorCode.PERMISSION_DENIED,
    );
  });
});

describeAsRoot('directories of another local user', () => {
  test('issue #13 item 4: another user pre-creates <tmp>/video_jobs and links job-1 to their directory', async () => {
    const base = path.join(tmp, 'video_jobs');
    const theirs = path.join(tmp, 'attacker-owned');
    await mkdir(base, { mode: 0o755 });
    await mkdir(theirs, { mode: 0o755 });
    await symlink(theirs, path.join(base, 'job-1'));
    await chown(base, OTHER_USER, OTHER_USER);
    await chown(theirs, OTHER_USER, OTHER_USER);
    await lchown(path.join(base, 'job-1'), OTHER_USER, OTHER_USER);
    const error = await rejectsWith(
      new AssetManager('job-1').saveFile('secret plan', 'a.txt'),
      ErrorCode.PERMISSION_DENIED,
    );
    expect(error.details).toMatchObject({ field: 'baseDir' });
    expect(await readdir(theirs)).toEqual([]);
  });

  test('a job directory (or a link to one) owned by another user in our own base is refused', async () => {
    const manager = new AssetManager('job-1');
    await mkdir(manager.baseDir, { mode: 0o700 });
    const theirs = path.join(tmp, 'attacker-owned');
    await mkdir(theirs, { mode: 0o755 });
    await chown(theirs, OTHER_USER, OTHER_USER);
    await symlink(theirs, manager.jobDir);
    await rejectsWith(manager.saveFile('x', 'a.txt'), ErrorCode.PERMISSION_DENIED);
    expect(await readdir(theirs)).toEqual([]);

    const other = new AssetManager('job-2');
    await mkdir(other.jobDir, { mode: 0o700 });
    await chown(other.jobDir, OTHER_USER, OTHER_USER);
    await rejectsWith(other.createJobDirectory(), ErrorCode.PERMISSION_DENIED);
    expect(await readdir(other.jobDir)).toEqual([]);
  });

  test('a symlink owned by another user is refused even when it points to our own directory', async () => {
    const ours = path.join(tmp, 'ours');
    await mkdir(ours, { mode: 0o700 });
    const link = path.join(tmp, 'video_jobs');
    await symlink(ours, link);
    await lchown(link, OTHER_USER, OTHER_USER); // the link itself, not what it points to
    expect((await lstat(link)).uid).toBe(OTHER_USER);
    await rejectsWith(new AssetManager('job-1').createJobDirectory(), ErrorCode.PERMISSION_DENIED);
    expect(await readdir(ours)).toEqual([]);
  });
});
