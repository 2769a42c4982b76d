import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { makeTempDir, payload, removeDir } from '../../../test/download/fault-server.js';
import { BodyWriter } from './body-writer.js';

/** The body writer on real files: order, buffer holds, errors, and closing under a pending write. */

let dir: string;
beforeEach(async () => {
  dir = await makeTempDir();
});
afterEach(async () => {
  await removeDir(dir);
});

function openFile(name = 'body.bin'): { fd: number; file: string } {
  const file = path.join(dir, name);
  return { fd: openSync(file, 'wx'), file };
}

describe('BodyWriter', () => {
  it('writes at once when asked and nothing is pending, reporting each new position', () => {
    const { fd, file } = openFile();
    const positions: number[] = [];
    const writer = new BodyWriter(fd, 100, { onWritten: (position) => positions.push(position) });
    const bytes = payload(5000);
    writer.write(bytes, 0, 3000, true);
    writer.write(bytes, 3000, 5000, true);
    expect(writer.holds(bytes)).toBe(false);
    expect(positions).toEqual([3100, 5100]);
    writer.close();
    expect(readFileSync(file).equals(bytes)).toBe(true);
  });

  it('keeps arrival order across queued and immediate writes from two reused buffers', async () => {
    const { fd, file } = openFile();
    const source = payload(2_000_000, 7);
    const buffers = [Buffer.alloc(65_536), Buffer.alloc(65_536)];
    let frees = 0;
    const writer = new BodyWriter(fd, 0, { onFree: () => (frees += 1) });
    let next = 0;
    let turn = 0;
    // Like the socket path: fill a free buffer, hand slices of it over (some synchronous, which
    // must wait behind queued ones), and wait for a buffer when both are held.
    while (next < source.length) {
      const buffer = buffers[turn % 2] as Buffer;
      turn += 1;
      while (writer.holds(buffer)) await new Promise((resolve) => setImmediate(resolve));
      const length = Math.min(buffer.length, source.length - next);
      source.copy(buffer, 0, next, next + length);
      next += length;
      const cut = Math.floor(length / 3);
      writer.write(buffer, 0, cut, false);
      writer.write(buffer, cut, length, turn % 5 === 0);
      expect(writer.holds(buffer)).toBe(true);
    }
    await writer.drain();
    expect(writer.position).toBe(source.length);
    expect(buffers.some((buffer) => writer.holds(buffer))).toBe(false);
    expect(frees).toBeGreaterThan(0);
    writer.close();
    expect(readFileSync(file).equals(source)).toBe(true);
  });

  it('reports a queued write’s error once, rejects drain with it, and drops what follows', async () => {
    // /dev/full: every write fails with ENOSPC, the disk-full case.
    const fd = openSync('/dev/full', 'w');
    const errors: unknown[] = [];
    const writer = new BodyWriter(fd, 0, { onError: (error) => errors.push(error) });
    const bytes = payload(1000);
    writer.write(bytes, 0, 500, false);
    writer.write(bytes, 500, 1000, false);
    await expect(writer.drain()).rejects.toMatchObject({ code: 'ENOSPC' });
    expect(errors).toHaveLength(1);
    expect(writer.holds(bytes)).toBe(false);
    writer.write(bytes, 0, 10, true); // after a failure: nothing more is written, nothing thrown
    writer.close();
  });

  it('throws an immediate write’s error to the caller', () => {
    const fd = openSync('/dev/full', 'w');
    const writer = new BodyWriter(fd, 0);
    expect(() => writer.write(payload(10), 0, 10, true)).toThrow(
      expect.objectContaining({ code: 'ENOSPC' }),
    );
    writer.close();
  });

  it('closes the descriptor only after the write in flight returns', async () => {
    const { fd } = openFile();
    let written = 0;
    const writer = new BodyWriter(fd, 0, { onWritten: (position) => (written = position) });
    const big = Buffer.alloc(64 * 1024 * 1024, 1);
    writer.write(big, 0, big.length, false);
    writer.write(big, 0, 10, false); // queued behind it: dropped by close
    writer.close();
    expect(() => fstatSync(fd)).not.toThrow(); // still open: the thread pool is writing to it
    for (let i = 0; i < 500; i += 1) {
      try {
        fstatSync(fd);
      } catch (error) {
        expect((error as NodeJS.ErrnoException).code).toBe('EBADF');
        expect(written).toBe(0); // a closed writer reports nothing more
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    closeSync(fd);
    throw new Error('the descriptor was never closed');
  });
});
