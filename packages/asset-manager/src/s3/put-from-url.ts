import { createHash, randomUUID } from 'node:crypto';
import { PassThrough, Writable } from 'node:stream';
import { CopyObjectCommand, DeleteObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { ValidationError, isPipelineError } from '@ad-pipeline/errors';
import { assertChecksum } from '../download/checksum.js';
import { createNetworkContext } from '../download/network-context.js';
import { transfer } from '../download/transfer.js';
import { parseDownloadUrl } from '../download/url-policy.js';
import { validateDownloadOptions } from '../option-checks.js';
import { SNIFF_BYTES } from '../sniff.js';
import type { KeyLayout } from './keys.js';
import { contentTypeOf, SHA256_METADATA_KEY } from './object-metadata.js';
import { startUpload } from './run-upload.js';
import { s3Call, toS3PipelineError } from './s3-errors.js';
import type { PutFromUrlOptions, StoredObject } from './job-store.js';

/** What `putFromUrl` needs from its store. */
export interface UrlPut {
  client: S3Client;
  bucket: string;
  layout: KeyLayout;
  jobId: string;
  relativePath: string;
  url: string;
  options: PutFromUrlOptions;
}

/**
 * The download's destination: hashes and counts the body, keeps its first bytes, and forwards it
 * (with backpressure) into the stream the upload reads. Ending it does not end the upload's stream:
 * the caller does that only after the transfer passed every check, so a failed download never
 * completes an object.
 */
class UploadGate extends Writable {
  bytesWritten = 0;
  readonly hash = createHash('sha256');
  readonly #head: Buffer[] = [];
  constructor(private readonly target: PassThrough) {
    super({ highWaterMark: 1024 * 1024 });
  }

  get head(): Uint8Array {
    return Buffer.concat(this.#head);
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (this.bytesWritten < SNIFF_BYTES) this.#head.push(Buffer.from(chunk.subarray(0, SNIFF_BYTES - this.bytesWritten)));
    this.bytesWritten += chunk.length;
    this.hash.update(chunk);
    if (this.target.write(chunk)) callback();
    else this.target.once('drain', () => callback());
  }

  override _final(callback: (error?: Error | null) => void): void {
    callback();
  }
}

/** Percent-encodes a key for `x-amz-copy-source` (`bucket/key`, each segment encoded). */
function copySource(bucket: string, key: string): string {
  return `${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;
}

/**
 * Streams `url` through the download module's guarded transfer (SSRF guard, allowHosts, redirects,
 * timeouts, `maxBytes`, `kind`, `sha256`, with the download defaults) into a hidden staging object,
 * then copies it server-side to its final key with its content type and SHA-256, and deletes the
 * staging object. The final key only ever holds a whole, checked object; the local disk is unused.
 */
export async function putFromUrl(put: UrlPut): Promise<StoredObject> {
  const { client, bucket, layout, jobId, relativePath, options } = put;
  const { key } = layout.fileKey(jobId, relativePath);
  validateDownloadOptions(options);
  if ((options as { expect?: unknown }).expect !== undefined) {
    // Probing a container (moov anywhere, durations) needs the whole file; this path never has it.
    throw new ValidationError(
      'expect is not supported by putFromUrl (media probing needs the whole file): restore the job and use verifyFile',
      'expect',
    );
  }
  const url = parseDownloadUrl(put.url);
  const { allowHosts, blockPrivateNetworks, dispatcher } = options;
  const network = createNetworkContext({
    ...(allowHosts === undefined ? {} : { allowHosts }),
    ...(blockPrivateNetworks === undefined ? {} : { blockPrivateNetworks }),
    ...(dispatcher === undefined ? {} : { dispatcher }),
  });
  const stagingKey = layout.stagingKey(jobId, randomUUID());

  const body = new PassThrough({ highWaterMark: 1024 * 1024 });
  const gate = new UploadGate(body);
  const { upload, done: uploaded } = startUpload(client, { Bucket: bucket, Key: stagingKey, Body: body });
  // An upload that fails early stops reading: fail the download too instead of waiting on backpressure.
  let transferring = true;
  let stagingMayExist = false;
  uploaded.catch((error: unknown) => {
    if (transferring) gate.destroy(toS3PipelineError(error, { operation: 'Upload', bucket, key: stagingKey }));
  });
  try {
    try {
      await transfer(url, { tempPath: '', offset: 0, restarts: 0, destination: gate }, options, network, relativePath);
    } finally {
      transferring = false;
    }
    const sha256 = gate.hash.digest('hex');
    assertChecksum(options.sha256, sha256, url);
    stagingMayExist = true; // an ended body is uploaded, even an empty one
    body.end();
    await s3Call({ operation: 'Upload', bucket, key: stagingKey }, () => uploaded);
    const contentType = contentTypeOf(gate.head);
    const copied = await s3Call({ operation: 'CopyObject', bucket, key }, () =>
      client.send(
        new CopyObjectCommand({
          Bucket: bucket,
          Key: key,
          CopySource: copySource(bucket, stagingKey),
          MetadataDirective: 'REPLACE',
          ContentType: contentType,
          Metadata: { [SHA256_METADATA_KEY]: sha256 },
        }),
      ),
    );
    const etag = copied.CopyObjectResult?.ETag;
    return { relativePath, key, size: gate.bytesWritten, sha256, contentType, ...(etag === undefined ? {} : { etag }) };
  } catch (error) {
    body.destroy();
    await upload.abort().catch(() => undefined);
    await uploaded.catch(() => undefined);
    throw isPipelineError(error) ? error : toS3PipelineError(error, { operation: 'putFromUrl', bucket, key });
  } finally {
    // Only a body that got bytes (or was ended) can have reached the store: a download refused
    // before its first byte (the SSRF guard, a 404) costs the store nothing, not even a delete.
    // Best effort: a staging object left by a crash stays hidden (dot name) and goes with deleteJob.
    if (stagingMayExist || gate.bytesWritten > 0)
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: stagingKey })).catch(() => undefined);
  }
}
