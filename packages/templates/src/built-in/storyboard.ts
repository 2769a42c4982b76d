import type { Style } from '../styles.js';
import type { BuiltInTemplateData } from '../types.js';

type Scenes = BuiltInTemplateData['scenes'];
type VideoShot = Omit<Extract<Scenes[number], { type: 'video' }>, 'id' | 'duration' | 'type'>;
type ImageShot = Omit<Extract<Scenes[number], { type: 'image' }>, 'id' | 'duration' | 'type'>;

/** What a style writes for each beat; the storyboard supplies ids, timing, types and script slots. */
export interface StoryboardShots {
  /** 8 s video: the product reveal. */
  hook: VideoShot;
  /** 8 s video; its voiceover is the `[benefit statement]` slot. */
  benefit: Omit<VideoShot, 'voiceoverTemplate'>;
  /** 10 s video; its voiceover is the `[social proof]` slot. */
  proof: Omit<VideoShot, 'voiceoverTemplate'>;
  /** 4 s still image: the call to action (an image costs about $0.01, a 4 s clip about $0.20). */
  cta: ImageShot;
}

/** A built-in template on the shared 30-second storyboard: hook 8 s, benefit 8 s, proof 10 s, CTA card 4 s. */
export function storyboard(
  style: Style,
  styleKeywords: string,
  shots: StoryboardShots,
): BuiltInTemplateData {
  return {
    style,
    totalDuration: 30,
    styleKeywords,
    aspectRatio: '9:16',
    scenes: [
      { id: 1, duration: 8, type: 'video', ...shots.hook },
      {
        id: 2,
        duration: 8,
        type: 'video',
        voiceoverTemplate: '[benefit statement]',
        ...shots.benefit,
      },
      { id: 3, duration: 10, type: 'video', voiceoverTemplate: '[social proof]', ...shots.proof },
      { id: 4, duration: 4, type: 'image', ...shots.cta },
    ],
  };
}
