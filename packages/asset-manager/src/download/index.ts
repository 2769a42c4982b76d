export { downloadAll, DEFAULT_CONCURRENCY } from './download-all.js';
export { downloadToFile } from './download-to-file.js';
export {
  downloadToFileWithRetry,
  DEFAULT_MAX_DELAY_MS,
  DEFAULT_MIN_DELAY_MS,
  DEFAULT_RETRIES,
} from './download-with-retry.js';
export { isBlockedAddress } from './blocked-addresses.js';
export {
  closeSharedAgents,
  createNetworkContext,
  type NetworkContext,
  type NetworkContextOptions,
} from './network-context.js';
export { DEFAULT_MAX_REDIRECTS, DEFAULT_TIMEOUT_MS } from './transfer.js';
export type {
  DownloadItem,
  DownloadManyOptions,
  DownloadOptions,
  DownloadProgress,
  DownloadResult,
  DownloadTarget,
  DownloadWithRetryOptions,
  RetryInfo,
} from './types.js';
