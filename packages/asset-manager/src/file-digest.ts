import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { SNIFF_BYTES } from './sniff.js';

const READ_CHUNK_BYTES = 256 * 1024;
// No final-symlink following (paths here are already resolved) and no blocking open on a FIFO.
const READ_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/** Size, SHA-256 and first bytes of a file. */
export interface FileDigest {
  /** Bytes read. */
  size: number;
  /** Lowercase hex SHA-256 of the content. */
  sha256: string;
  /** The first (up to) {@link SNIFF_BYTES} bytes. */
  head: Uint8Array;
}

/**
 * Runs `use` on an open handle of `realPath` when it is a regular file, and closes it afterwards.
 * Returns undefined (without calling `use`) for a directory, FIFO, device or socket.
 */
export async function withRegularFile<T>(
  realPath: string,
  use: (handle: FileHandle, size: number) => Promise<T>,
): Promise<T | undefined> {
  const handle = await open(realPath, READ_FLAGS);
  try {
    const stats = await handle.stat();
    return stats.isFile() ? await use(handle, stats.size) : undefined;
  } finally {
    await handle.close();
  }
}

/** Reads up to `length` bytes from the start of the file. */
export async function readHead(handle: FileHandle, length = SNIFF_BYTES): Promise<Uint8Array> {
  const buffer = Buffer.alloc(length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(buffer, filled, length - filled, filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return buffer.subarray(0, filled);
}

/** Streams the whole file once, hashing it and keeping its first bytes (memory stays constant). */
export async function digestFile(handle: FileHandle): Promise<FileDigest> {
  const hash = createHash('sha256');
  const buffer = Buffer.alloc(READ_CHUNK_BYTES);
  let head = Buffer.alloc(0);
  let size = 0;
  for (;;) {
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, size);
    if (bytesRead === 0) break;
    const chunk = buffer.subarray(0, bytesRead);
    hash.update(chunk);
    if (head.length < SNIFF_BYTES) head = Buffer.concat([head, chunk.subarray(0, SNIFF_BYTES - head.length)]);
    size += bytesRead;
  }
  return { size, sha256: hash.digest('hex'), head };
}
