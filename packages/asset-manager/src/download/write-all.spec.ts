import { execFileSync } from 'node:child_process';
import { closeSync, constants, openSync, readFileSync, readSync } from 'node:fs';
import path from 'node:path';
import { makeTempDir, payload, removeDir } from '../../test/download/fault-server.js';
import { writeAllSync } from './write-all.js';

let dir: string;
beforeEach(async () => {
  dir = await makeTempDir();
});
afterEach(async () => {
  await removeDir(dir);
});

/** `bytes` cut into pieces of the given sizes, in turn. */
function piecesOf(bytes: Buffer, sizes: number[]): Buffer[] {
  const pieces: Buffer[] = [];
  for (let at = 0, turn = 0; at < bytes.length; turn += 1) {
    const size = sizes[turn % sizes.length] as number;
    pieces.push(bytes.subarray(at, at + size));
    at += size;
  }
  return pieces;
}

describe('writeAllSync', () => {
  test.each([
    ['one piece', [300_000]],
    ['a few pieces of odd sizes', [1, 16_384, 7, 65_536, 3]],
    // One writev(2) takes at most IOV_MAX (1024) pieces: libuv goes on with the rest.
    ['3,000 pieces (more than IOV_MAX)', [97, 1, 13]],
  ])('%s: every byte, in order, and the count', (_name, sizes) => {
    const bytes = payload(300_000, 3);
    const file = path.join(dir, 'out.bin');
    const fd = openSync(file, 'wx');
    try {
      expect(writeAllSync(fd, piecesOf(bytes, sizes))).toBe(bytes.length);
    } finally {
      closeSync(fd);
    }
    expect(readFileSync(file).equals(bytes)).toBe(true);
  });

  test('a write that fails after part of the bytes went out throws its error, never a short count', () => {
    // A non-blocking FIFO takes what fits (64 KiB on Linux), then says EAGAIN: libuv returns the short count.
    const fifo = path.join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    const writer = openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
    try {
      const bytes = payload(200_000, 4);
      expect(() => writeAllSync(writer, piecesOf(bytes, [70_000]))).toThrow(
        expect.objectContaining({ code: 'EAGAIN' }),
      );
      // What went through is the start of the bytes, in order.
      const back = Buffer.alloc(bytes.length);
      const read = readSync(reader, back);
      expect(read).toBeGreaterThan(0);
      expect(read).toBeLessThan(bytes.length);
      expect(back.subarray(0, read).equals(bytes.subarray(0, read))).toBe(true);
    } finally {
      closeSync(writer);
      closeSync(reader);
    }
  });

  test('an empty list writes nothing', () => {
    const fd = openSync(path.join(dir, 'empty.bin'), 'wx');
    try {
      expect(writeAllSync(fd, [])).toBe(0);
    } finally {
      closeSync(fd);
    }
  });
});
