import type { BuiltInTemplateData } from '../types.js';
import { storyboard } from './storyboard.js';

const serif = {
  font: 'Playfair Display',
  size: 64,
  weight: 500,
  color: '#F5E6C8',
  position: 'lower-third',
  animation: 'fade-in',
  uppercase: false,
} as const;

const caption = {
  ...serif,
  font: 'Cormorant Garamond',
  size: 56,
  weight: 400,
  color: '#FFFFFF',
} as const;

/** Luxury: slow, warm, editorial; the product treated like jewellery. */
export const luxury: BuiltInTemplateData = storyboard(
  'luxury',
  'soft lighting, elegant, premium, refined',
  {
    hook: {
      videoPromptTemplate:
        'Vertical 9:16 cinematic reveal of {product_name} on a polished black marble plinth. Slow 50mm dolly-in from a low angle; soft key light through a diffused silk with a warm golden rim light; shallow depth of field; dust motes drifting through the beam; muted champagne and charcoal palette; fine film grain; no text in frame.',
      useProductImage: true,
      voiceoverTemplate: 'Discover {product_name}.',
      textOverlay: '{product_name}',
      textTiming: { start: 1.5, end: 7 },
      textStyle: { ...serif, size: 72 },
    },
    benefit: {
      videoPromptTemplate:
        'Vertical 9:16 macro detail study of {product_name}. Motion-control slide across its surfaces and edges with a 100mm macro lens; raking soft light revealing texture and finish; slow specular highlights gliding over the material; background falling off into velvet shadow; gentle focus pulls; restrained warm grade.',
      useProductImage: true,
      textOverlay: 'Crafted without compromise',
      textTiming: { start: 1, end: 6.5 },
      textStyle: caption,
    },
    proof: {
      videoPromptTemplate:
        'Vertical 9:16 lifestyle vignette at golden hour: an elegantly dressed woman in a sunlit penthouse lounge lifts {product_name} from a linen-lined tray. Steady gimbal arc at eye level; soft window light; creamy bokeh of the city skyline behind; unhurried, graceful movement; wardrobe and set in ivory and camel tones.',
      useProductImage: false,
      textOverlay: 'The quiet signature of taste',
      textTiming: { start: 2, end: 8.5 },
      textStyle: caption,
    },
    cta: {
      imagePromptTemplate:
        'Vertical 9:16 luxury end card: {product_name} centred on deep charcoal silk under a soft golden halo of light; symmetrical editorial composition; generous negative space in the lower third holding the words "{cta_text}" in fine gold serif capitals; high-end print finish.',
      voiceoverTemplate: '{product_name}. {cta_text}',
      textOverlay: '{cta_text}',
      textTiming: { start: 0.3, end: 4 },
      textStyle: { ...serif, weight: 600, color: '#D4AF37', position: 'center', uppercase: true },
    },
  },
);
