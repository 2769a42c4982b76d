import type { FileHandle } from 'node:fs/promises';
import {
  commitTempFile,
  createTempPath,
  openTempFile,
  removeTempFile,
  type FileIdentity,
} from './temp-files.js';

/**
 * Collects bytes in a hidden temp file beside the final path and renames it into place on
 * `commit()`, so readers never see a partial file. The temp file is created lazily on the first
 * write or on commit, with the temp-file rules every writer shares (`openTempFile`: exclusive,
 * never through a symlink) and committed with `commitTempFile` (the final path is never a
 * symlink). Call `abort()` on any failure.
 */
export class AtomicFileWriter {
  /** The in-progress file, `<dir>/.tmp-<hex>.part`. */
  readonly tempPath: string;
  #handle: FileHandle | undefined;
  #identity: FileIdentity | undefined;

  /** Prepares (but does not create) a temp file in `dir`, the final file's directory. */
  constructor(dir: string) {
    this.tempPath = createTempPath(dir);
  }

  /** Appends `chunk` to the temp file, looping over short writes. */
  async write(chunk: Uint8Array): Promise<void> {
    const handle = await this.#open();
    let offset = 0;
    while (offset < chunk.byteLength) {
      const { bytesWritten } = await handle.write(chunk, offset, chunk.byteLength - offset);
      offset += bytesWritten;
    }
  }

  /** Closes the temp file and atomically renames it to `finalPath` (the temp file is removed on failure). */
  async commit(finalPath: string): Promise<void> {
    const handle = await this.#open();
    this.#handle = undefined;
    try {
      await handle.close();
    } catch (error) {
      await removeTempFile(this.tempPath);
      throw error;
    }
    await commitTempFile(this.tempPath, finalPath, this.#identity);
  }

  /** Closes and deletes the temp file (only if we created it); never throws. */
  async abort(): Promise<void> {
    const handle = this.#handle;
    this.#handle = undefined;
    await handle?.close().catch(() => undefined);
    // Never unlink what someone else put at our temp path (the create refused it).
    if (this.#identity !== undefined) await removeTempFile(this.tempPath);
  }

  async #open(): Promise<FileHandle> {
    if (this.#handle === undefined) {
      const { handle, identity } = await openTempFile(this.tempPath, { mode: 'create' });
      this.#handle = handle;
      this.#identity = identity;
    }
    return this.#handle;
  }
}
