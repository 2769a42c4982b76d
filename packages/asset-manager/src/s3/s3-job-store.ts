import path from 'node:path';
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { ErrorCode, PipelineError, ValidationError, toPipelineError } from '@ad-pipeline/errors';
import { AssetManager } from '../asset-manager.js';
import { resolveInsideJob } from '../containment.js';
import { assertOptionalInteger, optionsRecord } from '../option-checks.js';
import { assertJobId, assertSubdir, describeValue, SUBDIRS, type Subdir } from '../paths.js';
import type {
  JobStore,
  PersistJobOptions,
  PersistJobResult,
  PresignUrlOptions,
  PutFromUrlOptions,
  RestoreJobOptions,
  RestoreJobResult,
  StoredObject,
} from './job-store.js';
import { KeyLayout, normalizePrefix, relativePathOf, tryParseRelativePath, type JobFileRef } from './keys.js';
import { mapWithConcurrency } from './pool.js';
import { putFromUrl } from './put-from-url.js';
import { restoreFile } from './restore-file.js';
import { s3Call } from './s3-errors.js';
import { uploadFile } from './upload-file.js';

/** Options of `new S3JobStore()`. */
export interface S3JobStoreOptions {
  /** The bucket every job is stored in. Required. */
  bucket: string;
  /** Key prefix of every job, e.g. `ad-jobs/` (keys are `<prefix><jobId>/<subdir>/<filename>`). Default: none. */
  prefix?: string;
  /** A configured client; the store never destroys it. Give this or `clientConfig`. */
  client?: S3Client;
  /** Config of a client the store creates (and destroys in `destroy()`). Default: the SDK's defaults (env credentials, region). */
  clientConfig?: S3ClientConfig;
}

/** Default number of files moved at once. */
export const DEFAULT_STORE_CONCURRENCY = 4;
/** Default lifetime of a presigned URL, in seconds (15 minutes). */
export const DEFAULT_PRESIGN_EXPIRES_SEC = 900;
/** Longest lifetime SigV4 allows for a presigned URL: 7 days, in seconds. */
export const MAX_PRESIGN_EXPIRES_SEC = 604_800;
/** DeleteObjects takes at most 1000 keys per request (S3 API reference). */
const DELETE_BATCH = 1000;

function assertBucket(bucket: unknown): asserts bucket is string {
  // Bucket naming rules (S3 user guide): 3–63 of lowercase letters, digits, dots and hyphens.
  if (typeof bucket !== 'string' || !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    throw new ValidationError('bucket must be a valid S3 bucket name', 'bucket', { value: describeValue(bucket) });
  }
}

/**
 * Job storage on any S3-compatible object store (AWS S3, Cloudflare R2, MinIO, …) through the AWS
 * SDK v3. Keys are `<prefix><jobId>/<relativePath>`, `relativePath` being `filename` (job root) or
 * `subdir/filename` under the same rules as `saveFile`. Each object records its SHA-256 in the
 * user metadata `sha256` and has the content type sniffed from its bytes. Every method rejects with
 * a `PipelineError` (see the README's "S3 errors" table); credentials never appear in errors.
 */
export class S3JobStore implements JobStore {
  /** The bucket. */
  readonly bucket: string;
  /** The normalised key prefix (`''` or ending in `/`). */
  readonly prefix: string;
  readonly #client: S3Client;
  readonly #ownsClient: boolean;
  readonly #layout: KeyLayout;

  /** Validates the options (INVALID_INPUT); creates a client from `clientConfig` when no `client` is given. No I/O. */
  constructor(options: S3JobStoreOptions) {
    const { bucket, prefix, client, clientConfig } = optionsRecord(options) as Partial<S3JobStoreOptions>;
    assertBucket(bucket);
    if (client !== undefined && clientConfig !== undefined) {
      throw new ValidationError('give either client or clientConfig, not both', 'client');
    }
    if (client !== undefined && !(client instanceof S3Client)) {
      throw new ValidationError('client must be an S3Client', 'client', { value: describeValue(client) });
    }
    this.bucket = bucket;
    this.prefix = normalizePrefix(prefix);
    this.#layout = new KeyLayout(this.prefix);
    this.#ownsClient = client === undefined;
    this.#client = client ?? new S3Client(clientConfig ?? {});
  }

  /** Uploads the job's files (see {@link PersistJobOptions}); each object appears only once complete. */
  async persistJob(manager: AssetManager, options: PersistJobOptions = {}): Promise<PersistJobResult> {
    if (!(manager instanceof AssetManager)) {
      throw new ValidationError('manager must be an AssetManager', 'manager', { value: describeValue(manager) });
    }
    const { subdirs, includeRoot, concurrency, signal } = optionsRecord(options) as PersistJobOptions;
    if (subdirs !== undefined && !Array.isArray(subdirs)) {
      throw new ValidationError('subdirs must be an array', 'subdirs', { value: describeValue(subdirs) });
    }
    for (const subdir of subdirs ?? []) assertSubdir(subdir);
    if (includeRoot !== undefined && typeof includeRoot !== 'boolean') {
      throw new ValidationError('includeRoot must be a boolean', 'includeRoot');
    }
    assertOptionalInteger(concurrency, 'concurrency', 1, 64);
    const places: (Subdir | undefined)[] = [
      ...((includeRoot ?? subdirs === undefined) ? [undefined] : []),
      ...new Set(subdirs ?? SUBDIRS),
    ];
    const files: { ref: JobFileRef; absolute: string }[] = [];
    for (const subdir of places) {
      for (const absolute of await manager.listFiles(subdir)) {
        files.push({ ref: { subdir, filename: path.basename(absolute) }, absolute });
      }
    }
    const objects = await mapWithConcurrency(files, concurrency ?? DEFAULT_STORE_CONCURRENCY, async ({ ref, absolute }) => {
      const relativePath = relativePathOf(ref);
      const { key } = this.#layout.fileKey(manager.jobId, relativePath);
      const realPath = await resolveInsideJob(absolute, manager.jobDir).catch((error: unknown) => {
        throw toPipelineError(error);
      });
      return uploadFile({ client: this.#client, bucket: this.bucket, key, relativePath, realPath, ...(signal ? { signal } : {}) });
    });
    objects.sort((a, b) => (a.relativePath < b.relativePath ? -1 : 1));
    return { jobId: manager.jobId, objects, bytes: objects.reduce((sum, object) => sum + object.size, 0) };
  }

  /** Restores the job into `options.baseDir`, every file verified against its SHA-256 and written atomically. */
  async restoreJob(jobId: string, options: RestoreJobOptions): Promise<RestoreJobResult> {
    const { baseDir, concurrency } = optionsRecord(options) as Partial<RestoreJobOptions>;
    if (typeof baseDir !== 'string' || baseDir === '') {
      throw new ValidationError('baseDir is required', 'baseDir', { value: describeValue(baseDir) });
    }
    assertOptionalInteger(concurrency, 'concurrency', 1, 64);
    const manager = new AssetManager(jobId, { baseDir });
    const listed = await this.listJob(jobId);
    if (listed.length === 0) throw this.#jobNotFound(jobId);
    await manager.createJobDirectory();
    const files = await mapWithConcurrency(listed, concurrency ?? DEFAULT_STORE_CONCURRENCY, (object) =>
      restoreFile({
        client: this.#client,
        bucket: this.bucket,
        key: object.key,
        relativePath: object.relativePath,
        ref: tryParseRelativePath(object.relativePath) as JobFileRef,
        manager,
      }),
    );
    return { jobId, jobDir: manager.jobDir, files };
  }

  /** A presigned GET URL for a stored file, valid `expiresInSec` (default 900). `JOB_NOT_FOUND` if the object is missing. */
  async presignUrl(jobId: string, relativePath: string, options: PresignUrlOptions = {}): Promise<string> {
    const { expiresInSec = DEFAULT_PRESIGN_EXPIRES_SEC } = optionsRecord(options) as PresignUrlOptions;
    assertOptionalInteger(expiresInSec, 'expiresInSec', 1, MAX_PRESIGN_EXPIRES_SEC);
    const { key } = this.#layout.fileKey(jobId, relativePath);
    const context = { operation: 'HeadObject', bucket: this.bucket, key };
    await s3Call(context, () => this.#client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key })));
    return s3Call({ ...context, operation: 'presignUrl' }, () =>
      getSignedUrl(this.#client, new GetObjectCommand({ Bucket: this.bucket, Key: key }), { expiresIn: expiresInSec }),
    );
  }

  /** The job's stored files, sorted by `relativePath` (hidden staging objects left out). */
  async listJob(jobId: string): Promise<StoredObject[]> {
    const jobPrefix = this.#layout.jobPrefix(jobId);
    const objects: StoredObject[] = [];
    for await (const entry of this.#listKeys(jobPrefix)) {
      const relativePath = entry.key.slice(jobPrefix.length);
      if (tryParseRelativePath(relativePath) === undefined) continue;
      objects.push({ relativePath, key: entry.key, size: entry.size, ...(entry.etag === undefined ? {} : { etag: entry.etag }) });
    }
    return objects.sort((a, b) => (a.relativePath < b.relativePath ? -1 : 1));
  }

  /** Deletes every object under the job's prefix (staging objects included); returns the count. */
  async deleteJob(jobId: string): Promise<number> {
    const jobPrefix = this.#layout.jobPrefix(jobId);
    const keys: string[] = [];
    for await (const entry of this.#listKeys(jobPrefix)) keys.push(entry.key);
    for (let start = 0; start < keys.length; start += DELETE_BATCH) {
      const batch = keys.slice(start, start + DELETE_BATCH);
      const context = { operation: 'DeleteObjects', bucket: this.bucket, key: jobPrefix };
      const result = await s3Call(context, () =>
        this.#client.send(
          new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true } }),
        ),
      );
      const failed = result.Errors ?? [];
      if (failed.length > 0) {
        throw new PipelineError(
          failed.some((error) => error.Code === 'AccessDenied') ? ErrorCode.PERMISSION_DENIED : ErrorCode.STORAGE_ERROR,
          `S3 DeleteObjects failed for ${failed.length} of ${batch.length} objects of job ${jobId}`,
          { ...context, failed: failed.slice(0, 10).map(({ Key, Code }) => ({ key: Key, s3Code: Code })) },
        );
      }
    }
    return keys.length;
  }

  /** Streams `url` into the store as the job's `relativePath`, with the download guards and defaults; no local disk. */
  putFromUrl(jobId: string, relativePath: string, url: string, options: PutFromUrlOptions = {}): Promise<StoredObject> {
    assertJobId(jobId);
    optionsRecord(options);
    return putFromUrl({ client: this.#client, bucket: this.bucket, layout: this.#layout, jobId, relativePath, url, options });
  }

  /** Destroys the client the store created from `clientConfig` (a given `client` is left alone). */
  destroy(): void {
    if (this.#ownsClient) this.#client.destroy();
  }

  async *#listKeys(prefix: string): AsyncGenerator<{ key: string; size: number; etag?: string }> {
    let token: string | undefined;
    do {
      const page = await s3Call({ operation: 'ListObjectsV2', bucket: this.bucket, key: prefix }, () =>
        this.#client.send(
          new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ...(token === undefined ? {} : { ContinuationToken: token }) }),
        ),
      );
      for (const object of page.Contents ?? []) {
        if (object.Key === undefined) continue;
        yield { key: object.Key, size: object.Size ?? 0, ...(object.ETag === undefined ? {} : { etag: object.ETag }) };
      }
      token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
  }

  #jobNotFound(jobId: string): PipelineError {
    return new PipelineError(ErrorCode.JOB_NOT_FOUND, `No stored files for job ${jobId}`, {
      jobId,
      bucket: this.bucket,
      prefix: this.#layout.jobPrefix(jobId),
    });
  }
}
