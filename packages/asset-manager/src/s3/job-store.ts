import type { AssetManager } from '../asset-manager.js';
import type { NetworkContextOptions } from '../download/network-context.js';
import type { DownloadOptions } from '../download/types.js';
import type { Subdir } from '../paths.js';

/** One stored file of a job. */
export interface StoredObject {
  /** `subdir/filename`, or `filename` for the job root: the file's place in the job. */
  relativePath: string;
  /** The object key: `<prefix><jobId>/<relativePath>`. */
  key: string;
  /** Size in bytes. */
  size: number;
  /** Lowercase hex SHA-256 of the content (object metadata `sha256`); absent in `listJob` results. */
  sha256?: string;
  /** Media type sniffed from the content; `application/octet-stream` when unrecognised. Absent in `listJob`. */
  contentType?: string;
  /** The store's ETag of the object, when it reported one. */
  etag?: string;
}

/** Options of `persistJob`. */
export interface PersistJobOptions {
  /** Subdirectories to upload. Default: all of `scenes`, `audio`, `final`. */
  subdirs?: readonly Subdir[];
  /** Upload the files in the job root too. Default: `true` when `subdirs` is omitted, else `false`. */
  includeRoot?: boolean;
  /** Files uploaded at once (each one also sends up to 4 parts at once). Default `4`. */
  concurrency?: number;
  /** Cancels the upload; in-flight multipart uploads are aborted (`JOB_CANCELLED`). */
  signal?: AbortSignal;
}

/** What `persistJob` stored. */
export interface PersistJobResult {
  jobId: string;
  /** Every stored file, sorted by `relativePath`, with its `sha256` and `contentType`. */
  objects: StoredObject[];
  /** Sum of the objects' sizes. */
  bytes: number;
}

/** Options of `restoreJob`. */
export interface RestoreJobOptions {
  /** Base directory of the worker restoring the job (as in `new AssetManager(jobId, { baseDir })`). Required. */
  baseDir: string;
  /** Files downloaded at once. Default `4`. */
  concurrency?: number;
}

/** One restored, verified file. */
export interface RestoredFile extends StoredObject {
  /** Absolute path of the file on this worker. */
  path: string;
  sha256: string;
}

/** What `restoreJob` brought onto the disk. */
export interface RestoreJobResult {
  jobId: string;
  /** The job directory on this worker. */
  jobDir: string;
  /** Every restored file, sorted by `relativePath`. */
  files: RestoredFile[];
}

/** Options of `presignUrl`. */
export interface PresignUrlOptions {
  /** Lifetime of the URL in seconds, 1 to 604 800 (7 days, the SigV4 maximum). Default `900`. */
  expiresInSec?: number;
}

/** Options of `putFromUrl`: the download options plus the SSRF guard options of `new AssetManager`. */
export interface PutFromUrlOptions
  extends DownloadOptions,
    Pick<NetworkContextOptions, 'allowHosts' | 'blockPrivateNetworks' | 'dispatcher'> {}

/**
 * Where jobs live beyond one machine. `S3JobStore` implements it for any S3-compatible store; every
 * method rejects with a `PipelineError` (see the README's "S3 errors" table).
 */
export interface JobStore {
  /** Uploads the job's files; returns what was stored. */
  persistJob(manager: AssetManager, options?: PersistJobOptions): Promise<PersistJobResult>;
  /** Downloads a stored job into `options.baseDir`, verifying every file's SHA-256; `JOB_NOT_FOUND` when nothing is stored. */
  restoreJob(jobId: string, options: RestoreJobOptions): Promise<RestoreJobResult>;
  /** A time-limited GET URL for one stored file; `JOB_NOT_FOUND` when the object does not exist. */
  presignUrl(jobId: string, relativePath: string, options?: PresignUrlOptions): Promise<string>;
  /** The stored files of a job (no `sha256`/`contentType`: listing does not return metadata), sorted. */
  listJob(jobId: string): Promise<StoredObject[]>;
  /** Deletes every object of the job; returns how many were deleted (0 when none). */
  deleteJob(jobId: string): Promise<number>;
  /** Streams `url` into the store as `relativePath` of the job without touching the local disk. */
  putFromUrl(jobId: string, relativePath: string, url: string, options?: PutFromUrlOptions): Promise<StoredObject>;
}
