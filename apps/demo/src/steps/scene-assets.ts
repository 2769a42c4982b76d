import type { SceneTemplate } from '@ad-pipeline/templates';
import type { MediaFile } from '../media-server.js';
import type { SampleMediaGenerator } from '../sample-media.js';

/** A file of the job: its name, where it goes, and the media kind it must sniff as. */
export interface AssetSpec {
  readonly filename: string;
  readonly subdir: 'scenes' | 'audio';
  readonly kind: 'video' | 'image' | 'audio';
}

/** What the server holds and what the job downloads. */
export interface SceneAssets {
  /** One per scene (`scene_<id>.mp4` or `.png`), downloaded as a batch. */
  readonly scenes: readonly AssetSpec[];
  /** The voice-over, served behind a flaky route. */
  readonly voiceover: AssetSpec;
  /** Server files by name. */
  readonly files: ReadonlyMap<string, MediaFile>;
}

/** Generates a clip per video scene (its duration, distinct bytes), a PNG for the image scene and a WAV voice-over. */
export function buildSceneAssets(
  template: SceneTemplate,
  media: SampleMediaGenerator,
): SceneAssets {
  const files = new Map<string, MediaFile>();
  const scenes = template.scenes.map((scene): AssetSpec => {
    if (scene.type === 'video') {
      const filename = `scene_${scene.id}.mp4`;
      files.set(filename, {
        body: media.createMp4({ durationMs: Math.round(scene.duration * 1000), seed: scene.id }),
        contentType: 'video/mp4',
      });
      return { filename, subdir: 'scenes', kind: 'video' };
    }
    const filename = `scene_${scene.id}.png`;
    files.set(filename, { body: media.createPng(), contentType: 'image/png' });
    return { filename, subdir: 'scenes', kind: 'image' };
  });
  const voiceover: AssetSpec = { filename: 'voiceover.wav', subdir: 'audio', kind: 'audio' };
  files.set(voiceover.filename, {
    body: media.createWav({ seconds: 2 }),
    contentType: 'audio/wav',
  });
  return { scenes, voiceover, files };
}
