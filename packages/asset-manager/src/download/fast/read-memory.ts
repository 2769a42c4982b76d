/**
 * Read memory lent to the socket path's connections while they carry a request, and taken back
 * when they go idle: an idle kept-alive connection holds only its small idle buffer, so many idle
 * connections (up to 256 per pool) cost kilobytes each, not the 256 KiB or 1 MiB of a read.
 */

/** Free read memory kept for the next borrower, in all sizes together: 16 MiB. More is left to GC. */
const MAX_FREE_BYTES = 16 * 1024 * 1024;

const free = new Map<number, Buffer[]>();
let freeBytes = 0;

/** Read memory of `bytes`: a region given back earlier, else a new one (not zero-filled: every byte is read into before use). */
export function borrowReadMemory(bytes: number): Buffer {
  const region = free.get(bytes)?.pop();
  if (region === undefined) return Buffer.allocUnsafe(bytes);
  freeBytes -= bytes;
  return region;
}

/**
 * Takes `region` back for the next borrower. The caller must hold no view of it and no read may
 * still be headed for it (a connection gives it back from a read callback, before Node asks for the
 * next read's buffer).
 */
export function returnReadMemory(region: Buffer): void {
  if (freeBytes + region.length > MAX_FREE_BYTES) return;
  const list = free.get(region.length);
  if (list === undefined) free.set(region.length, [region]);
  else list.push(region);
  freeBytes += region.length;
}
