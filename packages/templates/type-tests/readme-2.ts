// Compiled by `nx run templates:typecheck`; src/readme.spec.ts checks that README.md's second
// TypeScript block is the text after the marker line below, verbatim.
export {};
// --- README block ---
import { defineTemplate, fillTemplate, templateJsonSchema } from '@ad-pipeline/templates';

const teaser = defineTemplate({
  style: 'teaser',
  totalDuration: 8,
  styleKeywords: 'quick, clean',
  aspectRatio: '9:16',
  scenes: [
    {
      id: 1, duration: 5, type: 'video', useProductImage: true,
      videoPromptTemplate: 'Vertical 9:16 close-up of {product_name} on a desk',
      voiceoverTemplate: '[hook line]', textOverlay: '{product_name}',
      textTiming: { start: 0.5, end: 4.5 },
      textStyle: { font: 'Inter', size: 48, weight: 500, color: '#111111', position: 'center', animation: 'fade-in', uppercase: false },
    },
    {
      id: 2, duration: 3, type: 'image',
      imagePromptTemplate: 'Vertical 9:16 end card reading "{cta_text}"',
      voiceoverTemplate: '{cta_text}', textOverlay: '{cta_text}',
      textTiming: { start: 0, end: 3 },
      textStyle: { font: 'Inter', size: 56, weight: 700, color: '#111111', position: 'center', animation: 'pop', uppercase: true },
    },
  ],
}); // throws TEMPLATE_ERROR listing every issue; registers nothing globally

fillTemplate(teaser, 'Nimbus Lamp', 'Try it free');
templateJsonSchema(); // JSON Schema (draft 2020-12) for other services or LLM structured output
