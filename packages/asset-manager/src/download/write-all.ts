import { writeSync, writevSync } from 'node:fs';

/**
 * Writes every byte of `pieces`, in order, at the descriptor's position, and returns how many that
 * was (the sum of their lengths). libuv already loops over short writes and over more pieces than
 * one `writev` takes (`IOV_MAX`), but when a call fails after part of the bytes went out it returns
 * the short count and drops the error: the rest is written again here, so that error (`ENOSPC`,
 * `EFBIG`, `EIO`, …) is thrown rather than a short count returned.
 */
export function writeAllSync(fd: number, pieces: readonly Buffer[]): number {
  let total = 0;
  let index = 0;
  let skip = 0; // bytes of pieces[index] already written
  while (index < pieces.length) {
    const first = pieces[index] as Buffer;
    let wrote: number;
    if (index === pieces.length - 1 || skip > 0) {
      wrote = writeSync(fd, first, skip, first.length - skip);
    } else {
      wrote = writevSync(fd, index === 0 ? (pieces as Buffer[]) : pieces.slice(index));
    }
    total += wrote;
    // Move past the pieces this call wrote whole; keep the offset into a piece it wrote in part.
    let rest = skip + wrote;
    while (index < pieces.length && rest >= (pieces[index] as Buffer).length) {
      rest -= (pieces[index] as Buffer).length;
      index += 1;
    }
    skip = rest;
  }
  return total;
}
