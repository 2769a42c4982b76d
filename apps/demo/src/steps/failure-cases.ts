import type { AssetManager } from '@ad-pipeline/asset-manager';
import { ErrorCode, PipelineError, toPipelineError } from '@ad-pipeline/errors';
import type { ServedRequest } from '../media-server.js';
import type {
  PermanentFailureSection,
  SpecMismatchSection,
  RetryRow,
  TransientFailureSection,
  UnsafeFilenameSection,
} from '../report.js';
import type { AssetSpec } from './scene-assets.js';

/** What the failure cases need: the job, the server and the retry pacing. */
export interface FailureContext {
  readonly manager: AssetManager;
  readonly serverUrl: string;
  /** The server's request log, to count attempts. */
  readonly requests: readonly ServedRequest[];
  /** First retry backoff in ms. */
  readonly minDelayMs: number;
  readonly signal?: AbortSignal;
}

/** Step 5a: the voice-over behind a route that answers 503 once; `downloadWithRetry` retries it to success. */
export async function showTransientFailure(
  context: FailureContext,
  asset: AssetSpec,
): Promise<TransientFailureSection> {
  const { manager, serverUrl, requests, minDelayMs, signal } = context;
  const path = `/flaky/${encodeURIComponent(asset.filename)}`;
  const retries: RetryRow[] = [];
  try {
    await manager.downloadWithRetry(`${serverUrl}${path}`, asset.filename, asset.subdir, {
      kind: asset.kind,
      minDelayMs,
      signal,
      onRetry: ({ attempt, error, delayMs }) => {
        retries.push({ attempt, code: error.code, status: statusOf(error), delayMs });
      },
    });
    const { size } = await manager.inspectFile(asset.filename, asset.subdir);
    return {
      filename: asset.filename,
      retries,
      requests: countRequests(requests, path),
      succeeded: true,
      size,
    };
  } catch (error) {
    const failure = rethrowCancellation(error);
    return {
      filename: asset.filename,
      retries,
      requests: countRequests(requests, path),
      succeeded: false,
      error: { code: failure.code, userMessage: failure.getUserFriendlyMessage() },
    };
  }
}

/** Step 5b: a 404 is permanent: one request, no retry, a user message and RFC 9457 problem details. */
export async function showPermanentFailure(
  context: FailureContext,
): Promise<PermanentFailureSection> {
  const { manager, serverUrl, requests, minDelayMs, signal } = context;
  const filename = 'scene_missing.mp4';
  const path = `/media/${filename}`;
  try {
    await manager.downloadWithRetry(`${serverUrl}${path}`, filename, 'scenes', {
      kind: 'video',
      minDelayMs,
      signal,
    });
  } catch (error) {
    const failure = rethrowCancellation(error);
    return {
      filename,
      requests: countRequests(requests, path),
      code: failure.code,
      status: statusOf(failure),
      retryable: failure.retryable,
      userMessage: failure.getUserFriendlyMessage(),
      problemDetails: failure.toProblemDetails({
        instance: `/jobs/${manager.jobId}/assets/${filename}`,
      }),
      fileWritten: await holdsFile(manager, filename),
    };
  }
  throw new PipelineError(
    ErrorCode.INTERNAL_ERROR,
    `${path} was expected to fail with 404 but succeeded`,
  );
}

/** Step 5c: a path-traversal filename is `INVALID_INPUT`, before any request or write. */
export async function showUnsafeFilename(
  context: FailureContext,
  asset: AssetSpec,
): Promise<UnsafeFilenameSection> {
  const { manager, serverUrl, signal } = context;
  const filename = '../../etc/passwd';
  const before = await manager.listFiles();
  try {
    await manager.downloadFile(
      `${serverUrl}/media/${encodeURIComponent(asset.filename)}`,
      filename,
      asset.subdir,
      { signal },
    );
  } catch (error) {
    const failure = rethrowCancellation(error);
    const after = await manager.listFiles();
    return {
      filename,
      rejected: true,
      code: failure.code,
      userMessage: failure.getUserFriendlyMessage(),
      fileWritten: after.length !== before.length,
    };
  }
  throw new PipelineError(ErrorCode.INTERNAL_ERROR, `the unsafe filename ${filename} was accepted`);
}

/**
 * Step 5d: a clip a video model might return for scene 1 (16:9, 5 s instead of 9:16, 8 s), downloaded
 * with scene 1's `sceneAssetSpec` as `expect`: `ASSET_SPEC_MISMATCH`, one request (never retried, the
 * same bytes will not change), nothing kept.
 */
export async function showSpecMismatch(
  context: FailureContext,
  asset: AssetSpec,
): Promise<SpecMismatchSection> {
  const { manager, serverUrl, requests, minDelayMs, signal } = context;
  const path = `/media/${encodeURIComponent(asset.filename)}`;
  try {
    await manager.downloadWithRetry(`${serverUrl}${path}`, asset.filename, asset.subdir, {
      kind: asset.kind,
      ...(asset.expect === undefined ? {} : { expect: asset.expect }),
      minDelayMs,
      signal,
    });
  } catch (error) {
    const failure = rethrowCancellation(error);
    const record = (value: unknown): Readonly<Record<string, unknown>> =>
      typeof value === 'object' && value !== null ? { ...(value as Record<string, unknown>) } : {};
    return {
      filename: asset.filename,
      sceneId: asset.sceneId ?? 0,
      code: failure.code,
      retryable: failure.retryable,
      requests: countRequests(requests, path),
      expected: record(failure.details['expected']),
      actual: record(failure.details['actual']),
      userMessage: failure.getUserFriendlyMessage(),
      fileWritten: await holdsFile(manager, asset.filename),
    };
  }
  throw new PipelineError(
    ErrorCode.INTERNAL_ERROR,
    `${asset.filename} (16:9, 5 s) was expected to fail its scene's spec but was kept`,
  );
}

function countRequests(requests: readonly ServedRequest[], path: string): number {
  return requests.filter((request) => request.path === path).length;
}

function statusOf(error: PipelineError): number | undefined {
  const status = error.details['upstreamStatus'];
  return typeof status === 'number' ? status : undefined;
}

async function holdsFile(manager: AssetManager, filename: string): Promise<boolean> {
  const files = await manager.listFiles('scenes');
  return files.some((file) => file.endsWith(`/${filename}`) || file.endsWith(`\\${filename}`));
}

/** The failure as a `PipelineError`; a cancellation (Ctrl-C) is not a demo result, so it propagates. */
function rethrowCancellation(error: unknown): PipelineError {
  const failure = toPipelineError(error);
  if (failure.code === ErrorCode.JOB_CANCELLED) throw failure;
  return failure;
}
