import { AbortMultipartUploadCommand, type S3Client } from '@aws-sdk/client-s3';
import { Upload, type Options as UploadOptions } from '@aws-sdk/lib-storage';

/** A started lib-storage upload and how to wait for it. */
export interface RunningUpload {
  readonly upload: Upload;
  /** Settles with the upload; on failure the multipart upload (if any) was aborted first. */
  readonly done: Promise<{ ETag?: string }>;
}

/**
 * Starts lib-storage's `Upload` (one PUT below one part, multipart above) and aborts a failed
 * multipart upload itself: lib-storage's own abort throws over the original error when the store
 * refuses the abort (s3rver does), which would hide why the upload failed. A failed multipart
 * upload never becomes an object either way; an abort that fails leaves parts for the bucket's
 * `AbortIncompleteMultipartUpload` lifecycle rule.
 */
export function startUpload(client: S3Client, params: UploadOptions['params'], abortController?: AbortController): RunningUpload {
  const upload = new Upload({
    client,
    params,
    leavePartsOnError: true,
    ...(abortController === undefined ? {} : { abortController }),
  });
  const done = upload.done().catch(async (error: unknown) => {
    const uploadId = upload.uploadId;
    if (uploadId !== undefined) {
      await client
        .send(new AbortMultipartUploadCommand({ Bucket: params.Bucket, Key: params.Key, UploadId: uploadId }))
        .catch(() => undefined);
    }
    throw error;
  });
  return { upload, done };
}
