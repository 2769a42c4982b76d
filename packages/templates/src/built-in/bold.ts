import type { BuiltInTemplateData } from '../types.js';
import { storyboard } from './storyboard.js';

const poster = {
  font: 'Anton',
  size: 96,
  weight: 400,
  color: '#FFFFFF',
  position: 'center',
  animation: 'pop',
  uppercase: true,
} as const;

/** Bold: hard light, black and signal red, graphic poster framing. */
export const bold: BuiltInTemplateData = storyboard(
  'bold',
  'high contrast, striking, confident, graphic, saturated red and black',
  {
    hook: {
      videoPromptTemplate:
        'Vertical 9:16 bold statement opener: {product_name} slams into a tight hero close-up against a solid jet-black background. A single hard red side light cuts a razor edge along its silhouette; smash zoom with a short camera shake on impact; deep crushed blacks; graphic, high-contrast look.',
      useProductImage: true,
      voiceoverTemplate: '{product_name}. No compromises.',
      textOverlay: '{product_name}',
      textTiming: { start: 0.8, end: 7 },
      textStyle: { ...poster, size: 104 },
    },
    benefit: {
      videoPromptTemplate:
        'Vertical 9:16 graphic power shot: {product_name} rotating slowly on a glossy black floor under a hard overhead spotlight. Alternating signal-red and white strobe accents; low wide-angle hero framing that makes the product monumental; sharp specular reflections; low-lying smoke.',
      useProductImage: true,
      textOverlay: 'Built different',
      textTiming: { start: 1, end: 6 },
      textStyle: { ...poster, color: '#FF1E1E', position: 'upper-third' },
    },
    proof: {
      videoPromptTemplate:
        'Vertical 9:16 intense lifestyle shot: a determined athlete in monochrome gear grips {product_name} in a dark industrial warehouse. Hard backlight through haze; silhouette-to-reveal dolly move; slow-motion dust particles; high-contrast black, white and red grade.',
      useProductImage: false,
      textOverlay: 'Proven. Trusted. Chosen.',
      textTiming: { start: 1.5, end: 9 },
      textStyle: { ...poster, size: 80, position: 'lower-third', animation: 'slide-up' },
    },
    cta: {
      imagePromptTemplate:
        'Vertical 9:16 bold end card: {product_name} on a flat signal-red background crossed by a heavy black diagonal band carrying the words "{cta_text}" in huge condensed white capitals; poster-style graphic composition; maximum contrast; crisp edges.',
      voiceoverTemplate: '{cta_text}',
      textOverlay: '{cta_text}',
      textTiming: { start: 0, end: 4 },
      textStyle: { ...poster, size: 112 },
    },
  },
);
