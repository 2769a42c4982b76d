import type { FileHandle } from 'node:fs/promises';
import { Writable } from 'node:stream';
import { openTempFile, type FileIdentity, type TempFileMode } from '../temp-files.js';
import { writeAllSync } from './write-all.js';

/** Options of {@link FileSink}. */
export interface FileSinkOptions {
  /** How the temp file is opened (`openTempFile`: exclusive create, recreate, or append to our own file). Default create. */
  open?: TempFileMode;
  /** Bytes buffered before `write()` asks the producer to wait. Default 1 MiB. */
  highWaterMark?: number;
  /** Bytes gathered before one `writev(2)`. Default 1 MiB. */
  batchBytes?: number;
}

/** Most buffers handed to one `writev(2)`: far under every platform's `IOV_MAX` (1024 on Linux). */
const MAX_BATCH_BUFFERS = 256;

/**
 * A file `Writable` that gathers chunks into ~1 MiB batches and writes each batch with one
 * synchronous `writev(2)`.
 *
 * Why not `fs.createWriteStream`: a download's chunks arrive one socket read (≤ 64 KiB) at a time;
 * the async stream hands each batch to the thread pool and pauses the socket meanwhile (the bench
 * measured a third more context switches and 10–30 % more time per GiB). Why batches rather than
 * one `write(2)` per chunk: 16 chunks per system call instead of one cut the time per GiB from
 * about 1.2× to 0.85× curl's with undici (issue #19). The chunks are undici's own buffers, never
 * reused by it, so holding them until the batch is written is safe. Open and close stay async; the
 * open is `openTempFile`'s (exclusive, never through a symlink, a resume only into our own file),
 * the same rules as the socket path's `openTempFileSync`.
 *
 * Guarantees: bytes reach the file in order; `finish` comes after the last batch is written;
 * a destroyed sink (reset, abort, failed check) still writes what it had accepted before closing,
 * so a resume continues from every byte received.
 */
export class FileSink extends Writable {
  /** Bytes written to the file so far. */
  bytesWritten = 0;
  /** The opened file's identity, once open; the commit checks the path still holds it. */
  identity: FileIdentity | undefined;
  readonly #path: string;
  readonly #open: TempFileMode;
  readonly #batchBytes: number;
  #handle: FileHandle | undefined;
  #fd: number | undefined;
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  /**
   * Chunks accepted by `write()` but not yet handed to `_write`/`_writev` (e.g. while the file
   * opens). A Writable drops its own buffer on destroy; `_destroy` writes these too, so a failure
   * upstream (a reset, a deadline) still leaves every byte received on disk for the resume.
   */
  readonly #accepted: Buffer[] = [];

  constructor(
    path: string,
    {
      open = { mode: 'create' },
      highWaterMark = 1024 * 1024,
      batchBytes = 1024 * 1024,
    }: FileSinkOptions = {},
  ) {
    super({ highWaterMark });
    this.#path = path;
    this.#open = open;
    this.#batchBytes = batchBytes;
  }

  override _construct(callback: (error?: Error | null) => void): void {
    openTempFile(this.#path, this.#open).then(
      ({ handle, identity }) => {
        this.#handle = handle;
        this.#fd = handle.fd;
        this.identity = identity;
        callback();
      },
      (error: Error) => callback(error),
    );
  }

  override write(chunk: unknown, encoding?: unknown, callback?: unknown): boolean {
    if (Buffer.isBuffer(chunk) && !this.destroyed && !this.writableEnded)
      this.#accepted.push(chunk);
    return super.write(
      chunk,
      encoding as BufferEncoding,
      callback as (error?: Error | null) => void,
    );
  }

  override _write(
    chunk: Buffer,
    _encoding: BufferEncoding,
    callback: (error?: Error | null) => void,
  ): void {
    callback(this.#gather([chunk]));
  }

  override _writev(chunks: { chunk: Buffer }[], callback: (error?: Error | null) => void): void {
    callback(this.#gather(chunks.map(({ chunk }) => chunk)));
  }

  override _final(callback: (error?: Error | null) => void): void {
    callback(this.#tryFlush());
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    const handle = this.#handle;
    // Keep what was accepted: a resume continues from the file's length.
    if (error !== null && this.#fd !== undefined) this.#gatherAll(this.#accepted);
    this.#accepted.length = 0;
    const flushError = this.#fd === undefined ? null : this.#tryFlush();
    this.#handle = undefined;
    this.#fd = undefined;
    if (handle === undefined) {
      callback(error);
      return;
    }
    handle.close().then(
      () => callback(error ?? flushError),
      (closeError: Error) => callback(error ?? flushError ?? closeError),
    );
  }

  #gather(chunks: Buffer[]): Error | null {
    for (const chunk of chunks) if (this.#accepted[0] === chunk) this.#accepted.shift();
    this.#gatherAll(chunks);
    if (this.#pendingBytes < this.#batchBytes && this.#pending.length < MAX_BATCH_BUFFERS)
      return null;
    return this.#tryFlush();
  }

  #gatherAll(chunks: readonly Buffer[]): void {
    for (const chunk of chunks) {
      if (chunk.length === 0) continue;
      this.#pending.push(chunk);
      this.#pendingBytes += chunk.length;
    }
  }

  #tryFlush(): Error | null {
    try {
      this.#flush();
      return null;
    } catch (error) {
      return error as Error;
    }
  }

  #flush(): void {
    const buffers = this.#pending;
    this.#pending = [];
    this.#pendingBytes = 0;
    this.bytesWritten += writeAllSync(this.#fd as number, buffers);
  }
}
