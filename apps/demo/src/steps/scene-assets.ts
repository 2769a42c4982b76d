import type { MediaExpectation } from '@ad-pipeline/asset-manager';
import { ErrorCode, PipelineError } from '@ad-pipeline/errors';
import { sceneAssetSpec, type SceneTemplate } from '@ad-pipeline/templates';
import type { MediaFile } from '../media-server.js';
import { SAMPLE_MEDIA, readSampleMedia } from '../sample-media.js';

/** A file of the job: its name, where it goes, the media kind it must sniff as and its scene's spec. */
export interface AssetSpec {
  readonly filename: string;
  readonly subdir: 'scenes' | 'audio';
  readonly kind: 'video' | 'image' | 'audio';
  /** The scene this asset is made for (none for the voice-over). */
  readonly sceneId?: number;
  /** What the asset must be (`sceneAssetSpec` of its scene), checked on download. */
  readonly expect?: MediaExpectation;
  /** Which committed fixture the server sends for it. */
  readonly source: string;
}

/** What the server holds and what the job downloads. */
export interface SceneAssets {
  /** One per scene (`scene_<id>.mp4` or `.png`), downloaded as a batch. */
  readonly scenes: readonly AssetSpec[];
  /** The voice-over, served behind a flaky route. */
  readonly voiceover: AssetSpec;
  /** What a video model might return instead of scene 1's clip (16:9, 5 s), refused by its spec. */
  readonly nearMiss: AssetSpec;
  /** Server files by name. */
  readonly files: ReadonlyMap<string, MediaFile>;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.mp4': 'video/mp4',
  '.png': 'image/png',
  '.wav': 'audio/wav',
};

/**
 * Picks a real clip per video scene (by its length), the 9:16 still for the image scene and a WAV
 * voice-over, each with its scene's `sceneAssetSpec` as the download's `expect`; plus the near-miss.
 */
export async function buildSceneAssets(template: SceneTemplate): Promise<SceneAssets> {
  const scenes = template.scenes.map((scene): AssetSpec => {
    const expect = sceneAssetSpec(template, scene.id);
    if (scene.type === 'video') {
      const source = SAMPLE_MEDIA.videoBySeconds[scene.duration];
      if (source === undefined) {
        throw new PipelineError(
          ErrorCode.TEMPLATE_ERROR,
          `The demo has no sample clip of ${scene.duration} s for scene ${scene.id}`,
          { sceneId: scene.id, durationSec: scene.duration },
        );
      }
      return { filename: `scene_${scene.id}.mp4`, subdir: 'scenes', kind: 'video', sceneId: scene.id, expect, source };
    }
    return { filename: `scene_${scene.id}.png`, subdir: 'scenes', kind: 'image', sceneId: scene.id, expect, source: SAMPLE_MEDIA.still };
  });
  const voiceover: AssetSpec = { filename: 'voiceover.wav', subdir: 'audio', kind: 'audio', source: SAMPLE_MEDIA.voiceover };
  const first = scenes[0] as AssetSpec;
  const nearMiss: AssetSpec = { ...first, filename: 'scene_1_take2.mp4', source: SAMPLE_MEDIA.nearMiss };
  const files = new Map<string, MediaFile>();
  for (const asset of [...scenes, voiceover, nearMiss]) {
    const extension = asset.filename.slice(asset.filename.lastIndexOf('.'));
    files.set(asset.filename, {
      body: await readSampleMedia(asset.source),
      contentType: CONTENT_TYPES[extension] ?? 'application/octet-stream',
    });
  }
  return { scenes, voiceover, nearMiss, files };
}
