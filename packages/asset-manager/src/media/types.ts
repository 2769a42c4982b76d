import type { AssetKind } from '../sniff.js';

/**
 * What {@link probeMedia} learns from a file's container headers. Numbers follow ffprobe's
 * conventions: `durationSec` is the container's duration in seconds, `width`/`height` the coded
 * frame size in pixels of the first video stream, codecs are ffprobe codec names (`h264`, `aac`,
 * `vp9`, `opus`, `mp3`, `pcm_s16le`, …).
 */
export interface MediaInfo {
  /** Container format: `mp4`, `mov`, `m4a`, `3gp`, `webm`, `matroska`, `mp3`, `wav`, `aac`, `ogg`, `flac`, `png`, `jpeg`, `webp`, … */
  container: string;
  /** IANA media type from the content (file-type's answer), e.g. `video/mp4`, `image/x-canon-cr3`. */
  mime: string;
  /** `video` when a video stream is present, `audio` when only audio is, `image` for stills; otherwise the container's kind. Undefined when unrecognised. */
  kind: AssetKind | undefined;
  /** Duration in seconds. Absent for stills and when the container does not say. */
  durationSec?: number;
  /** Width in pixels (first video stream, or the image). */
  width?: number;
  /** Height in pixels (first video stream, or the image). */
  height?: number;
  /** `width:height` reduced by their greatest common divisor, e.g. `'9:16'`. */
  aspectRatio?: string;
  /** Average frames per second of the first video stream (samples / track duration), 3 decimals. */
  frameRate?: number;
  /** ffprobe codec name of the first video stream. */
  videoCodec?: string;
  /** ffprobe codec name of the first audio stream. */
  audioCodec?: string;
  /** Sample rate of the first audio stream, Hz. */
  sampleRate?: number;
  /** Channel count of the first audio stream. */
  channels?: number;
  /** Whether the file holds a moving-picture stream (a still image is `false`). */
  hasVideo: boolean;
  /** Whether the file holds an audio stream. */
  hasAudio: boolean;
}

/**
 * What an asset must be, checked by {@link probeMedia} after the bytes are on disk and before they
 * are kept (the `expect` option of `saveFile`, `downloadFile`, `downloadWithRetry`, and
 * `verifyFile`). Every field is optional; only the given ones are checked. The shape of the
 * templates package's `sceneAssetSpec()` (`{ kind, durationSec, aspectRatio }`) maps onto it.
 */
export interface MediaExpectation {
  /** Required kind. `'video'` also requires a video stream, `'audio'` an audio stream (and no video). */
  kind?: AssetKind;
  /** Shortest accepted duration, seconds. A file without a duration fails it. */
  minDurationSec?: number;
  /** Longest accepted duration, seconds. A file without a duration fails it. */
  maxDurationSec?: number;
  /** Required aspect ratio `'W:H'` (e.g. `'9:16'`), compared as width / height within `aspectTolerance`. */
  aspectRatio?: string;
  /** Relative tolerance of the aspect-ratio check: `|actual / expected - 1| <= aspectTolerance`. Default `0.01`. */
  aspectTolerance?: number;
  /** Smallest accepted width, pixels. */
  minWidth?: number;
  /** Smallest accepted height, pixels. */
  minHeight?: number;
  /** Whether an audio stream must be present (`true`) or absent (`false`). */
  hasAudio?: boolean;
  /** Whether a video stream must be present (`true`) or absent (`false`). */
  hasVideo?: boolean;
}
