import { close, open, writeSync } from 'node:fs';
import { Writable } from 'node:stream';

/** Options of {@link FileSink}. */
export interface FileSinkOptions {
  /** `'w'` truncates, `'a'` appends (resume). Default `'w'`. */
  flags?: 'w' | 'a';
  /** Bytes buffered before `write()` asks the producer to wait. Default 1 MiB. */
  highWaterMark?: number;
}

/**
 * A file `Writable` that writes each chunk with a synchronous `write(2)` the moment it arrives.
 *
 * Why not `fs.createWriteStream`: a download's chunks arrive one socket read (≤ 64 KiB) at a time;
 * writing each right away, as curl does, copies it while it is still in the CPU cache and skips the
 * thread-pool hand-off, its wake-ups and the buffering of the async stream (the bench measured a
 * third fewer context switches and about 10–30 % less time per GiB). A page-cache write of one
 * chunk takes microseconds, about what reading it from the socket took. Open and close stay async.
 */
export class FileSink extends Writable {
  /** Bytes written to the file so far. */
  bytesWritten = 0;
  readonly #path: string;
  readonly #flags: 'w' | 'a';
  #fd: number | undefined;

  constructor(path: string, { flags = 'w', highWaterMark = 1024 * 1024 }: FileSinkOptions = {}) {
    super({ highWaterMark });
    this.#path = path;
    this.#flags = flags;
  }

  override _construct(callback: (error?: Error | null) => void): void {
    open(this.#path, this.#flags, 0o666, (error, fd) => {
      this.#fd = fd;
      callback(error);
    });
  }

  override _write(
    chunk: Buffer,
    _encoding: BufferEncoding,
    callback: (error?: Error | null) => void,
  ): void {
    try {
      this.#writeAll(chunk);
    } catch (error) {
      callback(error as Error);
      return;
    }
    callback();
  }

  override _writev(chunks: { chunk: Buffer }[], callback: (error?: Error | null) => void): void {
    try {
      for (const { chunk } of chunks) this.#writeAll(chunk);
    } catch (error) {
      callback(error as Error);
      return;
    }
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    const fd = this.#fd;
    this.#fd = undefined;
    if (fd === undefined) {
      callback(error);
      return;
    }
    close(fd, (closeError) => callback(error ?? closeError));
  }

  #writeAll(chunk: Buffer): void {
    // write(2) may write less than asked (a full disk about to fail, a signal): loop until done.
    for (let offset = 0; offset < chunk.length;) {
      offset += writeSync(this.#fd as number, chunk, offset, chunk.length - offset);
    }
    this.bytesWritten += chunk.length;
  }
}
