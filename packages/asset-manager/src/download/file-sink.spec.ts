import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
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
    const chunks = Array.from({ length: 200 }, (_, index) => randomBytes(1 + ((index * 7919) % 70_000)));
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
    const atFinish = new Promise<Buffer>((resolve) => sink.once('finish', () => resolve(readFileSync(file))));
    sink.end(Buffer.from('short tail'));
    expect((await atFinish).toString()).toBe('short tail');
  });

  it("truncates by default and appends with flags 'a'", async () => {
    const file = path.join(dir, 'out.bin');
    await writeFile(file, 'old contents');
    await pipeline(Readable.from([Buffer.from('new')]), new FileSink(file));
    expect(await readFile(file, 'utf8')).toBe('new');
    await pipeline(Readable.from([Buffer.from(' and more')]), new FileSink(file, { flags: 'a' }));
    expect(await readFile(file, 'utf8')).toBe('new and more');
  });

  it('fails with the open error when the file cannot be opened', async () => {
    const target = path.join(dir, 'a-directory');
    await mkdir(target);
    const sink = new FileSink(target);
    await expect(finished(sink)).rejects.toMatchObject({ code: 'EISDIR' });
  });

  itCountsDescriptors('closes its descriptor when finished and when destroyed mid-way', async () => {
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
  });
});
