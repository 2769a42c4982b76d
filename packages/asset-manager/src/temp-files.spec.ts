import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ErrorCode } from '@ad-pipeline/errors';
import { listTree, makeTempDir, rejectsWith, removeDir } from '../test/helpers.js';
import { commitTempFile, createTempPath, isTempFileName, removeTempFile } from './temp-files.js';

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
