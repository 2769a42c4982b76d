/** stdout/stderr that a reader may close (`demo | head`): writes after that are dropped, not thrown. */

/** A writable that knows when its reader went away. */
export interface ClosableOutput {
  /** Writes `text` unless the reader closed the stream; never throws, never emits an unhandled error. */
  write(text: string): boolean;
  /** Terminal width of a TTY; `undefined` for a pipe or a file. */
  readonly columns: number | undefined;
  /** True once a write failed because the reader is gone (`EPIPE`) or the stream was destroyed. */
  readonly closed: boolean;
}

/**
 * Wraps `stream` so that a closed pipe ends output quietly: Node reports `EPIPE` as an `'error'` event,
 * which, unhandled, crashes the process with a stack trace before any cleanup runs. `onClose` is called
 * once, on the first such error, so the caller can stop its work (and still clean up).
 */
export function closableOutput(stream: NodeJS.WriteStream, onClose: () => void): ClosableOutput {
  let closed = false;
  const close = (): void => {
    if (closed) return;
    closed = true;
    onClose();
  };
  stream.on('error', (error: NodeJS.ErrnoException) => {
    // Any write error means nobody reads what follows: EPIPE, ERR_STREAM_DESTROYED, EBADF, …
    void error;
    close();
  });
  return {
    write(text) {
      if (closed || stream.destroyed) return false;
      try {
        return stream.write(text);
      } catch {
        close();
        return false;
      }
    },
    get columns() {
      return stream.isTTY ? stream.columns : undefined;
    },
    get closed() {
      return closed;
    },
  };
}
