import type { BuiltInTemplateData } from '../types.js';
import { storyboard } from './storyboard.js';

const quiet = {
  font: 'Inter',
  size: 48,
  weight: 400,
  color: '#1A1A1A',
  position: 'bottom',
  animation: 'fade-in',
  uppercase: false,
} as const;

/** Minimal: still frames, neutral tones, one idea at a time. */
export const minimal: BuiltInTemplateData = storyboard(
  'minimal',
  'clean, minimalist, neutral tones, negative space, calm',
  {
    hook: {
      videoPromptTemplate:
        'Vertical 9:16 minimalist opening: {product_name} alone on a seamless off-white sweep. Locked-off camera with an almost imperceptible push-in; soft, even north light from the left casting one crisp shadow; generous negative space above the product; neutral palette of bone, sand and warm grey; perfectly still.',
      useProductImage: true,
      voiceoverTemplate: 'This is {product_name}.',
      textOverlay: '{product_name}',
      textTiming: { start: 2, end: 7.5 },
      textStyle: { ...quiet, size: 56, weight: 500 },
    },
    benefit: {
      videoPromptTemplate:
        'Vertical 9:16 quiet detail shot: a slow, precise top-down slide over {product_name} revealing one essential feature at a time. Flat, diffused daylight; matte textures on a pale stone surface; centred geometric composition; no props, no clutter.',
      useProductImage: true,
      textOverlay: 'Only what matters',
      textTiming: { start: 1.5, end: 7 },
      textStyle: quiet,
    },
    proof: {
      videoPromptTemplate:
        'Vertical 9:16 calm everyday moment: a hand reaches for {product_name} on a light oak table in a bright, sparse room. Static frame with a gentle rack focus from the window to the product; morning light through sheer curtains; muted earth tones; slow, deliberate movement.',
      useProductImage: true,
      textOverlay: 'Made for every day',
      textTiming: { start: 2, end: 9 },
      textStyle: quiet,
    },
    cta: {
      imagePromptTemplate:
        'Vertical 9:16 minimalist end card: {product_name} small and centred in the upper half of an off-white field; a thin hairline rule beneath it; the words "{cta_text}" set in a light sans-serif below; vast negative space; soft natural shadow; Swiss typographic restraint.',
      voiceoverTemplate: '{cta_text}',
      textOverlay: '{cta_text}',
      textTiming: { start: 0.5, end: 4 },
      textStyle: { ...quiet, size: 52, weight: 500, position: 'center' },
    },
  },
);
