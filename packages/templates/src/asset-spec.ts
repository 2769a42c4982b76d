import { ErrorCode, ValidationError } from '@ad-pipeline/errors';
import { resolveTemplate } from './parse.js';
import type { SceneTemplate } from './types.js';

/**
 * How far, in seconds, a clip's measured duration may stray from its scene's duration. Encoders
 * and containers round to whole frames and audio packets (a frame is 0.042 s at 24 fps; AAC
 * priming adds ~0.02 s), so exact equality would refuse good clips; a quarter second still
 * refuses a 5 s clip for an 8 s scene.
 */
export const ASSET_DURATION_TOLERANCE_SEC = 0.25;

/** How far a visual's width/height ratio may stray from 9:16 (the asset-manager's default). */
export const ASSET_ASPECT_TOLERANCE = 0.01;

/** Which asset of a scene: the picture (video clip or still image) or the voiceover audio. */
export type SceneAssetRole = 'visual' | 'voiceover';

/**
 * What the picture of a scene must be: a 9:16 video clip of the scene's duration, or a 9:16
 * still image. Plain data with only keys of asset-manager's `expect` option (`kind`,
 * `durationSec`, `minDurationSec`, `maxDurationSec`, `aspectRatio`, `aspectTolerance`, `hasVideo`):
 * `durationSec` is the scene's length (SPEC §6.4), and the window `minDurationSec`–`maxDurationSec`
 * (`scene.duration ∓ ASSET_DURATION_TOLERANCE_SEC`) is what `expect` checks it with.
 */
export interface VisualAssetSpec {
  kind: 'video' | 'image';
  /** The scene's duration in seconds; only for a video (asset-manager carries it, the window decides). */
  durationSec?: number;
  /** Scene duration − `ASSET_DURATION_TOLERANCE_SEC` (not below 0); only for a video. */
  minDurationSec?: number;
  /** Scene duration + `ASSET_DURATION_TOLERANCE_SEC`; only for a video. */
  maxDurationSec?: number;
  aspectRatio: '9:16';
  aspectTolerance: number;
  /** `true` for a video: a clip without a video stream is not a clip. */
  hasVideo?: boolean;
}

/** What the voiceover of a scene must be: audio no longer than the scene (plus the tolerance). */
export interface VoiceoverAssetSpec {
  kind: 'audio';
  /** `scene duration + ASSET_DURATION_TOLERANCE_SEC`: the voiceover must fit its scene. */
  maxDurationSec: number;
  hasAudio: true;
}

/** What one asset of a scene must be; see `sceneAssetSpec`. */
export type SceneAssetSpec = VisualAssetSpec | VoiceoverAssetSpec;

/** Options of `sceneAssetSpec`. */
export interface SceneAssetSpecOptions {
  /** Which asset: the scene's picture or its voiceover. @default 'visual' */
  asset?: SceneAssetRole;
}

/**
 * What the asset of scene `sceneId` must be, as fresh plain data usable directly as
 * asset-manager's `expect` option (section 6.5 of the spec) without this package importing it:
 *
 * - a video scene: `{ kind: 'video', durationSec, minDurationSec, maxDurationSec, aspectRatio: '9:16',
 *   aspectTolerance: 0.01, hasVideo: true }`, the duration window being the scene's duration
 *   ± `ASSET_DURATION_TOLERANCE_SEC` (0.25 s);
 * - an image scene: `{ kind: 'image', aspectRatio: '9:16', aspectTolerance: 0.01 }`;
 * - `{ asset: 'voiceover' }`: `{ kind: 'audio', maxDurationSec, hasAudio: true }`.
 *
 * Resolution is not part of a template; add `minWidth`/`minHeight` yourself if you need them.
 *
 * @throws ValidationError `INVALID_INPUT` for a `sceneId` the template does not have
 *   (`details.validSceneIds`) or a bad `asset` option.
 * @throws PipelineError `TEMPLATE_ERROR` when `template` is not a valid template.
 */
export function sceneAssetSpec(
  template: SceneTemplate,
  sceneId: number,
  options: SceneAssetSpecOptions = {},
): SceneAssetSpec {
  const { scenes } = resolveTemplate(template);
  const asset = readAsset(options);
  const scene = scenes.find(({ id }) => id === sceneId);
  if (scene === undefined) {
    const validSceneIds = scenes.map(({ id }) => id);
    throw new ValidationError(
      `Unknown scene id ${typeof sceneId === 'number' ? String(sceneId) : `(${typeof sceneId})`}: this template has scenes ${validSceneIds.join(', ')}`,
      'sceneId',
      { validSceneIds },
      { code: ErrorCode.INVALID_INPUT },
    );
  }
  if (asset === 'voiceover') {
    return {
      kind: 'audio',
      maxDurationSec: roundSeconds(scene.duration + ASSET_DURATION_TOLERANCE_SEC),
      hasAudio: true,
    };
  }
  if (scene.type === 'image') {
    return { kind: 'image', aspectRatio: '9:16', aspectTolerance: ASSET_ASPECT_TOLERANCE };
  }
  return {
    kind: 'video',
    durationSec: scene.duration,
    minDurationSec: roundSeconds(Math.max(0, scene.duration - ASSET_DURATION_TOLERANCE_SEC)),
    maxDurationSec: roundSeconds(scene.duration + ASSET_DURATION_TOLERANCE_SEC),
    aspectRatio: '9:16',
    aspectTolerance: ASSET_ASPECT_TOLERANCE,
    hasVideo: true,
  };
}

function readAsset(options: unknown): SceneAssetRole {
  let asset: unknown;
  try {
    asset = (options as SceneAssetSpecOptions).asset ?? 'visual';
  } catch (cause) {
    throw new ValidationError(
      'sceneAssetSpec options could not be read',
      'options',
      {},
      {
        code: ErrorCode.INVALID_INPUT,
        cause,
      },
    );
  }
  if (asset !== 'visual' && asset !== 'voiceover') {
    throw new ValidationError(
      `asset must be 'visual' or 'voiceover'`,
      'asset',
      { validValues: ['visual', 'voiceover'] },
      { code: ErrorCode.INVALID_INPUT },
    );
  }
  return asset;
}

// Millisecond precision keeps 7.75 from reading as 7.750000000000001.
const roundSeconds = (seconds: number): number => Math.round(seconds * 1000) / 1000;
