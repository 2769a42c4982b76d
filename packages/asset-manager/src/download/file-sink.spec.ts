import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { link, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import { makeTempDir, removeDir } from '../../test/helpers.js';
import { FileSink } from './file-sink.js';

let dir: string;
beforeEach(async () => {
  dir = await makeTempDir();
});
afterEach(async () => {
  await removeDir(dir);
});

// The process's open descriptors, listed by the kernel: /proc/self/fd on Linux, /dev/fd on macOS
// and the BSDs. Windows has neither, so the leak test is skipped there (and says so).
const FD_DIR = ['/proc/self/fd', '/dev/fd'].find((candidate) => existsSync(candidate));
const openDescriptors = () => readdirSync(FD_DIR as string).length;
const itCountsDescriptors = FD_DIR
  ? it
  : (name: string, fn: () => Promise<void>) =>
      it.skip(`${name} [skipped: no /proc/self/fd or /dev/fd on ${process.platform}]`, fn);

describe('FileSink', () => {
  it('writes every chunk, in order, and counts the bytes', async () => {
    const chunks = Array.from({ length: 200 }, (_, index) =>
      randomBytes(1 + ((index * 7919) % 70_000)),
    );
    const file = path.join(dir, 'out.bin');
    const sink = new FileSink(file);
    await pipeline(Readable.from(chunks), sink);
    const expected = Buffer.concat(chunks);
    // Buffer#equals, not toEqual: Jest compares a multi-megabyte Buffer element by element.
    expect((await readFile(file)).equals(expected)).toBe(true);
    expect(sink.bytesWritten).toBe(expected.length);
  });

  it('writes chunks buffered while the file opens (the writev path) in order', async () => {
    const file = path.join(dir, 'out.bin');
    const sink = new FileSink(file, { highWaterMark: 16 });
    // Written synchronously, before the asynchronous open completes: all of them are buffered.
    for (const text of ['a', 'bb', 'ccc', 'dddd']) sink.write(Buffer.from(text));
    sink.end(Buffer.from('!'));
    await finished(sink);
    expect(await readFile(file, 'utf8')).toBe('abbcccdddd!');
  });

  it('writes many tiny chunks and chunks straddling batches, in order', async () => {
    const tiny = Array.from({ length: 3000 }, (_, index) => Buffer.from([index & 0xff]));
    const large = Array.from({ length: 5 }, () => randomBytes(700_000));
    const chunks = [...tiny, ...large, ...tiny];
    const file = path.join(dir, 'out.bin');
    const sink = new FileSink(file, { batchBytes: 1024 * 1024 });
    await pipeline(Readable.from(chunks), sink);
    expect((await readFile(file)).equals(Buffer.concat(chunks))).toBe(true);
    expect(sink.bytesWritten).toBe(Buffer.concat(chunks).length);
  });

  it("has written the last batch when it emits 'finish'", async () => {
    const file = path.join(dir, 'out.bin');
    const sink = new FileSink(file);
    const atFinish = new Promise<Buffer>((resolve) =>
      sink.once('finish', () => resolve(readFileSync(file))),
    );
    sink.end(Buffer.from('short tail'));
    expect((await atFinish).toString()).toBe('short tail');
  });

  it('creates exclusively, recreates its own file, and appends only to the file it created', async () => {
    const file = path.join(dir, 'out.bin');
    await writeFile(file, 'old contents');
    // A fresh temp file never reuses whatever sits at its path.
    await expect(
      pipeline(Readable.from([Buffer.from('new')]), new FileSink(file)),
    ).rejects.toMatchObject({
      code: 'EEXIST',
    });
    expect(await readFile(file, 'utf8')).toBe('old contents');
    const first = new FileSink(file, { open: { mode: 'recreate' } });
    await pipeline(Readable.from([Buffer.from('new')]), first);
    expect(await readFile(file, 'utf8')).toBe('new');
    const more = new FileSink(file, { open: { mode: 'append', expected: first.identity } });
    await pipeline(Readable.from([Buffer.from(' and more')]), more);
    expect(await readFile(file, 'utf8')).toBe('new and more');
  });

  it('never appends through a symlink or to a file it did not create', async () => {
    const outside = path.join(dir, 'outside.txt');
    await writeFile(outside, 'precious');
    const file = path.join(dir, 'out.bin');
    const first = new FileSink(file);
    await pipeline(Readable.from([Buffer.from('ours')]), first);
    await rm(file);
    await symlink(outside, file);
    await expect(
      pipeline(
        Readable.from([Buffer.from('x')]),
        new FileSink(file, { open: { mode: 'append', expected: first.identity } }),
      ),
    ).rejects.toMatchObject({ code: 'ELOOP' });
    await rm(file);
    await link(outside, file);
    await expect(
      pipeline(
        Readable.from([Buffer.from('x')]),
        new FileSink(file, { open: { mode: 'append', expected: first.identity } }),
      ),
    ).rejects.toMatchObject({ code: 'STORAGE_ERROR', details: { reason: 'temp-file-replaced' } });
    expect(await readFile(outside, 'utf8')).toBe('precious');
  });

  it('fails with the open error when the file cannot be opened', async () => {
    const sink = new FileSink(path.join(dir, 'no-such-directory', 'out.bin'));
    await expect(finished(sink)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('a failure while the file opens still writes every chunk received (a resume needs them)', async () => {
    const file = path.join(dir, 'early.bin');
    const sink = new FileSink(file, { highWaterMark: 16 });
    // Buffered before the asynchronous open completes, then the connection fails.
    for (const text of ['a', 'bb', 'ccc']) sink.write(Buffer.from(text));
    sink.destroy(new Error('reset by peer'));
    await expect(finished(sink)).rejects.toThrow('reset by peer');
    expect(await readFile(file, 'utf8')).toBe('abbccc');
  });

  itCountsDescriptors(
    'closes its descriptor when finished and when destroyed mid-way',
    async () => {
      const before = openDescriptors();
      const done = new FileSink(path.join(dir, 'done.bin'));
      await pipeline(Readable.from([Buffer.from('x')]), done);
      expect(done.closed).toBe(true);

      const aborted = new FileSink(path.join(dir, 'aborted.bin'));
      await new Promise((resolve) => aborted.write(Buffer.from('partial'), resolve));
      aborted.destroy(new Error('reset by peer'));
      await expect(finished(aborted)).rejects.toThrow('reset by peer');
      expect(aborted.closed).toBe(true);
      expect(openDescriptors()).toBe(before);
      // What was written before the failure is on disk (a resume continues from it).
      expect(await readFile(path.join(dir, 'aborted.bin'), 'utf8')).toBe('partial');
    },
  );
});
