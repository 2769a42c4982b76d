import { closeSync, write, writeSync } from 'node:fs';

/** A slice of a read buffer waiting to be written. */
interface Slice {
  buffer: Buffer;
  start: number;
  end: number;
}

/**
 * Writes a body's bytes to its file descriptor in arrival order, straight from the connection's
 * read buffers: with `write(2)` on the event loop when nothing is pending and the caller asks for
 * it (one download alone: the cheapest path, measured), otherwise queued for the libuv thread pool
 * one write at a time (several downloads at once: the page-cache copy runs on the other core while
 * the event loop reads the next socket). A buffer is `held` until every slice of it was written;
 * the caller reads into it again only after that.
 *
 * The descriptor is written at its own offset (the file was opened for this body, or with
 * `O_APPEND` for a resume), which is why writes never overlap. The first write error is kept and
 * reported once (`onError`); later slices are dropped.
 */
export class BodyWriter {
  readonly #fd: number;
  readonly #queue: Slice[] = [];
  readonly #held = new Map<Buffer, number>();
  #writing: Slice | undefined;
  #position: number;
  #error: unknown;
  #closeWhenIdle = false;
  #drained: (() => void) | undefined;

  /**
   * @param fd an open descriptor positioned where the body starts
   * @param position the file offset of the body's first byte (reported back through `onWritten`)
   * @param events `onWritten(position)` after bytes reached the file, `onFree()` when a held buffer
   *   was released, `onError(error)` on the first failed write
   */
  constructor(
    fd: number,
    position: number,
    private readonly events: {
      onWritten?: (position: number) => void;
      onFree?: () => void;
      onError?: (error: unknown) => void;
    } = {},
  ) {
    this.#fd = fd;
    this.#position = position;
  }

  /** Whether a pending write still holds `buffer`. */
  holds(buffer: Buffer): boolean {
    return this.#held.has(buffer);
  }

  /** Bytes in the file so far (the offset after the last completed write). */
  get position(): number {
    return this.#position;
  }

  /**
   * Writes `buffer[start, end)` after everything before it. `sync`: on the event loop, now, when
   * nothing is pending. Throws a synchronous write's error; a queued write's error goes to `onError`.
   */
  write(buffer: Buffer, start: number, end: number, sync: boolean): void {
    if (this.#error !== undefined || start === end) return;
    if (sync && this.#writing === undefined) {
      // write(2) may write less than asked (a full disk about to fail, a signal): loop until done.
      for (let at = start; at < end;) at += writeSync(this.#fd, buffer, at, end - at);
      this.#advance(end - start);
      return;
    }
    this.#held.set(buffer, (this.#held.get(buffer) ?? 0) + 1);
    this.#queue.push({ buffer, start, end });
    this.#next();
  }

  /** Resolves once every queued write is done; rejects with the first write error. */
  drain(): Promise<void> {
    if (this.#error !== undefined) return Promise.reject(this.#error);
    if (this.#writing === undefined) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.#drained = () => (this.#error === undefined ? resolve() : reject(this.#error));
    });
  }

  /**
   * Closes the descriptor now, or (a write in flight) as soon as that write returns: closing
   * under a pending write could let the descriptor number be reused by another file before the
   * thread pool writes to it. Slices not started yet are dropped.
   */
  close(): void {
    this.#queue.length = 0;
    if (this.#writing === undefined) closeSync(this.#fd);
    else this.#closeWhenIdle = true;
  }

  #next(): void {
    if (this.#writing !== undefined) return;
    const slice = this.#queue.shift();
    if (slice === undefined) {
      const drained = this.#drained;
      this.#drained = undefined;
      drained?.();
      return;
    }
    this.#writing = slice;
    write(this.#fd, slice.buffer, slice.start, slice.end - slice.start, null, (error, written) => {
      this.#writing = undefined;
      if (this.#closeWhenIdle) {
        closeSync(this.#fd);
        this.#release(slice.buffer);
        return;
      }
      if (error) {
        this.#fail(error);
        return;
      }
      if (written < slice.end - slice.start) {
        // A short write: the rest goes next, before anything queued after it.
        this.#queue.unshift({ ...slice, start: slice.start + written });
        this.#advance(written);
        this.#next();
        return;
      }
      this.#advance(written);
      this.#release(slice.buffer);
      this.#next();
    });
  }

  #advance(bytes: number): void {
    this.#position += bytes;
    this.events.onWritten?.(this.#position);
  }

  #release(buffer: Buffer): void {
    const count = (this.#held.get(buffer) ?? 1) - 1;
    if (count > 0) this.#held.set(buffer, count);
    else this.#held.delete(buffer);
    if (count <= 0) this.events.onFree?.();
  }

  #fail(error: unknown): void {
    this.#error = error;
    this.#queue.length = 0;
    this.#held.clear();
    const drained = this.#drained;
    this.#drained = undefined;
    drained?.();
    this.events.onError?.(error);
  }
}
