import { z } from 'zod';
import { STYLES } from './styles.js';
import { findTemplateRuleViolations } from './template-rules.js';
import { TEXT_LIMITS } from './text-limits.js';
import { describeProblem, inspectText } from './text-rule.js';

/**
 * Author text of a template: at most `maxUnits` UTF-16 code units (and `minUnits` or more),
 * under the same rule as every other text entering a template (no control, bidi-override,
 * unpaired-surrogate or hidden characters; not invisible-only; no character over 32 units).
 * zod's `.max` (and JSON Schema's `maxLength`) count code points; the rule counts code units,
 * so astral characters cannot double the limit.
 */
const templateText = (maxUnits: number, minUnits = 0) =>
  z
    .string()
    .min(minUnits)
    .max(maxUnits)
    .superRefine((text, ctx) => {
      const problem = inspectText(text, {
        minCharacters: 0,
        maxCharacters: Number.POSITIVE_INFINITY,
        maxUnits,
      });
      // Over `maxUnits` code points, `.max` has already said so.
      if (problem && !(problem.kind === 'too-many-units' && countCodePoints(text) > maxUnits)) {
        ctx.addIssue({ code: 'custom', message: `Text ${describeProblem(problem)}` });
      }
    });

// Code points = code units minus one per surrogate pair.
const countCodePoints = (text: string): number =>
  text.length - (text.match(/[\ud800-\udbff][\udc00-\udfff]/g)?.length ?? 0);

/** Ways a text overlay may enter the frame. */
export const TEXT_ANIMATIONS = [
  'none',
  'fade-in',
  'slide-up',
  'scale-in',
  'typewriter',
  'pop',
] as const;

/** Vertical anchors for a text overlay on the 1080×1920 frame. */
export const TEXT_POSITIONS = ['top', 'upper-third', 'center', 'lower-third', 'bottom'] as const;

/** When the overlay shows, in seconds from the start of its scene (`start` < `end` <= scene duration). */
export const TextTimingSchema = z
  .strictObject({
    start: z.number().min(0, 'textTiming.start must be 0 or later (seconds from the scene start)'),
    end: z.number().positive('textTiming.end must be positive (seconds from the scene start)'),
  })
  .refine((timing) => timing.start < timing.end, {
    message: 'textTiming.start must be before textTiming.end',
    path: ['end'],
  });

/** How the overlay looks: font family, size in px on a 1080×1920 frame, weight, colour, position, animation. */
export const TextStyleSchema = z.strictObject({
  font: templateText(TEXT_LIMITS.font, 1),
  size: z.int().min(12).max(240),
  weight: z.int().min(100).max(900).multipleOf(100),
  color: z.string().regex(/^#[0-9a-f]{6}$/i, 'color must be a #RRGGBB hex colour'),
  position: z.enum(TEXT_POSITIONS),
  animation: z.enum(TEXT_ANIMATIONS),
  uppercase: z.boolean(),
});

const sceneFields = {
  id: z.int().positive('Scene id must be a positive integer'),
  duration: z.number().positive('Scene duration must be positive (seconds)'),
  voiceoverTemplate: templateText(TEXT_LIMITS.voiceoverTemplate),
  textOverlay: templateText(TEXT_LIMITS.textOverlay),
  textTiming: TextTimingSchema,
  textStyle: TextStyleSchema,
};

/** A generated video clip (text-to-video, or image-to-video from the product photo when `useProductImage`). */
export const VideoSceneSchema = z.strictObject({
  ...sceneFields,
  type: z.literal('video'),
  videoPromptTemplate: templateText(TEXT_LIMITS.prompt, 1),
  useProductImage: z.boolean(),
});

/** A generated still image, shown for `duration` seconds (cheaper than a clip; used for the CTA card). */
export const ImageSceneSchema = z.strictObject({
  ...sceneFields,
  type: z.literal('image'),
  imagePromptTemplate: templateText(TEXT_LIMITS.prompt, 1),
});

/** One scene: a video or an image, told apart by `type`. */
export const SceneSchema = z.discriminatedUnion('type', [VideoSceneSchema, ImageSceneSchema]);

const templateFields = {
  style: templateText(TEXT_LIMITS.style, 1),
  totalDuration: z.number().positive('totalDuration must be positive (seconds)'),
  styleKeywords: templateText(TEXT_LIMITS.styleKeywords, 1),
  aspectRatio: z.literal('9:16'),
  scenes: z
    .array(SceneSchema)
    .min(1, 'A template needs at least 1 scene')
    .max(8, 'A template has at most 8 scenes'),
};

// Cross-field rules run even when some field is invalid, so a parse lists every issue at once.
const templateRules = [
  (template: unknown, ctx: z.RefinementCtx) => {
    for (const { path, message } of findTemplateRuleViolations(template)) {
      ctx.addIssue({ code: 'custom', path, message });
    }
  },
  { when: () => true },
] as const;

/** Any template, built-in or custom: 1–8 scenes, ids 1..n, last scene an image, durations summing to `totalDuration`. */
export const SceneTemplateSchema = z.strictObject(templateFields).superRefine(...templateRules);

/**
 * A built-in template: the custom rules plus a built-in style, 30 seconds and exactly 4 scenes,
 * three videos then the CTA image (a tuple, so `scenes[0]`…`scenes[3]` are typed).
 */
export const BuiltInTemplateSchema = z
  .strictObject({
    ...templateFields,
    style: z.enum(STYLES),
    totalDuration: z.literal(30),
    scenes: z.tuple([VideoSceneSchema, VideoSceneSchema, VideoSceneSchema, ImageSceneSchema], {
      error: 'A built-in template has exactly 4 scenes: three videos, then an image',
    }),
  })
  .superRefine(...templateRules);
