import { isPipelineError, type PipelineError } from '@ad-pipeline/errors';
import type { SceneTemplateData } from '../src/index.js';

/** The PipelineError `run` throws; fails the test if it returns or throws anything else. */
export function catchPipelineError(run: () => unknown): PipelineError {
  let thrown: unknown;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  if (!isPipelineError(thrown)) {
    throw new Error(`expected a PipelineError, got ${String(thrown)}`);
  }
  return thrown;
}

const textStyle = {
  font: 'Inter',
  size: 48,
  weight: 500,
  color: '#112233',
  position: 'center',
  animation: 'fade-in',
  uppercase: false,
} as const;

/** A valid custom template (a 5 s clip then a 3 s CTA image), fresh on every call. */
export function customTemplate(): SceneTemplateData {
  return {
    style: 'teaser',
    totalDuration: 8,
    styleKeywords: 'quick, clean',
    aspectRatio: '9:16',
    scenes: [
      {
        id: 1,
        duration: 5,
        type: 'video',
        videoPromptTemplate: 'Vertical 9:16 close-up of {product_name} on a desk',
        useProductImage: true,
        voiceoverTemplate: '[hook line]',
        textOverlay: '{product_name}',
        textTiming: { start: 0.5, end: 4.5 },
        textStyle: { ...textStyle },
      },
      {
        id: 2,
        duration: 3,
        type: 'image',
        imagePromptTemplate: 'Vertical 9:16 end card reading "{cta_text}"',
        voiceoverTemplate: '{cta_text}',
        textOverlay: '{cta_text}',
        textTiming: { start: 0, end: 3 },
        textStyle: { ...textStyle },
      },
    ],
  };
}

/** Every string reachable from `value`, depth first. */
export function allStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value !== 'object' || value === null) return [];
  return Object.values(value).flatMap(allStrings);
}
