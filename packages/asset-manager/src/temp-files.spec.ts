import { closeSync, readSync, writeSync } from 'node:fs';
import { link, mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ErrorCode } from '@ad-pipeline/errors';
import { listTree, makeTempDir, rejectsWith, removeDir } from '../test/helpers.js';
import {
  commitTempFile,
  createTempPath,
  isTempFileName,
  openTempFile,
  openTempFileSync,
  removeTempFile,
  type FileIdentity,
  type TempFileMode,
} from './temp-files.js';

let dir: string;
beforeEach(async () => {
  dir = await makeTempDir();
});
afterEach(async () => {
  await removeDir(dir);
});

describe('createTempPath', () => {
  it('names a hidden .tmp-<16 hex>.part file in the given directory', () => {
    const tempPath = createTempPath(dir);
    expect(path.dirname(tempPath)).toBe(dir);
    expect(path.basename(tempPath)).toMatch(/^\.tmp-[0-9a-f]{16}\.part$/);
    expect(isTempFileName(path.basename(tempPath))).toBe(true);
  });

  it('gives a different name every time', () => {
    const names = new Set(Array.from({ length: 1000 }, () => createTempPath(dir)));
    expect(names.size).toBe(1000);
  });
});

describe('isTempFileName', () => {
  it.each(['.tmp-0123456789abcdef.part', '.tmp-x.part'])('%s is a temp file', (name) => {
    expect(isTempFileName(name)).toBe(true);
  });
  it.each(['tmp-1.part', '.tmp-1.partial', 'a.part', '.hidden'])('%s is not', (name) => {
    expect(isTempFileName(name)).toBe(false);
  });
});

describe('commitTempFile', () => {
  it('renames the temp file onto the final path, replacing an older version', async () => {
    const finalPath = path.join(dir, 'a.bin');
    await writeFile(finalPath, 'old');
    const tempPath = createTempPath(dir);
    await writeFile(tempPath, 'new');
    await commitTempFile(tempPath, finalPath);
    expect(await readFile(finalPath, 'utf8')).toBe('new');
    expect(await listTree(dir)).toEqual(['a.bin']);
  });

  it('removes the temp file and throws a PipelineError when the rename fails', async () => {
    const finalPath = path.join(dir, 'taken');
    await mkdir(path.join(finalPath, 'non-empty'), { recursive: true });
    const tempPath = createTempPath(dir);
    await writeFile(tempPath, 'x');
    const error = await rejectsWith(commitTempFile(tempPath, finalPath), ErrorCode.STORAGE_ERROR);
    expect(error.cause).toMatchObject({ code: 'EISDIR', syscall: 'rename' });
    expect(await listTree(dir)).toEqual(['taken', path.join('taken', 'non-empty')]);
  });

  it('renames onto a free name in place; a failed rename there is a PipelineError too', async () => {
    const tempPath = createTempPath(dir);
    await writeFile(tempPath, 'new');
    await commitTempFile(tempPath, path.join(dir, 'free.bin'));
    expect(await readFile(path.join(dir, 'free.bin'), 'utf8')).toBe('new');
    const orphan = createTempPath(dir);
    await writeFile(orphan, 'x');
    const error = await rejectsWith(
      commitTempFile(orphan, path.join(dir, 'missing-dir', 'a.bin')),
      ErrorCode.STORAGE_ERROR,
    );
    expect(error.cause).toMatchObject({ code: 'ENOENT', syscall: 'rename' });
    expect(await listTree(dir)).toEqual(['free.bin']);
  });

  it('replaces a symlink at the final path, never writing through it', async () => {
    const outside = path.join(dir, 'outside.txt');
    await writeFile(outside, 'keep');
    const finalPath = path.join(dir, 'a.bin');
    await symlink(outside, finalPath);
    const tempPath = createTempPath(dir);
    await writeFile(tempPath, 'new');
    await commitTempFile(tempPath, finalPath);
    expect(await readFile(finalPath, 'utf8')).toBe('new');
    expect(await readFile(outside, 'utf8')).toBe('keep');
  });

  // The temp path swapped after it was written, before the commit: never becomes the final file.
  const SWAPS: Array<[string, (tempPath: string, foreign: string) => Promise<void>]> = [
    ['a symlink to another file', (tempPath, foreign) => rm(tempPath).then(() => symlink(foreign, tempPath))],
    ['a hard link of another file', (tempPath, foreign) => rm(tempPath).then(() => link(foreign, tempPath))],
    ['a new regular file', (tempPath) => rm(tempPath).then(() => writeFile(tempPath, 'planted'))],
  ];
  it.each(SWAPS)('a temp path swapped for %s: temp-file-replaced, final path untouched', async (_name, swap) => {
    const foreign = path.join(dir, 'foreign.txt');
    await writeFile(foreign, 'foreign');
    const finalPath = path.join(dir, 'a.bin');
    await writeFile(finalPath, 'old');
    const tempPath = createTempPath(dir);
    const { handle, identity } = await openTempFile(tempPath, { mode: 'create' });
    await handle.writeFile('ours');
    await handle.close();
    await swap(tempPath, foreign);
    const error = await rejectsWith(commitTempFile(tempPath, finalPath, identity), ErrorCode.STORAGE_ERROR);
    expect(error.details).toMatchObject({ reason: 'temp-file-replaced' });
    expect(await readFile(finalPath, 'utf8')).toBe('old');
    expect(await readFile(foreign, 'utf8')).toBe('foreign');
    expect(await listTree(dir)).toEqual(['a.bin', 'foreign.txt']);
  });
});

describe('removeTempFile', () => {
  it('deletes the file', async () => {
    const tempPath = createTempPath(dir);
    await writeFile(tempPath, 'x');
    await removeTempFile(tempPath);
    expect(await listTree(dir)).toEqual([]);
  });

  it('never throws, even for a missing file or a missing directory', async () => {
    await expect(removeTempFile(createTempPath(dir))).resolves.toBeUndefined();
    await expect(removeTempFile(createTempPath(path.join(dir, 'nope')))).resolves.toBeUndefined();
  });
});

// The undici path opens through openTempFile, the socket path through openTempFileSync (inside a
// parser callback): the same rules must hold for both, so both run the same table.
type Opener = (
  tempPath: string,
  how: TempFileMode,
) => Promise<{ write: (text: string) => void; identity: FileIdentity }>;
const OPENERS: Array<[string, Opener]> = [
  [
    'openTempFile',
    async (tempPath, how) => {
      const { handle, identity } = await openTempFile(tempPath, how);
      return {
        identity,
        write: (text) => {
          writeSync(handle.fd, text);
          void handle.close();
        },
      };
    },
  ],
  [
    'openTempFileSync',
    async (tempPath, how) => {
      const { fd, identity } = openTempFileSync(tempPath, how);
      return {
        identity,
        write: (text) => {
          writeSync(fd, text);
          closeSync(fd);
        },
      };
    },
  ],
];

describe.each(OPENERS)('%s', (_name, openWith) => {
  it('creates exclusively: an existing file or a symlink at the path is EEXIST, never followed', async () => {
    const outside = path.join(dir, 'outside.txt');
    await writeFile(outside, 'precious');
    const tempPath = createTempPath(dir);
    await writeFile(tempPath, 'stale');
    await expect(openWith(tempPath, { mode: 'create' })).rejects.toMatchObject({ code: 'EEXIST' });
    await rm(tempPath);
    await symlink(outside, tempPath);
    await expect(openWith(tempPath, { mode: 'create' })).rejects.toMatchObject({ code: 'EEXIST' });
    expect(await readFile(outside, 'utf8')).toBe('precious');
  });

  it('appends only to the file it created: a symlink is ELOOP, a hard link temp-file-replaced', async () => {
    const outside = path.join(dir, 'outside.txt');
    await writeFile(outside, 'precious');
    const tempPath = createTempPath(dir);
    const first = await openWith(tempPath, { mode: 'create' });
    first.write('ours');
    const again = await openWith(tempPath, { mode: 'append', expected: first.identity });
    again.write(' and more');
    expect(await readFile(tempPath, 'utf8')).toBe('ours and more');

    await rm(tempPath);
    await symlink(outside, tempPath);
    await expect(
      openWith(tempPath, { mode: 'append', expected: first.identity }),
    ).rejects.toMatchObject({ code: 'ELOOP' });
    await rm(tempPath);
    await link(outside, tempPath);
    const replaced = await rejectsWith(
      openWith(tempPath, { mode: 'append', expected: first.identity }),
      ErrorCode.STORAGE_ERROR,
    );
    expect(replaced.details).toMatchObject({ reason: 'temp-file-replaced' });
    await expect(openWith(tempPath, { mode: 'append', expected: undefined })).rejects.toMatchObject(
      {
        details: { reason: 'temp-file-replaced' },
      },
    );
    expect(await readFile(outside, 'utf8')).toBe('precious');
  });

  it('recreate replaces our earlier file with a new one (another identity)', async () => {
    const tempPath = createTempPath(dir);
    const first = await openWith(tempPath, { mode: 'create' });
    first.write('old body');
    const second = await openWith(tempPath, { mode: 'recreate' });
    second.write('new');
    expect(await readFile(tempPath, 'utf8')).toBe('new');
    expect(second.identity).not.toEqual(first.identity);
  });
});

describe('openTempFileSync readable', () => {
  it('opens a created file read-write, for a hashing thread reading it back', () => {
    const tempPath = createTempPath(dir);
    const { fd } = openTempFileSync(tempPath, { mode: 'create' }, { readable: true });
    try {
      writeSync(fd, 'abc');
      const back = Buffer.alloc(3);
      expect(readSync(fd, back, 0, 3, 0)).toBe(3);
      expect(back.toString()).toBe('abc');
    } finally {
      closeSync(fd);
    }
  });
});
