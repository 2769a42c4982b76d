import { createHash, type Hash } from 'node:crypto';
import { SNIFF_BYTES, assertKind, type AssetKind } from '../sniff.js';
import { fileTooLargeError } from './download-errors.js';
import type { DownloadProgress } from './types.js';

/** At most one progress report per interval, besides the final one. */
const PROGRESS_INTERVAL_MS = 100;

/** What is checked on a body as it streams to disk. */
export interface BodyWatchOptions {
  /** Bytes already in the file when appending (a resume). */
  offset: number;
  total?: number;
  /** File size the body must not go past (the end of a 206's range): more is a body overflow, never written. */
  limit?: number;
  maxBytes?: number;
  /** Sniff the first `SNIFF_BYTES` for this kind; `source` names the file in the error. */
  kind?: AssetKind;
  source: string;
  /** Hash the bytes as they pass (only when a checksum was asked for). */
  hash: boolean;
  onProgress?: (progress: DownloadProgress) => void;
}

const BODY_OVERFLOW = Symbol('body-overflow');

/** Whether an error is the watch refusing bytes past `limit` (an inconsistent partial response). */
export function isBodyOverflow(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as Record<symbol, unknown>)[BODY_OVERFLOW] === true
  );
}

/**
 * The checks of a streaming body, one chunk at a time: count, `maxBytes`, kind sniffing,
 * SHA-256, throttled progress and a partial body's `limit`. Shared by the undici path (a `Transform`) and the socket path.
 * A chunk may be a view of a reused read buffer: whatever is kept is copied.
 */
export class BodyWatch {
  /** Bytes in the file: the resumed offset plus this body so far. */
  bytes: number;
  /** Hex SHA-256 of this body, once `finish()` ran with `hash`. */
  digest: string | undefined;
  readonly #options: BodyWatchOptions;
  readonly #hash: Hash | undefined;
  #head: Buffer[] | undefined;
  #headBytes = 0;
  #lastReport = 0;

  constructor(options: BodyWatchOptions) {
    this.#options = options;
    this.bytes = options.offset;
    this.#hash = options.hash ? createHash('sha256') : undefined;
    // A resume only starts past SNIFF_BYTES, so the head was already checked by an earlier attempt.
    this.#head = options.kind !== undefined && options.offset === 0 ? [] : undefined;
  }

  /**
   * Check `chunk` before it is written; throws a body overflow (`isBodyOverflow`), `FILE_TOO_LARGE`,
   * `UNSUPPORTED_FORMAT` or what `onProgress` throws.
   */
  watch(chunk: Buffer): void {
    const { maxBytes, onProgress, limit } = this.#options;
    if (limit !== undefined && this.bytes + chunk.length > limit) {
      // Checked before the chunk is passed on: bytes past the range never reach the file.
      const overflow = new Error(
        `Partial response body runs past its Content-Range (byte ${limit})`,
      );
      Object.defineProperty(overflow, BODY_OVERFLOW, { value: true });
      throw overflow;
    }
    this.bytes += chunk.length;
    if (maxBytes !== undefined && this.bytes > maxBytes)
      throw fileTooLargeError(maxBytes, { received: this.bytes });
    if (this.#head) this.#collectHead(chunk);
    this.#hash?.update(chunk);
    if (onProgress) {
      const now = performance.now();
      if (now - this.#lastReport >= PROGRESS_INTERVAL_MS) {
        this.#lastReport = now;
        onProgress(this.#progress());
      }
    }
  }

  /** The body ended: sniff a head shorter than `SNIFF_BYTES`, take the digest. */
  finish(): void {
    if (this.#head) this.#checkHead();
    this.digest = this.#hash?.digest('hex');
  }

  #progress(): DownloadProgress {
    const { total } = this.#options;
    return total === undefined ? { bytes: this.bytes } : { bytes: this.bytes, total };
  }

  #collectHead(chunk: Buffer): void {
    const wanted = chunk.subarray(0, SNIFF_BYTES - this.#headBytes);
    (this.#head as Buffer[]).push(Buffer.from(wanted));
    this.#headBytes += wanted.length;
    if (this.#headBytes >= SNIFF_BYTES) this.#checkHead();
  }

  #checkHead(): void {
    const head = Buffer.concat(this.#head as Buffer[]).subarray(0, SNIFF_BYTES);
    this.#head = undefined;
    assertKind(head, this.#options.kind as AssetKind, this.#options.source);
  }
}
