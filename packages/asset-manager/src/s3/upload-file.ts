import type { Stats } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { Transform, type TransformCallback } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import { ErrorCode, PipelineError } from '@ad-pipeline/errors';
import { digestFile, withRegularFile } from '../file-digest.js';
import { contentTypeOf, SHA256_METADATA_KEY } from './object-metadata.js';
import { startUpload } from './run-upload.js';
import { toS3PipelineError } from './s3-errors.js';
import type { StoredObject } from './job-store.js';

/** Read size of the upload stream; lib-storage cuts parts from it. */
const READ_CHUNK_BYTES = 1024 * 1024;

/** Where one file goes and how. */
export interface FileUpload {
  client: S3Client;
  bucket: string;
  key: string;
  relativePath: string;
  /** Real path of the file, already checked to be inside the job. */
  realPath: string;
  signal?: AbortSignal;
}

/**
 * Passes the file's bytes through and, at the end, fails the stream when the file changed since it
 * was hashed (size, mtime or ctime differ, or the byte count does): lib-storage then aborts the
 * upload instead of completing an object whose recorded SHA-256 is wrong.
 */
class UnchangedFileCheck extends Transform {
  #bytes = 0;
  constructor(
    private readonly handle: FileHandle,
    private readonly before: Stats,
    private readonly source: string,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.#bytes += chunk.length;
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    this.handle.stat().then(
      (after) => {
        const same =
          after.size === this.before.size &&
          after.mtimeMs === this.before.mtimeMs &&
          after.ctimeMs === this.before.ctimeMs &&
          this.#bytes === this.before.size;
        callback(
          same
            ? null
            : new PipelineError(
                ErrorCode.STORAGE_ERROR,
                `${this.source} changed while it was uploaded`,
                { relativePath: this.source, reason: 'file-changed' },
                { retryable: true },
              ),
        );
      },
      (error: Error) => callback(error),
    );
  }
}

/**
 * Uploads one job file: hashes it (SHA-256 and the first bytes for the content type) in one
 * streamed pass, then streams it again through lib-storage's `Upload` (multipart above one part,
 * so memory holds a few parts whatever the size). The object appears under its key only when the
 * upload completes; a failed multipart upload is aborted.
 */
export async function uploadFile(upload: FileUpload): Promise<StoredObject> {
  const { client, bucket, key, relativePath, realPath, signal } = upload;
  const stored = await withRegularFile(realPath, async (handle) => {
    const before = await handle.stat();
    const { size, sha256, head } = await digestFile(handle);
    const contentType = contentTypeOf(head);
    const source = handle.createReadStream({ start: 0, autoClose: false, highWaterMark: READ_CHUNK_BYTES });
    const body = source.pipe(new UnchangedFileCheck(handle, before, relativePath));
    source.once('error', (error) => body.destroy(error));
    const abort = signal === undefined ? undefined : followSignal(signal);
    const running = startUpload(
      client,
      { Bucket: bucket, Key: key, Body: body, ContentType: contentType, Metadata: { [SHA256_METADATA_KEY]: sha256 } },
      abort?.controller,
    );
    try {
      const result = await running.done;
      const etag = result.ETag;
      return { relativePath, key, size, sha256, contentType, ...(etag === undefined ? {} : { etag }) };
    } catch (error) {
      throw toS3PipelineError(error, { operation: 'Upload', bucket, key });
    } finally {
      abort?.release();
      body.destroy();
      source.destroy();
    }
  });
  if (stored === undefined) {
    throw new PipelineError(
      ErrorCode.STORAGE_ERROR,
      `${relativePath} is not a regular file`,
      { relativePath, reason: 'not-regular' },
      { retryable: false },
    );
  }
  return stored;
}

/** An AbortController for lib-storage that follows the caller's signal until `release()`. */
function followSignal(signal: AbortSignal): { controller: AbortController; release: () => void } {
  const controller = new AbortController();
  const forward = (): void => controller.abort(signal.reason);
  if (signal.aborted) forward();
  else signal.addEventListener('abort', forward, { once: true });
  return { controller, release: () => signal.removeEventListener('abort', forward) };
}
