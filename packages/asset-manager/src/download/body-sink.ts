import { Transform, Writable, type TransformCallback } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { FileIdentity, TempFileMode } from '../temp-files.js';
import { BodyWatch, type BodyWatchOptions } from './body-watch.js';
import { FileSink } from './file-sink.js';

/** Bytes held (while the file opens, and in the monitor) before the socket is paused. */
const FILE_HIGH_WATER_MARK = 1024 * 1024;

/** What the sink watches while the body streams to disk. */
export interface BodySinkOptions extends BodyWatchOptions {
  tempPath: string;
  /** How the temp file is opened: created, re-created (starting over) or appended to (resume). */
  open: TempFileMode;
  /** Where the body goes instead of a file at `tempPath` (object storage). It is ended, never destroyed, on failure. */
  destination?: CountingWritable;
}

/** A writable that counts the bytes it took, as {@link FileSink} does. */
export type CountingWritable = Writable & { readonly bytesWritten: number };

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

/**
 * Opens the temp file and returns what the body is written into. With nothing to watch the body
 * goes straight into the file stream (no per-chunk work: the fast path); otherwise a thin
 * monitor counts, limits, sniffs, hashes and reports progress on the way. Backpressure holds on both.
 */
export function createBodySink(options: BodySinkOptions): BodySink {
  const file: CountingWritable =
    options.destination === undefined
      ? new FileSink(options.tempPath, {
          open: options.open,
          highWaterMark: FILE_HIGH_WATER_MARK,
        })
      : new DestinationSlice(options.destination);
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
      identity: () => (file instanceof FileSink ? file.identity : undefined),
    };
  }
  const monitor = new BodyMonitor(options);
  return {
    writable: monitor,
    done: pipeKeepingPartial(monitor, file),
    bytes: () => monitor.bytes,
    digest: () => monitor.digest,
    identity: () => (file instanceof FileSink ? file.identity : undefined),
  };
}

/**
 * One response's share of a destination stream: a body that arrives in several responses (CDN
 * slices) goes into the destination in order, and ending one slice never ends the destination (the
 * caller ends it once the whole body is in). Counts only this slice's bytes, like a {@link FileSink}
 * opened at the slice's offset.
 */
class DestinationSlice extends Writable {
  bytesWritten = 0;
  readonly #destination: Writable;

  constructor(destination: Writable) {
    super({ highWaterMark: FILE_HIGH_WATER_MARK });
    this.#destination = destination;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (this.#destination.destroyed || this.#destination.writableEnded) {
      callback(this.#destination.errored ?? new Error('the destination stream is closed'));
      return;
    }
    this.bytesWritten += chunk.length;
    this.#destination.write(chunk, (error) => callback(error ?? null));
  }
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
  readonly #watch: BodyWatch;

  constructor(options: BodySinkOptions) {
    super({ highWaterMark: FILE_HIGH_WATER_MARK });
    this.#watch = new BodyWatch(options);
  }

  get bytes(): number {
    return this.#watch.bytes;
  }

  get digest(): string | undefined {
    return this.#watch.digest;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      this.#watch.watch(chunk);
    } catch (error) {
      // Over maxBytes, wrong kind, or a throwing onProgress: fail the transfer (undici aborts it).
      callback(error as Error);
      return;
    }
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    try {
      this.#watch.finish();
    } catch (error) {
      callback(error as Error);
      return;
    }
    callback();
  }
}
