import { open, type FileHandle } from 'node:fs/promises';
import { commitTempFile, createTempPath, removeTempFile } from './temp-files.js';

/**
 * Collects bytes in a hidden temp file beside the final path and renames it into place on
 * `commit()`, so readers never see a partial file. The temp file is created lazily (`wx`: never an
 * existing file or symlink) on the first write or on commit. Call `abort()` on any failure.
 */
export class AtomicFileWriter {
  /** The in-progress file, `<dir>/.tmp-<hex>.part`. */
  readonly tempPath: string;
  #handle: FileHandle | undefined;

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
    await commitTempFile(this.tempPath, finalPath);
  }

  /** Closes and deletes the temp file; never throws. */
  async abort(): Promise<void> {
    const handle = this.#handle;
    this.#handle = undefined;
    await handle?.close().catch(() => undefined);
    await removeTempFile(this.tempPath);
  }

  async #open(): Promise<FileHandle> {
    this.#handle ??= await open(this.tempPath, 'wx');
    return this.#handle;
  }
}
