import { ErrorCode } from '@ad-pipeline/errors';
import { catchPipelineError } from '../test/helpers.js';
import { builtIn } from './catalog.js';
import { luxury as luxuryData } from './built-in/luxury.js';
import {
  BuiltInTemplateSchema,
  SceneTemplateSchema,
  STYLES,
  getSceneTemplate,
  validateTemplate,
  type BuiltInTemplate,
  type Scene,
} from './index.js';

const promptOf = (scene: Scene): string =>
  scene.type === 'video' ? scene.videoPromptTemplate : scene.imagePromptTemplate;

describe.each(STYLES)('built-in template %s', (style) => {
  const template: BuiltInTemplate = getSceneTemplate(style);

  test('passes the built-in schema and the custom one (checked, never assumed)', () => {
    expect(BuiltInTemplateSchema.safeParse(template).error?.issues).toBeUndefined();
    expect(SceneTemplateSchema.safeParse(template).error?.issues).toBeUndefined();
    // validateTemplate runs the schema on built-ins too, so a broken built-in fails here.
    expect(validateTemplate(template)).toBe(true);
    expect(validateTemplate(structuredClone(template))).toBe(true);
  });

  test('is 30 s of 8, 8, 10 and 4 s scenes, three videos then a static CTA image', () => {
    expect(template.style).toBe(style);
    expect(template.totalDuration).toBe(30);
    expect(template.aspectRatio).toBe('9:16');
    expect(template.scenes.map(({ id }) => id)).toEqual([1, 2, 3, 4]);
    expect(template.scenes.map(({ duration }) => duration)).toEqual([8, 8, 10, 4]);
    expect(template.scenes.map(({ type }) => type)).toEqual(['video', 'video', 'video', 'image']);
  });

  test('every prompt names the 9:16 vertical format and shows the product', () => {
    for (const scene of template.scenes) {
      expect(promptOf(scene)).toMatch(/\bvertical 9:16\b/i);
      expect(promptOf(scene)).toContain('{product_name}');
    }
  });

  test('scene 4 carries {cta_text} in its image prompt and overlay', () => {
    const cta = template.scenes[3];
    expect(cta?.type).toBe('image');
    expect(cta?.type === 'image' && cta.imagePromptTemplate).toContain('{cta_text}');
    expect(cta?.textOverlay).toContain('{cta_text}');
  });

  test('scenes 2 and 3 voiceovers are the script slots', () => {
    expect(template.scenes[1]?.voiceoverTemplate).toBe('[benefit statement]');
    expect(template.scenes[2]?.voiceoverTemplate).toBe('[social proof]');
  });

  test('text timing fits inside each scene', () => {
    for (const { textTiming, duration } of template.scenes) {
      expect(textTiming.start).toBeGreaterThanOrEqual(0);
      expect(textTiming.end).toBeGreaterThan(textTiming.start);
      expect(textTiming.end).toBeLessThanOrEqual(duration);
    }
  });
});

test('luxury keeps the original fixed texts', () => {
  const luxury = getSceneTemplate('luxury');
  expect(luxury.styleKeywords).toBe('soft lighting, elegant, premium, refined');
  expect(luxury.scenes[0]?.voiceoverTemplate).toBe('Discover {product_name}.');
});

test('each style is written distinctly: no prompt, keyword line or overlay is shared', () => {
  const templates = STYLES.map(getSceneTemplate);
  const prompts = templates.flatMap((template) => template.scenes.map(promptOf));
  const keywords = templates.map(({ styleKeywords }) => styleKeywords);
  const overlays = templates.flatMap(({ scenes }) =>
    scenes.slice(1, 3).map(({ textOverlay }) => textOverlay),
  );
  expect(new Set(prompts).size).toBe(prompts.length);
  expect(new Set(keywords).size).toBe(keywords.length);
  expect(new Set(overlays).size).toBe(overlays.length);
});

test('a broken built-in is refused when the package loads, listing its issues', () => {
  const broken = { ...luxuryData, styleKeywords: 'refined, '.repeat(60) };
  const error = catchPipelineError(() => builtIn(broken));
  expect(error.code).toBe(ErrorCode.TEMPLATE_ERROR);
  expect(error.details['issues']).toEqual([expect.objectContaining({ path: 'styleKeywords' })]);
  const swapped = { ...luxuryData, scenes: [...luxuryData.scenes].reverse() };
  expect(catchPipelineError(() => builtIn(swapped as never)).code).toBe(ErrorCode.TEMPLATE_ERROR);
});
