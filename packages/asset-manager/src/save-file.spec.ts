import { chmod, chown, mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { ErrorCode, PipelineError } from '@ad-pipeline/errors';
import { listTree, makeTempDir, mp4Bytes, pngBytes, rejectsWith, removeDir } from '../test/helpers.js';
import { AssetManager } from './asset-manager.js';
import { SNIFF_BYTES } from './sniff.js';

let baseDir: string;
let manager: AssetManager;

beforeEach(async () => {
  baseDir = await makeTempDir();
  manager = new AssetManager('job-1', { baseDir });
});
afterEach(async () => {
  await removeDir(baseDir);
});

/** Yields `chunks`, then throws `failure` if given. */
async function* chunksThenFail(chunks: Array<Uint8Array | string>, failure?: Error): AsyncGenerator<Uint8Array | string> {
  for (const chunk of chunks) yield chunk;
  if (failure) throw failure;
}

describe('saveFile: content types', () => {
  it('saves bytes (Buffer and plain Uint8Array) and returns the absolute path', async () => {
    const png = pngBytes(300);
    const saved = await manager.saveFile(png, 'a.png', 'scenes');
    expect(saved).toBe(path.join(baseDir, 'job-1', 'scenes', 'a.png'));
    expect(path.isAbsolute(saved)).toBe(true);
    expect(await readFile(saved)).toEqual(png);

    const view = new Uint8Array([1, 2, 3, 4, 5]).subarray(1, 4);
    expect(await readFile(await manager.saveFile(view, 'view.bin'))).toEqual(Buffer.from([2, 3, 4]));
  });

  it('saves a string as UTF-8', async () => {
    const saved = await manager.saveFile('héllo wörld ✓', 'note.txt');
    expect(await readFile(saved, 'utf8')).toBe('héllo wörld ✓');
  });

  it('saves a Node readable stream', async () => {
    const parts = [pngBytes(100), Buffer.alloc(5000, 1), Buffer.alloc(7, 2)];
    const saved = await manager.saveFile(Readable.from(parts), 'stream.png', 'scenes', { kind: 'image' });
    expect(await readFile(saved)).toEqual(Buffer.concat(parts));
  });

  it('saves a string-mode readable stream', async () => {
    const saved = await manager.saveFile(Readable.from(['ab', 'cd', 'é']), 'text.txt');
    expect(await readFile(saved, 'utf8')).toBe('abcdé');
  });

  it('saves an async iterable of bytes and strings, even in 1-byte chunks around the sniff window', async () => {
    const mp4 = mp4Bytes(SNIFF_BYTES * 2);
    const oneByteChunks = [...mp4].map((byte) => Uint8Array.of(byte));
    const saved = await manager.saveFile(chunksThenFail([...oneByteChunks, 'tail']), 'v.mp4', 'final', { kind: 'video' });
    expect(await readFile(saved)).toEqual(Buffer.concat([mp4, Buffer.from('tail')]));
  });

  it('is correct when the producer reuses one buffer for every chunk', async () => {
    const png = pngBytes(SNIFF_BYTES * 3);
    async function* reusingProducer(): AsyncGenerator<Uint8Array> {
      const shared = new Uint8Array(8);
      for (let offset = 0; offset < png.length; offset += shared.length) {
        shared.set(png.subarray(offset, offset + shared.length));
        yield shared;
      }
    }
    const saved = await manager.saveFile(reusingProducer(), 'reused.png', 'scenes', { kind: 'image' });
    expect(await readFile(saved)).toEqual(png);
  });

  it('saves empty content as an empty file', async () => {
    const saved = await manager.saveFile(new Uint8Array(0), 'empty.bin', 'audio');
    expect(await readFile(saved)).toHaveLength(0);
  });

  it('replaces an existing file with the new version', async () => {
    await manager.saveFile('old version', 'x.txt');
    const saved = await manager.saveFile('new', 'x.txt');
    expect(await readFile(saved, 'utf8')).toBe('new');
  });

  it('creates the job directories it needs', async () => {
    await manager.saveFile('x', 'x.txt', 'audio');
    expect(await listTree(manager.jobDir)).toEqual(['audio', path.join('audio', 'x.txt')]);
  });
});

describe('saveFile: bad input is rejected before anything is written', () => {
  it.each([
    ['traversal', '../escape.txt', undefined],
    ['deep traversal', '../../../../tmp/escape.txt', undefined],
    ['absolute path', '/etc/passwd', undefined],
    ['backslash', '..\\escape.txt', undefined],
    ['NUL', 'a\0.txt', undefined],
    ['newline', 'a\n.txt', undefined],
    ['leading dot', '.env', undefined],
    ['dot dot', '..', undefined],
    ['empty', '', undefined],
    ['too long', 'é'.repeat(128), undefined],
    ['bad subdir', 'a.txt', 'video'],
    ['traversal subdir', 'a.txt', '..'],
  ])('%s', async (_label, filename, subdir) => {
    await rejectsWith(manager.saveFile('data', filename, subdir as never), ErrorCode.INVALID_INPUT);
    expect(await listTree(baseDir)).toEqual([]);
  });

  it.each([null, undefined, 42, { not: 'content' }, [1, 2, 3]])('content %p', async (content) => {
    await rejectsWith(manager.saveFile(content as never, 'a.bin'), ErrorCode.INVALID_INPUT);
    expect(await listTree(baseDir)).toEqual([]);
  });

  it.each([{ maxBytes: -1 }, { maxBytes: 1.5 }, { maxBytes: '10' }, { kind: 'text' }, null])(
    'options %p',
    async (options) => {
      await rejectsWith(manager.saveFile('x', 'a.bin', undefined, options as never), ErrorCode.INVALID_INPUT);
      expect(await listTree(baseDir)).toEqual([]);
    },
  );

  it('a stream chunk that is not bytes is INVALID_INPUT and leaves nothing', async () => {
    await rejectsWith(manager.saveFile(Readable.from([Buffer.from('ok'), { no: 1 }]), 'a.bin'), ErrorCode.INVALID_INPUT);
    expect(await listTree(manager.jobDir)).toEqual([]);
  });
});

describe('saveFile: limits and kinds', () => {
  it('accepts content of exactly maxBytes', async () => {
    const saved = await manager.saveFile(Buffer.alloc(10), 'ten.bin', undefined, { maxBytes: 10 });
    expect(await readFile(saved)).toHaveLength(10);
  });

  it('rejects bytes over maxBytes with FILE_TOO_LARGE and details.maxBytes', async () => {
    const error = await rejectsWith(
      manager.saveFile(Buffer.alloc(11), 'eleven.bin', undefined, { maxBytes: 10 }),
      ErrorCode.FILE_TOO_LARGE,
    );
    expect(error.details['maxBytes']).toBe(10);
    expect(await listTree(manager.jobDir)).toEqual([]);
  });

  it('aborts an oversized stream: the source is destroyed early and no temp file is left', async () => {
    let produced = 0;
    const endless = new Readable({
      read() {
        produced += 1;
        this.push(Buffer.alloc(1024, 7));
      },
    });
    const error = await rejectsWith(
      manager.saveFile(endless, 'big.bin', 'scenes', { maxBytes: 64 * 1024 }),
      ErrorCode.FILE_TOO_LARGE,
    );
    expect(error.details['maxBytes']).toBe(64 * 1024);
    expect(endless.destroyed).toBe(true);
    expect(produced).toBeLessThan(1000);
    expect(await listTree(manager.scenesDir)).toEqual([]);
  });

  it('rejects content of the wrong kind with UNSUPPORTED_FORMAT and writes nothing', async () => {
    const error = await rejectsWith(
      manager.saveFile(pngBytes(500), 'clip.mp4', 'scenes', { kind: 'video' }),
      ErrorCode.UNSUPPORTED_FORMAT,
    );
    expect(error.details).toMatchObject({ expected: 'video', detected: 'image/png' });
    expect(await listTree(manager.scenesDir)).toEqual([]);
  });

  it('checks the kind of content shorter than the sniff window', async () => {
    await rejectsWith(manager.saveFile('<html>', 'a.png', undefined, { kind: 'image' }), ErrorCode.UNSUPPORTED_FORMAT);
    await rejectsWith(manager.saveFile('', 'b.png', undefined, { kind: 'image' }), ErrorCode.UNSUPPORTED_FORMAT);
    expect(await manager.listFiles()).toEqual([]);
  });
});

describe('saveFile: atomicity', () => {
  it('20 concurrent saves of one name leave exactly one whole version and no temp files', async () => {
    const versions = Array.from({ length: 20 }, (_, i) => Buffer.alloc(64 * 1024 + i, i + 1));
    await Promise.all(
      versions.map((version, i) =>
        // Half as one buffer, half as a chunked stream, so writes really interleave.
        manager.saveFile(i % 2 ? version : Readable.from([version.subarray(0, 1000), version.subarray(1000)]), 'same.bin', 'final'),
      ),
    );
    const saved = await readFile(path.join(manager.finalDir, 'same.bin'));
    expect(versions.some((version) => version.equals(saved))).toBe(true);
    expect(await listTree(manager.finalDir)).toEqual(['same.bin']);
  });

  it('a stream that fails midway leaves neither the file nor a temp file, and keeps the old version', async () => {
    await manager.saveFile('previous', 'doc.txt', 'audio');
    const failure = new PipelineError(ErrorCode.ASSET_DOWNLOAD_FAILED, 'upstream broke');
    const error = await rejectsWith(
      manager.saveFile(chunksThenFail([Buffer.alloc(100_000, 1), 'more'], failure), 'doc.txt', 'audio'),
      ErrorCode.ASSET_DOWNLOAD_FAILED,
    );
    expect(error).toBe(failure);
    expect(await listTree(manager.audioDir)).toEqual(['doc.txt']);
    expect(await readFile(path.join(manager.audioDir, 'doc.txt'), 'utf8')).toBe('previous');
  });

  it('a Readable that errors (even before reading starts) is INTERNAL_ERROR with its cause, and leaves nothing', async () => {
    const failing = new Readable({ read: () => undefined });
    failing.push(Buffer.alloc(10_000, 3));
    setImmediate(() => failing.destroy(new Error('disk on the other side vanished')));
    const error = await rejectsWith(manager.saveFile(failing, 'x.bin', 'scenes'), ErrorCode.INTERNAL_ERROR);
    expect((error.cause as Error).message).toBe('disk on the other side vanished');
    expect(await listTree(manager.scenesDir)).toEqual([]);
  });

  it('destroys a stream it was given when the save fails before reading it', async () => {
    const stream = Readable.from([Buffer.from('never read')]);
    await rejectsWith(manager.saveFile(stream, '../x.txt'), ErrorCode.INVALID_INPUT);
    expect(stream.destroyed).toBe(true);
  });

  it('a symlink at the target name is replaced, never written through', async () => {
    const outside = path.join(baseDir, 'outside.txt');
    await writeFile(outside, 'precious');
    await manager.createJobDirectory();
    await symlink(outside, path.join(manager.scenesDir, 'link.txt'));
    await manager.saveFile('new content', 'link.txt', 'scenes');
    expect(await readFile(outside, 'utf8')).toBe('precious');
    expect(await readFile(path.join(manager.scenesDir, 'link.txt'), 'utf8')).toBe('new content');
    expect(await manager.listFiles('scenes')).toEqual([path.join(manager.scenesDir, 'link.txt')]);
  });
});

describe('saveFile: containment (symlinked directories)', () => {
  it('refuses a subdir that is a symlink pointing outside the job, and writes nothing there', async () => {
    const outside = path.join(baseDir, 'elsewhere');
    await mkdir(outside);
    await mkdir(manager.jobDir);
    await symlink(outside, manager.scenesDir);
    const error = await rejectsWith(manager.saveFile('x', 'a.txt', 'scenes'), ErrorCode.INVALID_INPUT);
    expect(error.details['resolved']).toBe(outside);
    expect(await listTree(outside)).toEqual([]);
  });

  it('refuses a dangling subdir symlink (it could point anywhere)', async () => {
    await mkdir(manager.jobDir);
    await symlink(path.join(baseDir, 'not-yet'), manager.audioDir);
    await rejectsWith(manager.saveFile('x', 'a.txt', 'audio'), ErrorCode.INVALID_INPUT);
    expect(await listTree(baseDir)).toEqual(['job-1', path.join('job-1', 'audio')]);
  });

  it('accepts a subdir symlink that stays inside the job', async () => {
    await mkdir(path.join(manager.jobDir, 'real-final'), { recursive: true });
    await symlink('real-final', manager.finalDir);
    const saved = await manager.saveFile('ok', 'a.txt', 'final');
    expect(await readFile(path.join(manager.jobDir, 'real-final', 'a.txt'), 'utf8')).toBe('ok');
    expect(saved).toBe(path.join(manager.finalDir, 'a.txt'));
  });
});

/**
 * Runs `work` with permission checks in force: as root (where chmod does not block), the effective
 * user is switched to `nobody` for the duration; as any other user, chmod alone is enough.
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

const describePosix = process.platform === 'win32' ? describe.skip : describe;
describePosix('saveFile: filesystem errors', () => {
  it('a read-only directory is PERMISSION_DENIED with the errno error as cause, and nothing is written', async () => {
    await manager.createJobDirectory();
    await chmod(manager.jobDir, 0o755);
    await chmod(manager.scenesDir, 0o555);
    // As root the test runs as nobody, who must own the base and job directories (else they are refused as not private).
    if (process.geteuid?.() === 0) {
      await chown(baseDir, 65534, 65534);
      await chown(manager.jobDir, 65534, 65534);
    }
    try {
      const error = await withoutRootPrivileges(() =>
        rejectsWith(manager.saveFile('x', 'a.txt', 'scenes'), ErrorCode.PERMISSION_DENIED),
      );
      expect(error.cause).toMatchObject({ code: 'EACCES' });
    } finally {
      await chmod(manager.scenesDir, 0o755);
    }
    expect(await listTree(manager.scenesDir)).toEqual([]);
  });
});
