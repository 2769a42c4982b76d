import type { PipelineError } from '@ad-pipeline/errors';
import type { AssetKind } from '../sniff.js';
import type { MediaExpectation } from '../media/types.js';
import type { Subdir } from '../paths.js';

/** Where a download lands: the directory for its temporary file and the final absolute path. */
export interface DownloadTarget {
  /** Directory of `finalPath`; the in-progress file is created here so the rename is atomic. */
  dir: string;
  /** Absolute path the finished file is renamed to. */
  finalPath: string;
}

/** A progress report: bytes on disk so far and the expected total when the server declared one. */
export interface DownloadProgress {
  bytes: number;
  total?: number;
}

/** Options of one download attempt. */
export interface DownloadOptions {
  /**
   * Limit for each attempt, in ms: DNS, connect, TLS handshake, headers, redirects and body all
   * count; the `API_TIMEOUT` error names the phase (`details.phase`). Default `300000`.
   */
  timeoutMs?: number;
  /** Limit for the response headers of each request, in ms. Default: undici's (300000). */
  headersTimeoutMs?: number;
  /** Limit between two body chunks, in ms. Default: undici's (300000). */
  bodyTimeoutMs?: number;
  /** Largest accepted body in bytes, checked against `Content-Length` and while streaming. Default: no limit. */
  maxBytes?: number;
  /** Expected media kind, sniffed from the first bytes. Default: not checked. */
  kind?: AssetKind;
  /** What the media must be, probed once the whole file is on disk; a mismatch is `ASSET_SPEC_MISMATCH` (never retried) and nothing is kept. Default: not checked. */
  expect?: MediaExpectation;
  /** Expected SHA-256 of the whole file, hex. Default: not checked (and not computed). */
  sha256?: string;
  /** Cancels the download; a cancelled download fails with `JOB_CANCELLED` and is never retried. */
  signal?: AbortSignal;
  /** Called as bytes arrive (throttled) and once at the end. Default: none. */
  onProgress?: (progress: DownloadProgress) => void;
  /**
   * Extra request headers. On a cross-origin redirect `Authorization`, `Cookie`,
   * `Proxy-Authorization` and every name the errors package's `isSecretKey` flags are dropped.
   */
  headers?: Record<string, string>;
  /** Redirects followed before failing. Default `5`. */
  maxRedirects?: number;
}

/** What `onRetry` is told about each failed attempt that will be retried. */
export interface RetryInfo {
  /** Number of the attempt that failed, from 1. */
  attempt: number;
  error: PipelineError;
  /** How long we wait before the next attempt. */
  delayMs: number;
  retriesLeft: number;
}

/** Options of a retried, resumable download. */
export interface DownloadWithRetryOptions extends DownloadOptions {
  /** Retries after the first attempt. Default `3`. */
  retries?: number;
  /** Backoff of the first retry, in ms (doubles each retry). Default `2000`. */
  minDelayMs?: number;
  /** Longest backoff between attempts, in ms. Default `60000`. */
  maxDelayMs?: number;
  /**
   * Longest server `Retry-After` the caller will wait, in ms. A longer one stops the retries: the
   * attempt's error is thrown with `details.retryAfterMs` (never retried early). Default: `maxDelayMs`.
   */
  maxRetryAfterMs?: number;
  /** Random spread of each delay: `true` or a fraction in [0, 1]. Default `false`. */
  jitter?: boolean | number;
  /** Called for each failed attempt that will be retried. */
  onRetry?: (info: RetryInfo) => void;
  /** Resume with `Range` from the bytes already received. Default `true`. */
  resume?: boolean;
}

/** One entry of a batch download. */
export interface DownloadItem {
  url: string;
  filename: string;
  subdir?: Subdir;
  options?: DownloadWithRetryOptions;
}

/** The outcome of one batch entry: its path, or its error. */
export type DownloadResult =
  | { ok: true; item: DownloadItem; path: string }
  | { ok: false; item: DownloadItem; error: PipelineError };

/** Options of a batch download. */
export interface DownloadManyOptions {
  /** Downloads in flight at once. Default `4`. */
  concurrency?: number;
  /** Retry each download (`downloadWithRetry`) or not (`downloadFile`). Default `true`. */
  retry?: boolean;
}
