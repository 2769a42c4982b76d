import type { BuiltInTemplateData } from '../types.js';
import { storyboard } from './storyboard.js';

const punchy = {
  font: 'Montserrat',
  size: 80,
  weight: 900,
  color: '#FFFFFF',
  position: 'center',
  animation: 'scale-in',
  uppercase: true,
} as const;

/** Energetic: fast cuts, saturated colour, movement in every frame. */
export const energetic: BuiltInTemplateData = storyboard(
  'energetic',
  'vibrant colors, high energy, dynamic motion, fast cuts, playful',
  {
    hook: {
      videoPromptTemplate:
        'Vertical 9:16 high-energy opener: {product_name} bursts into frame against a saturated electric-blue and hot-coral backdrop. Fast whip-pan into a punchy push-in; confetti and paint-splash particles exploding around the product; hard top light with coloured gels; crisp 60 fps motion; kinetic handheld energy.',
      useProductImage: true,
      voiceoverTemplate: 'Get ready for {product_name}!',
      textOverlay: '{product_name}',
      textTiming: { start: 0.5, end: 6 },
      textStyle: { ...punchy, size: 88 },
    },
    benefit: {
      videoPromptTemplate:
        'Vertical 9:16 rapid-fire product montage: {product_name} spinning on a turntable, snap zooms onto key features cut to the beat, split-second match cuts between neon pink, lime and cobalt sets; glossy reflections; strobing rim lights; low-angle hero framing.',
      useProductImage: true,
      textOverlay: 'Zero to full power',
      textTiming: { start: 0.5, end: 5 },
      textStyle: {
        ...punchy,
        size: 72,
        weight: 800,
        color: '#FFE600',
        position: 'top',
        animation: 'slide-up',
      },
    },
    proof: {
      videoPromptTemplate:
        'Vertical 9:16 action lifestyle sequence: friends in bright streetwear using {product_name} on a sunlit rooftop court, jumping and laughing. Low-angle gimbal tracking shot; sun flare; speed-ramped slow motion at the peak of a jump; saturated summer grade; quick cuts every two seconds.',
      useProductImage: false,
      textOverlay: "Everyone's talking about it",
      textTiming: { start: 1, end: 8 },
      textStyle: { ...punchy, size: 64, weight: 800, position: 'upper-third', animation: 'pop' },
    },
    cta: {
      imagePromptTemplate:
        'Vertical 9:16 energetic end card: {product_name} tilted at a dynamic angle over a diagonal split of electric blue and hot coral; motion streaks and halftone burst shapes; a chunky rounded button in the lower third reading "{cta_text}"; bright, high-contrast pop-art finish.',
      voiceoverTemplate: '{cta_text}',
      textOverlay: '{cta_text}',
      textTiming: { start: 0.2, end: 4 },
      textStyle: { ...punchy, color: '#FF3D7F', position: 'lower-third', animation: 'pop' },
    },
  },
);
