import { createHash } from 'node:crypto';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { ErrorCode, PipelineError, isPipelineError } from '@ad-pipeline/errors';
import type { AssetManager } from '../asset-manager.js';
import { SNIFF_BYTES } from '../sniff.js';
import type { JobFileRef } from './keys.js';
import { contentTypeOf, recordedSha256 } from './object-metadata.js';
import { s3Call, toS3PipelineError } from './s3-errors.js';
import type { RestoredFile } from './job-store.js';

/** One object to bring back as a job file. */
export interface FileRestore {
  client: S3Client;
  bucket: string;
  key: string;
  relativePath: string;
  ref: JobFileRef;
  manager: AssetManager;
}

function integrityError(message: string, restore: FileRestore, extra: Record<string, unknown>): PipelineError {
  return new PipelineError(
    ErrorCode.STORAGE_ERROR,
    message,
    { operation: 'restoreJob', bucket: restore.bucket, key: restore.key, ...extra },
    { retryable: false },
  );
}

/**
 * Yields the object's bytes while hashing them; after the last byte it throws (so `saveFile`
 * discards its temp file and nothing appears at the final path) unless the SHA-256 and the length
 * match what the object's metadata recorded. Transport faults are mapped as S3 errors.
 */
async function* verifiedChunks(
  body: AsyncIterable<Uint8Array>,
  expected: { sha256: string; size: number | undefined },
  restore: FileRestore,
  seen: { head: Uint8Array; size: number },
): AsyncGenerator<Uint8Array> {
  const hash = createHash('sha256');
  let size = 0;
  const head: Buffer[] = [];
  try {
    for await (const chunk of body) {
      hash.update(chunk);
      if (size < SNIFF_BYTES) head.push(Buffer.from(chunk.subarray(0, SNIFF_BYTES - size)));
      size += chunk.byteLength;
      yield chunk;
    }
  } catch (error) {
    throw isPipelineError(error) ? error : toS3PipelineError(error, { operation: 'GetObject', bucket: restore.bucket, key: restore.key });
  }
  seen.head = Buffer.concat(head);
  seen.size = size;
  const actual = hash.digest('hex');
  if (expected.size !== undefined && size !== expected.size) {
    throw integrityError(`${restore.relativePath}: received ${size} of ${expected.size} bytes`, restore, {
      reason: 'truncated',
      received: size,
      expected: expected.size,
    });
  }
  if (actual !== expected.sha256) {
    throw integrityError(`${restore.relativePath}: SHA-256 mismatch`, restore, {
      reason: 'sha256-mismatch',
      expected: expected.sha256,
      actual,
    });
  }
}

/**
 * Downloads one object into the job through `saveFile` (the package's one atomic writer): the final
 * path holds the verified file or nothing. An object without a recorded SHA-256 is refused.
 */
export async function restoreFile(restore: FileRestore): Promise<RestoredFile> {
  const { client, bucket, key, relativePath, ref, manager } = restore;
  const response = await s3Call({ operation: 'GetObject', bucket, key }, () =>
    client.send(new GetObjectCommand({ Bucket: bucket, Key: key })),
  );
  const body = response.Body as (AsyncIterable<Uint8Array> & { destroy?: () => void }) | undefined;
  const sha256 = recordedSha256(response.Metadata);
  if (body === undefined || sha256 === undefined) {
    body?.destroy?.();
    throw integrityError(`${relativePath} has no recorded SHA-256 to verify`, restore, { reason: 'no-checksum' });
  }
  const seen = { head: new Uint8Array(0), size: 0 };
  let path: string;
  try {
    const chunks = verifiedChunks(body, { sha256, size: response.ContentLength }, restore, seen);
    path = await manager.saveFile(chunks, ref.filename, ref.subdir);
  } finally {
    // Frees the connection when the save failed before (or while) reading the body.
    body.destroy?.();
  }
  return {
    relativePath,
    key,
    path,
    size: seen.size,
    sha256,
    contentType: contentTypeOf(seen.head),
    ...(response.ETag === undefined ? {} : { etag: response.ETag }),
  };
}
