/**
 * `@ad-pipeline/asset-manager/s3`: job storage on S3-compatible object stores. Loads the AWS SDK v3
 * (optional peer dependencies `@aws-sdk/client-s3`, `@aws-sdk/lib-storage`,
 * `@aws-sdk/s3-request-presigner`); the package's main entry never does.
 */
export {
  S3JobStore,
  DEFAULT_PRESIGN_EXPIRES_SEC,
  DEFAULT_STORE_CONCURRENCY,
  MAX_PRESIGN_EXPIRES_SEC,
  type S3JobStoreOptions,
} from './s3-job-store.js';
export type {
  JobStore,
  PersistJobOptions,
  PersistJobResult,
  PresignUrlOptions,
  PutFromUrlOptions,
  RestoreJobOptions,
  RestoreJobResult,
  RestoredFile,
  StoredObject,
} from './job-store.js';
export { S3_ERROR_CODES, toS3PipelineError, type S3ErrorContext } from './s3-errors.js';
export { SHA256_METADATA_KEY } from './object-metadata.js';
