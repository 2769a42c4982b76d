// The public API: the AssetManager class, its option and result types, and the pure helpers a caller
// needs around it. The download engine (downloadToFile, downloadToFileWithRetry, downloadAll,
// network contexts) stays internal: those free functions take raw paths and would bypass the job
// containment every AssetManager method enforces.
export {
  AssetManager,
  type AssetManagerOptions,
  type FileInfo,
  type ValidateFileOptions,
} from './asset-manager.js';
export { SUBDIRS, MAX_FILENAME_BYTES, isSubdir, isValidJobId, type Subdir } from './paths.js';
export {
  ASSET_KINDS,
  SNIFF_BYTES,
  isAssetKind,
  sniffMedia,
  type AssetKind,
  type MediaType,
} from './sniff.js';
export type { SaveContent, SaveOptions } from './save-content.js';
export type { SweepFailure, SweepOptions, SweepResult } from './sweep.js';
export { DEFAULT_CONCURRENCY } from './download/download-all.js';
export {
  DEFAULT_MAX_DELAY_MS,
  DEFAULT_MIN_DELAY_MS,
  DEFAULT_RETRIES,
} from './download/download-with-retry.js';
export { DEFAULT_MAX_REDIRECTS, DEFAULT_TIMEOUT_MS } from './download/transfer.js';
export { isBlockedAddress } from './download/blocked-addresses.js';
export { closeSharedAgents } from './download/network-context.js';
export type {
  DownloadItem,
  DownloadManyOptions,
  DownloadOptions,
  DownloadProgress,
  DownloadResult,
  DownloadWithRetryOptions,
  RetryInfo,
} from './download/types.js';
export {
  DEFAULT_ASPECT_TOLERANCE,
  probeMedia,
  type MediaExpectation,
  type MediaInfo,
} from './media/index.js';
