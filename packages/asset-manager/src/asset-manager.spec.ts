import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ErrorCode } from '@ad-pipeline/errors';
import { listTree, makeTempDir, mp4Bytes, pngBytes, rejectsWith, removeDir, throwsWith } from '../test/helpers.js';
import { fixtureBytes } from '../test/media/fixtures.js';
import { AssetManager } from './asset-manager.js';
import { createTempPath } from './temp-files.js';

let baseDir: string;
let manager: AssetManager;

beforeEach(async () => {
  baseDir = await makeTempDir();
  manager = new AssetManager('job-42', { baseDir });
});
afterEach(async () => {
  await removeDir(baseDir);
});

describe('constructor', () => {
  it('exposes the absolute layout <baseDir>/<jobId>/{scenes,audio,final}', () => {
    expect(manager.jobId).toBe('job-42');
    expect(manager.baseDir).toBe(baseDir);
    expect(manager.jobDir).toBe(path.join(baseDir, 'job-42'));
    expect(manager.scenesDir).toBe(path.join(baseDir, 'job-42', 'scenes'));
    expect(manager.audioDir).toBe(path.join(baseDir, 'job-42', 'audio'));
    expect(manager.finalDir).toBe(path.join(baseDir, 'job-42', 'final'));
  });

  it('defaults baseDir to <tmpdir>/video_jobs and makes a relative baseDir absolute', () => {
    expect(new AssetManager('j').baseDir).toBe(path.join(os.tmpdir(), 'video_jobs'));
    expect(new AssetManager('j', { baseDir: 'rel/jobs' }).jobDir).toBe(path.resolve('rel/jobs', 'j'));
  });

  it('touches no file', async () => {
    new AssetManager('fresh', { baseDir: path.join(baseDir, 'not-created') });
    expect(await listTree(baseDir)).toEqual([]);
  });

  it.each(['', '.', '..', '.hidden', '../escape', 'a/b', 'with space', 'x'.repeat(129), 5, null])(
    'rejects the job id %p with INVALID_INPUT',
    (jobId) => {
      throwsWith(() => new AssetManager(jobId as string, { baseDir }), ErrorCode.INVALID_INPUT);
    },
  );

  it.each([null, 'dir', { baseDir: '' }, { baseDir: 42 }, { baseDir: 'a\0b' }])('rejects the options %p', (options) => {
    throwsWith(() => new AssetManager('j', options as never), ErrorCode.INVALID_INPUT);
  });
});

describe('createJobDirectory', () => {
  it('creates the job directory and its subdirectories and returns jobDir', async () => {
    expect(await manager.createJobDirectory()).toBe(manager.jobDir);
    expect(await listTree(baseDir)).toEqual(['job-42', 'job-42/audio', 'job-42/final', 'job-42/scenes'].map(path.normalize));
  });

  it('is idempotent and keeps existing files', async () => {
    await manager.createJobDirectory();
    await manager.saveFile('keep me', 'a.txt', 'scenes');
    await manager.createJobDirectory();
    expect(await readFile(path.join(manager.scenesDir, 'a.txt'), 'utf8')).toBe('keep me');
  });

  it('is safe to run concurrently, also from separate managers of one job', async () => {
    const twin = new AssetManager('job-42', { baseDir });
    await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? manager : twin).createJobDirectory()));
    expect(await listTree(manager.jobDir)).toEqual(['audio', 'final', 'scenes']);
  });

  it('refuses a subdirectory that is a symlink leaving the job', async () => {
    const outside = await makeTempDir();
    try {
      await mkdir(manager.jobDir);
      await symlink(outside, manager.finalDir);
      await rejectsWith(manager.createJobDirectory(), ErrorCode.INVALID_INPUT);
    } finally {
      await removeDir(outside);
    }
  });
});

describe('a baseDir reached through a symlink', () => {
  it('saves, lists and inspects normally (containment compares real paths)', async () => {
    const realBase = path.join(baseDir, 'real-base');
    await mkdir(realBase);
    await symlink(realBase, path.join(baseDir, 'linked-base'));
    const linked = new AssetManager('job', { baseDir: path.join(baseDir, 'linked-base') });
    const saved = await linked.saveFile(pngBytes(200), 'a.png', 'scenes');
    expect(saved).toBe(path.join(baseDir, 'linked-base', 'job', 'scenes', 'a.png'));
    expect(await linked.listFiles('scenes')).toEqual([saved]);
    expect((await linked.inspectFile('a.png', 'scenes')).kind).toBe('image');
    expect(await readFile(path.join(realBase, 'job', 'scenes', 'a.png'))).toEqual(pngBytes(200));
  });
});

describe('getFilePath', () => {
  it('joins job dir, subdir and filename without touching the disk', () => {
    expect(manager.getFilePath('a.png')).toBe(path.join(manager.jobDir, 'a.png'));
    expect(manager.getFilePath('a.png', 'scenes')).toBe(path.join(manager.scenesDir, 'a.png'));
    expect(manager.getFilePath('b.wav', 'audio')).toBe(path.join(manager.audioDir, 'b.wav'));
    expect(manager.getFilePath('c.mp4', 'final')).toBe(path.join(manager.finalDir, 'c.mp4'));
  });

  it.each([
    ['../x', undefined],
    ['/etc/passwd', undefined],
    ['a\\b', undefined],
    ['a\0b', undefined],
    ['.', undefined],
    ['', undefined],
    ['ok.txt', 'Scenes'],
    ['ok.txt', ''],
  ])('rejects %p in %p with INVALID_INPUT', (filename, subdir) => {
    throwsWith(() => manager.getFilePath(filename, subdir as never), ErrorCode.INVALID_INPUT);
  });
});

describe('listFiles', () => {
  it('returns [] for a job or subdir that does not exist yet, without creating it', async () => {
    expect(await manager.listFiles()).toEqual([]);
    expect(await manager.listFiles('scenes')).toEqual([]);
    expect(await listTree(baseDir)).toEqual([]);
  });

  it('lists absolute paths of regular files, sorted; hides temp and dot files, directories and symlinks', async () => {
    await manager.createJobDirectory();
    for (const name of ['b.mp4', 'a.mp4', 'C.mp4', '10.mp4', '9.mp4']) await manager.saveFile('x', name, 'scenes');
    await writeFile(createTempPath(manager.scenesDir), 'in progress');
    await writeFile(path.join(manager.scenesDir, '.DS_Store'), 'junk');
    await mkdir(path.join(manager.scenesDir, 'nested'));
    await symlink(path.join(manager.scenesDir, 'a.mp4'), path.join(manager.scenesDir, 'z-link.mp4'));
    const expected = ['10.mp4', '9.mp4', 'C.mp4', 'a.mp4', 'b.mp4'].map((name) => path.join(manager.scenesDir, name));
    expect(await manager.listFiles('scenes')).toEqual(expected);
  });

  it('lists only root files for the job root', async () => {
    await manager.saveFile('x', 'root.txt');
    await manager.saveFile('x', 'scene.png', 'scenes');
    expect(await manager.listFiles()).toEqual([path.join(manager.jobDir, 'root.txt')]);
  });

  it('rejects a bad subdir and a subdir symlinked outside the job', async () => {
    await rejectsWith(manager.listFiles('../' as never), ErrorCode.INVALID_INPUT);
    const outside = await makeTempDir();
    try {
      await writeFile(path.join(outside, 'secret.txt'), 'x');
      await mkdir(manager.jobDir);
      await symlink(outside, manager.audioDir);
      await rejectsWith(manager.listFiles('audio'), ErrorCode.INVALID_INPUT);
    } finally {
      await removeDir(outside);
    }
  });
});

describe('validateFile', () => {
  it('is true for an existing regular file of at least minSize bytes (default 100)', async () => {
    await manager.saveFile(Buffer.alloc(100), 'hundred.bin', 'scenes');
    await manager.saveFile(Buffer.alloc(99), 'small.bin', 'scenes');
    expect(await manager.validateFile('hundred.bin', 'scenes')).toBe(true);
    expect(await manager.validateFile('small.bin', 'scenes')).toBe(false);
    expect(await manager.validateFile('small.bin', 'scenes', { minSize: 99 })).toBe(true);
    expect(await manager.validateFile('small.bin', 'scenes', { minSize: 0 })).toBe(true);
  });

  it('checks the kind by magic bytes when asked', async () => {
    await manager.saveFile(pngBytes(200), 'image.bin', 'scenes');
    expect(await manager.validateFile('image.bin', 'scenes', { kind: 'image' })).toBe(true);
    expect(await manager.validateFile('image.bin', 'scenes', { kind: 'video' })).toBe(false);
  });

  it('is false, never an error, for a missing file, subdir or job', async () => {
    expect(await manager.validateFile('nope.png')).toBe(false);
    await manager.createJobDirectory();
    expect(await manager.validateFile('nope.png', 'final')).toBe(false);
  });

  it('is false for a directory or a FIFO (and does not block on the FIFO)', async () => {
    await mkdir(path.join(manager.scenesDir, 'dir.png'), { recursive: true });
    expect(await manager.validateFile('dir.png', 'scenes', { minSize: 0 })).toBe(false);
    if (process.platform !== 'win32') {
      execFileSync('mkfifo', [path.join(manager.scenesDir, 'pipe.bin')]);
      expect(await manager.validateFile('pipe.bin', 'scenes', { minSize: 0 })).toBe(false);
    }
  });

  it('still throws INVALID_INPUT for bad names, subdirs and options', async () => {
    await rejectsWith(manager.validateFile('../x'), ErrorCode.INVALID_INPUT);
    await rejectsWith(manager.validateFile('x', 'tmp' as never), ErrorCode.INVALID_INPUT);
    await rejectsWith(manager.validateFile('x', undefined, { minSize: -1 }), ErrorCode.INVALID_INPUT);
    await rejectsWith(manager.validateFile('x', undefined, { kind: 'pdf' as never }), ErrorCode.INVALID_INPUT);
  });

  it('follows a symlink that stays inside the job, and refuses one that leaves it', async () => {
    const outside = path.join(baseDir, 'outside.bin');
    await writeFile(outside, Buffer.alloc(500));
    await manager.createJobDirectory();
    await manager.saveFile(Buffer.alloc(500), 'real.bin', 'audio');
    await symlink(path.join(manager.audioDir, 'real.bin'), path.join(manager.scenesDir, 'inside-link.bin'));
    await symlink(outside, path.join(manager.scenesDir, 'outside-link.bin'));
    expect(await manager.validateFile('inside-link.bin', 'scenes')).toBe(true);
    await rejectsWith(manager.validateFile('outside-link.bin', 'scenes'), ErrorCode.INVALID_INPUT);
  });
});

describe('inspectFile', () => {
  it.each([
    ['png', fixtureBytes('still-9x16.png'), 'image/png', 'image', { width: 180, height: 320, hasVideo: false }],
    ['mp4', fixtureBytes('h264-aac-9x16-8s.mp4'), 'video/mp4', 'video', { durationSec: 8, hasAudio: true }],
    ['wav', fixtureBytes('tone-1s.wav'), 'audio/wav', 'audio', { durationSec: 1, sampleRate: 16000 }],
  ])('reports size, sniffed type, media and the sha256 of node:crypto for a real %s', async (_name, bytes, mime, kind, media) => {
    await manager.saveFile(bytes, 'asset.bin', 'final');
    const info = await manager.inspectFile('asset.bin', 'final');
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    expect(info).toMatchObject({ size: bytes.length, mime, kind, sha256 });
    expect(info.media).toMatchObject({ mime, kind, ...media });
  });

  it('hashes a file larger than its read buffer in one stream (3 MiB)', async () => {
    const bytes = mp4Bytes(3 * 1024 * 1024 + 17);
    await manager.saveFile(bytes, 'big.mp4', 'final');
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    expect(await manager.inspectFile('big.mp4', 'final')).toMatchObject({ size: bytes.length, mime: 'video/mp4', sha256 });
  });

  it('reports application/octet-stream and no kind for unrecognised content, and handles empty files', async () => {
    await manager.saveFile('just text', 'notes.txt');
    await manager.saveFile('', 'empty.txt');
    expect(await manager.inspectFile('notes.txt')).toEqual({
      size: 9,
      mime: 'application/octet-stream',
      kind: undefined,
      sha256: createHash('sha256').update('just text').digest('hex'),
      media: { container: 'unknown', mime: 'application/octet-stream', kind: undefined, hasVideo: false, hasAudio: false },
    });
    expect((await manager.inspectFile('empty.txt')).sha256).toBe(createHash('sha256').digest('hex'));
  });

  it('throws a non-retryable STORAGE_ERROR for a missing file, with the errno error as cause', async () => {
    const error = await rejectsWith(manager.inspectFile('missing.mp4', 'final'), ErrorCode.STORAGE_ERROR);
    expect(error.retryable).toBe(false);
    expect(error.cause).toMatchObject({ code: 'ENOENT' });
  });

  it('throws INVALID_INPUT for bad names, directories and symlinks leaving the job', async () => {
    await rejectsWith(manager.inspectFile('/etc/passwd'), ErrorCode.INVALID_INPUT);
    await mkdir(path.join(manager.jobDir, 'folder'), { recursive: true });
    await rejectsWith(manager.inspectFile('folder'), ErrorCode.INVALID_INPUT);
    await writeFile(path.join(baseDir, 'outside.txt'), 'not yours');
    await symlink(path.join(baseDir, 'outside.txt'), path.join(manager.jobDir, 'escape'));
    await rejectsWith(manager.inspectFile('escape'), ErrorCode.INVALID_INPUT);
  });
});

describe('getDiskUsage', () => {
  it('is 0 when the job does not exist', async () => {
    expect(await manager.getDiskUsage()).toBe(0);
  });

  it('sums regular files across the tree, temp files included, symlinks not followed', async () => {
    await manager.createJobDirectory();
    await manager.saveFile(Buffer.alloc(1000), 'a.bin', 'scenes');
    await manager.saveFile(Buffer.alloc(2345), 'b.bin', 'audio');
    await manager.saveFile(Buffer.alloc(7), 'c.bin');
    await writeFile(createTempPath(manager.finalDir), Buffer.alloc(50));
    const outside = path.join(baseDir, 'huge.bin');
    await writeFile(outside, Buffer.alloc(100_000));
    await symlink(outside, path.join(manager.jobDir, 'link.bin'));
    await symlink(baseDir, path.join(manager.jobDir, 'loop'));
    expect(await manager.getDiskUsage()).toBe(1000 + 2345 + 7 + 50);
  });
});

describe('cleanup', () => {
  it('removes the job directory and is idempotent', async () => {
    await manager.saveFile('x', 'a.txt', 'scenes');
    await manager.cleanup();
    await manager.cleanup();
    expect(await listTree(baseDir)).toEqual([]);
  });

  it('leaves other jobs alone', async () => {
    const other = new AssetManager('job-420', { baseDir });
    await other.saveFile('x', 'a.txt');
    await manager.saveFile('x', 'a.txt');
    await manager.cleanup();
    expect(await listTree(baseDir)).toEqual(['job-420', path.join('job-420', 'a.txt')]);
  });

  it('removes symlinks inside the job without touching their targets', async () => {
    const outsideDir = path.join(baseDir, 'outside');
    await mkdir(outsideDir);
    await writeFile(path.join(outsideDir, 'keep.txt'), 'keep');
    await manager.createJobDirectory();
    await symlink(outsideDir, path.join(manager.scenesDir, 'dir-link'));
    await symlink(path.join(outsideDir, 'keep.txt'), path.join(manager.audioDir, 'file-link'));
    await manager.cleanup();
    expect(await listTree(baseDir)).toEqual(['outside', path.join('outside', 'keep.txt')]);
  });

  it('when jobDir itself is a symlink, removes the link and not its target (also when run concurrently)', async () => {
    const realJob = path.join(baseDir, 'real-job');
    await mkdir(realJob);
    await writeFile(path.join(realJob, 'keep.txt'), 'keep');
    await symlink(realJob, manager.jobDir);
    await Promise.all([manager.cleanup(), manager.cleanup(), manager.cleanup()]);
    expect(await listTree(baseDir)).toEqual(['real-job', path.join('real-job', 'keep.txt')]);
    expect((await stat(realJob)).isDirectory()).toBe(true);
  });
});
