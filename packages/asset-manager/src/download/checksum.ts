import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { pipeline } from 'node:stream/promises';
import { toPipelineError } from '@ad-pipeline/errors';
import { permanentDownloadError } from './download-errors.js';

/** Hex SHA-256 of a file, read as a stream (for a resumed download, whose bytes came in pieces). */
export async function hashFile(filePath: string): Promise<string> {
  const hash = createHash('sha256');
  try {
    await pipeline(createReadStream(filePath, { highWaterMark: 1024 * 1024 }), hash);
  } catch (error) {
    throw toPipelineError(error);
  }
  return hash.digest('hex');
}

/** Throws a non-retryable `ASSET_DOWNLOAD_FAILED` when the digest differs from the expected one. */
export function assertChecksum(
  expected: string | undefined,
  actual: string | undefined,
  url: URL,
): void {
  if (expected === undefined || actual === expected.toLowerCase()) return;
  throw permanentDownloadError('checksum-mismatch', 'Download failed: SHA-256 mismatch', url, {
    expected,
    actual,
  });
}

/**
 * The hashing thread's program (CommonJS, run with `eval` so it needs no file of its own in the
 * build). It shares the process's file descriptors: it reads the regions of the temp file the
 * download has written (`pread`, from the page cache) and hashes them, off the I/O thread.
 */
const HASH_WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { readSync } = require('node:fs');
const { createHash } = require('node:crypto');
const hash = createHash('sha256');
const buffer = Buffer.allocUnsafe(1024 * 1024);
let position = 0;
parentPort.on('message', ({ upTo, end }) => {
  try {
    while (position < upTo) {
      const read = readSync(workerData.fd, buffer, 0, Math.min(buffer.length, upTo - position), position);
      if (read === 0) throw new Error('the file is shorter than what was written');
      hash.update(buffer.subarray(0, read));
      position += read;
    }
    if (end) parentPort.postMessage({ digest: hash.digest('hex') });
  } catch (error) {
    parentPort.postMessage({ error: String(error && error.message) });
  }
});
`;

/** Post a new high-water mark to the hashing thread only every this many bytes (fewer messages). */
const ADVANCE_STEP_BYTES = 4 * 1024 * 1024;

/**
 * SHA-256 of a file being written, computed on a worker thread that follows the writer: `advance`
 * says how many bytes from offset 0 are on disk, `digest` waits for the rest. The hash overlaps the
 * download instead of costing the I/O thread ~0.6 s per GiB (issue #19). `fd` must stay open until
 * `digest` settles or `dispose` is called.
 */
export class OverlappedFileHash {
  readonly #worker: Worker;
  #posted = 0;
  #result: Promise<string>;

  constructor(fd: number) {
    this.#worker = new Worker(HASH_WORKER_SOURCE, { eval: true, workerData: { fd } });
    this.#result = new Promise((resolve, reject) => {
      this.#worker.once('message', (message: { digest?: string; error?: string }) => {
        if (message.digest !== undefined) resolve(message.digest);
        else reject(new Error(`SHA-256 worker: ${message.error ?? 'unknown error'}`));
      });
      this.#worker.once('error', reject);
    });
    this.#result.catch(() => undefined); // observed by digest(); never an unhandled rejection
  }

  /** `upTo` bytes from offset 0 are written: the hashing thread may read them. */
  advance(upTo: number): void {
    if (upTo - this.#posted < ADVANCE_STEP_BYTES) return;
    this.#posted = upTo;
    this.#worker.postMessage({ upTo });
  }

  /** Hex SHA-256 of the first `total` bytes, once they are hashed; then the thread ends. */
  async digest(total: number): Promise<string> {
    this.#worker.postMessage({ upTo: total, end: true });
    try {
      return await this.#result;
    } finally {
      this.dispose();
    }
  }

  /** Stop the hashing thread (a failed download). */
  dispose(): void {
    void this.#worker.terminate();
  }
}
