import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  ErrorCode,
  PipelineError,
  computeRetryDelay,
  isPipelineError,
  shouldRetry,
  toPipelineError,
} from '@ad-pipeline/errors';
import pRetry from 'p-retry';
import { SNIFF_BYTES } from '../sniff.js';
import { commitTempFile, createTempPath, ownTempFileSize, removeTempFile } from '../temp-files.js';
import { verifyAgainstExpect } from '../media/expectation.js';
import { assertChecksum, hashFile } from './checksum.js';
import { createNetworkContext, type NetworkContext } from './network-context.js';
import { transfer, type TransferState } from './transfer.js';
import type { DownloadTarget, DownloadWithRetryOptions } from './types.js';
import { parseDownloadUrl, safeUrl } from './url-policy.js';
import { validateRetryOptions } from '../option-checks.js';

/** Default of `retries`. */
export const DEFAULT_RETRIES = 3;
/** Default of `minDelayMs`, the backoff of the first retry (the errors package's base delay). */
export const DEFAULT_MIN_DELAY_MS = 2000;
/** Default of `maxDelayMs`. */
export const DEFAULT_MAX_DELAY_MS = 60_000;

/**
 * `downloadToFile` under p-retry. Retries what `shouldRetry` calls retryable, waiting
 * `computeRetryDelay` (exponential backoff that honours `Retry-After`), and resumes each retry with
 * `Range` from the bytes already in the partial file when the server supports it. A `Retry-After`
 * longer than `maxRetryAfterMs` (default `maxDelayMs`) ends the retries at once: that attempt's
 * error is thrown with `details.retryAfterMs` and `details.maxRetryAfterMs`. The expected
 * `sha256` is checked over the whole final file. The final error is the last attempt's, with
 * `details.attempts`; the partial file is removed whatever happens.
 */
export async function downloadToFileWithRetry(
  url: string,
  target: DownloadTarget,
  options: DownloadWithRetryOptions = {},
  ctx: NetworkContext = createNetworkContext(),
): Promise<string> {
  validateRetryOptions(options);
  const parsed = parseDownloadUrl(url);
  const source = path.basename(target.finalPath);
  const state: TransferState = { tempPath: createTempPath(target.dir), offset: 0, restarts: 0 };
  const resume = options.resume ?? true;
  const maxDelayMs = options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? maxDelayMs;
  // Retryable, but the server asks for a longer wait than the caller allows: stop, never retry early.
  const waitsTooLong = (error: unknown): boolean => (retryAfterOf(error) ?? 0) > maxRetryAfterMs;
  let attempts = 0;
  try {
    const result = await pRetry(
      async (attempt) => {
        attempts = attempt;
        // The first attempt has nothing to resume: its temp path is fresh and no file was opened.
        state.offset = resume && attempt > 1 ? await resumableOffset(state) : 0;
        return transfer(parsed, state, options, ctx, source);
      },
      {
        retries: options.retries ?? DEFAULT_RETRIES,
        // One policy: the wait happens in onFailedAttempt with the errors package's delay, so p-retry adds none.
        minTimeout: 0,
        shouldRetry: ({ error }) => shouldRetry(error) && !waitsTooLong(error),
        onFailedAttempt: async ({ error, attemptNumber, retriesLeft }) => {
          if (retriesLeft === 0 || !shouldRetry(error) || waitsTooLong(error)) return;
          // The backoff, but never shorter than the server's Retry-After (which is within maxRetryAfterMs here).
          const delayMs = Math.max(
            computeRetryDelay(attemptNumber - 1, error, {
              minDelayMs: options.minDelayMs ?? DEFAULT_MIN_DELAY_MS,
              maxDelayMs,
              jitter: options.jitter ?? false,
            }),
            retryAfterOf(error) ?? 0,
          );
          options.onRetry?.({
            attempt: attemptNumber,
            error: toPipelineError(error),
            delayMs,
            retriesLeft,
          });
          await wait(delayMs, options.signal, parsed);
        },
      },
    );
    const digest =
      result.digest ?? (options.sha256 === undefined ? undefined : await hashFile(state.tempPath));
    assertChecksum(options.sha256, digest, parsed);
    // After the retry loop: the same bytes will not change, so a mismatch is never retried.
    await verifyAgainstExpect(state.tempPath, options.expect, source);
    await commitTempFile(state.tempPath, target.finalPath, state.identity);
    return target.finalPath;
  } catch (error) {
    await removeTempFile(state.tempPath);
    const failure = toPipelineError(error);
    failure.details['attempts'] = attempts;
    if (waitsTooLong(failure)) failure.details['maxRetryAfterMs'] = maxRetryAfterMs;
    throw failure;
  }
}

/**
 * Bytes of the partial file worth resuming from. Below `SNIFF_BYTES` we start over: too little to
 * save anything, and the `kind` check needs the head in one piece. Only the file this download
 * created counts: a path swapped for a symlink or another file during the backoff is unlinked
 * (never followed) and the download starts over.
 */
async function resumableOffset(state: TransferState): Promise<number> {
  const size = await ownTempFileSize(state.tempPath, state.identity);
  return size !== undefined && size >= SNIFF_BYTES ? size : 0;
}

/** The server's `Retry-After` carried by a failed attempt (`details.retryAfterMs`), if any. */
function retryAfterOf(error: unknown): number | undefined {
  const value = isPipelineError(error) ? error.details['retryAfterMs'] : undefined;
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** The backoff wait; the caller's signal ends it with `JOB_CANCELLED`. */
async function wait(delayMs: number, signal: AbortSignal | undefined, url: URL): Promise<void> {
  try {
    await sleep(delayMs, undefined, signal ? { signal } : {});
  } catch (error) {
    throw new PipelineError(
      ErrorCode.JOB_CANCELLED,
      `Download cancelled: ${safeUrl(url)}`,
      { url: safeUrl(url) },
      {
        cause: signal?.reason ?? error,
      },
    );
  }
}
