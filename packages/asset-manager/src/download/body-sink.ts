import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback, type Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { SNIFF_BYTES, assertKind, type AssetKind } from '../sniff.js';
import { fileTooLargeError } from './download-errors.js';
import type { FileIdentity, TempFileMode } from '../temp-files.js';
import { FileSink } from './file-sink.js';
import type { DownloadProgress } from './types.js';

/** Bytes held (while the file opens, and in the monitor) before the socket is paused. */
const FILE_HIGH_WATER_MARK = 1024 * 1024;
/** At most one progress report per interval, besides the final one. */
const PROGRESS_INTERVAL_MS = 100;

/** What the sink watches while the body streams to disk. */
export interface BodySinkOptions {
  tempPath: string;
  /** How the temp file is opened: created, re-created (starting over) or appended to (resume). */
  open: TempFileMode;
  /** Bytes already in the file when appending. */
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

/** The writable undici streams the body into, plus how to learn the outcome. */
export interface BodySink {
  readonly writable: Writable;
  /** Settles once the file is written and closed; rejects with the first error of the chain. */
  readonly done: Promise<void>;
  /** Bytes in the file: the resumed offset plus this body. */
  bytes(): number;
  /** Hex SHA-256 of this body, when `hash` was asked. */
  digest(): string | undefined;
  /** The temp file's identity once it is open. */
  identity(): FileIdentity | undefined;
}

const BODY_OVERFLOW = Symbol('body-overflow');

/** Whether an error is the sink refusing bytes past `limit` (an inconsistent partial response). */
export function isBodyOverflow(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as Record<symbol, unknown>)[BODY_OVERFLOW] === true
  );
}

/**
 * Opens the temp file and returns what the body is written into. With nothing to watch the body
 * goes straight into the file stream (no per-chunk work: the fast path); otherwise a thin
 * monitor counts, limits, sniffs, hashes and reports progress on the way. Backpressure holds on both.
 */
export function createBodySink(options: BodySinkOptions): BodySink {
  const file = new FileSink(options.tempPath, {
    open: options.open,
    highWaterMark: FILE_HIGH_WATER_MARK,
  });
  const watching =
    options.maxBytes !== undefined ||
    options.limit !== undefined ||
    options.kind !== undefined ||
    options.hash ||
    options.onProgress !== undefined;
  if (!watching) {
    return {
      writable: file,
      done: finished(file),
      bytes: () => options.offset + file.bytesWritten,
      digest: () => undefined,
      identity: () => file.identity,
    };
  }
  const monitor = new BodyMonitor(options);
  return {
    writable: monitor,
    done: pipeKeepingPartial(monitor, file),
    bytes: () => monitor.bytes,
    digest: () => monitor.digest,
    identity: () => file.identity,
  };
}

/**
 * `monitor.pipe(file)`, except that a failure upstream (a reset, an abort, a failed check) ends the
 * file instead of destroying it, so every byte received so far reaches the disk for a resume.
 * (`pipeline` would destroy the file and drop its buffered writes.) Settles when the file is closed.
 */
function pipeKeepingPartial(monitor: Transform, file: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    let failure: unknown;
    monitor.once('error', (error) => {
      failure ??= error;
    });
    monitor.once('close', () => {
      if (!file.writableEnded) file.end();
    });
    file.once('error', (error) => {
      failure ??= error;
      monitor.destroy(error);
    });
    file.once('close', () => (failure === undefined ? resolve() : reject(failure)));
    monitor.pipe(file);
  });
}

class BodyMonitor extends Transform {
  bytes: number;
  digest: string | undefined;
  readonly #options: BodySinkOptions;
  readonly #hash: Hash | undefined;
  #head: Buffer[] | undefined;
  #headBytes = 0;
  #lastReport = 0;

  constructor(options: BodySinkOptions) {
    super({ highWaterMark: FILE_HIGH_WATER_MARK });
    this.#options = options;
    this.bytes = options.offset;
    this.#hash = options.hash ? createHash('sha256') : undefined;
    // A resume only starts past SNIFF_BYTES, so the head was already checked by an earlier attempt.
    this.#head = options.kind !== undefined && options.offset === 0 ? [] : undefined;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      this.#watch(chunk);
    } catch (error) {
      // Over maxBytes, wrong kind, or a throwing onProgress: fail the transfer (undici aborts it).
      callback(error as Error);
      return;
    }
    callback(null, chunk);
  }

  #watch(chunk: Buffer): void {
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

  override _flush(callback: TransformCallback): void {
    try {
      if (this.#head) this.#checkHead();
    } catch (error) {
      callback(error as Error);
      return;
    }
    this.digest = this.#hash?.digest('hex');
    callback();
  }

  #progress(): DownloadProgress {
    const { total } = this.#options;
    return total === undefined ? { bytes: this.bytes } : { bytes: this.bytes, total };
  }

  #collectHead(chunk: Buffer): void {
    (this.#head as Buffer[]).push(chunk);
    this.#headBytes += chunk.length;
    if (this.#headBytes >= SNIFF_BYTES) this.#checkHead();
  }

  #checkHead(): void {
    const head = Buffer.concat(this.#head as Buffer[]).subarray(0, SNIFF_BYTES);
    this.#head = undefined;
    assertKind(head, this.#options.kind as AssetKind, this.#options.source);
  }
}
