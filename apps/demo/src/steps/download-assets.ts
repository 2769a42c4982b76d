import type { AssetManager, MediaInfo } from '@ad-pipeline/asset-manager';
import { ErrorCode } from '@ad-pipeline/errors';
import type { AssetMedia, DownloadRow, DownloadsSection } from '../report.js';
import { formatBytes } from '../render/format.js';
import type { Progress } from '../render/progress.js';
import type { AssetSpec } from './scene-assets.js';

/** Options of {@link downloadSceneAssets}. */
export interface DownloadAssetsOptions {
  /** Base URL of the media server. */
  readonly serverUrl: string;
  /** Downloads in flight at once; default 3. */
  readonly concurrency?: number;
  /** First retry backoff in ms; default 100 (the demo stays fast). */
  readonly minDelayMs?: number;
  /** Cancels every download (Ctrl-C). */
  readonly signal?: AbortSignal;
  /** Draws the batch's progress; built for the batch's labels. */
  readonly createProgress: (labels: readonly string[]) => Progress;
}

/** Step 4: downloads the scene assets concurrently (`downloadMany`), then validates and inspects each one. */
export async function downloadSceneAssets(
  manager: AssetManager,
  assets: readonly AssetSpec[],
  options: DownloadAssetsOptions,
): Promise<DownloadsSection> {
  const { serverUrl, concurrency = 3, minDelayMs = 100, signal, createProgress } = options;
  const progress = createProgress(assets.map((asset) => asset.filename));
  const reported = new Set<number>();
  const results = await manager.downloadMany(
    assets.map((asset, index) => ({
      url: `${serverUrl}/media/${encodeURIComponent(asset.filename)}`,
      filename: asset.filename,
      subdir: asset.subdir,
      options: {
        kind: asset.kind,
        ...(asset.expect === undefined ? {} : { expect: asset.expect }),
        minDelayMs,
        signal,
        onProgress: ({ bytes, total }) => {
          progress.update(index, bytes, total);
          if (total !== undefined && bytes >= total && !reported.has(index)) {
            reported.add(index);
            progress.complete(index, true, formatBytes(bytes));
          }
        },
      },
    })),
    { concurrency },
  );
  results.forEach((result, index) => {
    if (!result.ok) progress.complete(index, false, result.error.code);
    else if (!reported.has(index)) progress.complete(index, true, 'done');
  });
  progress.close();
  // Ctrl-C is not a download result: stop the demo (the job is still cleaned up).
  const cancelled = results.find(
    (result) => !result.ok && result.error.code === ErrorCode.JOB_CANCELLED,
  );
  if (cancelled !== undefined && !cancelled.ok) throw cancelled.error;

  const rows: DownloadRow[] = [];
  for (const [index, result] of results.entries()) {
    const asset = assets[index] as AssetSpec;
    if (!result.ok) {
      rows.push({
        ...describe(asset),
        ok: false,
        error: { code: result.error.code, userMessage: result.error.getUserFriendlyMessage() },
      });
      continue;
    }
    const valid = await manager.validateFile(asset.filename, asset.subdir, { kind: asset.kind });
    const { size, mime, kind, sha256, media } = await manager.inspectFile(asset.filename, asset.subdir);
    rows.push({
      ...describe(asset),
      ok: true,
      valid,
      size,
      mime,
      kind,
      sha256,
      media: pickMedia(media),
      ...(asset.expect === undefined ? {} : { spec: { ...asset.expect } }),
    });
  }
  return { concurrency, assets: rows };
}

/** The facts of a probe the demo shows (duration, size, aspect ratio, codecs). */
export function pickMedia(media: MediaInfo): AssetMedia {
  const { container, durationSec, width, height, aspectRatio, videoCodec, audioCodec } = media;
  return {
    container,
    ...(durationSec === undefined ? {} : { durationSec }),
    ...(width === undefined ? {} : { width }),
    ...(height === undefined ? {} : { height }),
    ...(aspectRatio === undefined ? {} : { aspectRatio }),
    ...(videoCodec === undefined ? {} : { videoCodec }),
    ...(audioCodec === undefined ? {} : { audioCodec }),
  };
}

function describe(asset: AssetSpec): Pick<DownloadRow, 'filename' | 'subdir'> {
  return { filename: asset.filename, subdir: asset.subdir };
}
