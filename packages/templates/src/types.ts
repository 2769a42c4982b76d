import type { z } from 'zod';
import type {
  BuiltInTemplateSchema,
  ImageSceneSchema,
  SceneTemplateSchema,
  TextStyleSchema,
  TextTimingSchema,
  VideoSceneSchema,
} from './schema.js';

/**
 * `T` with every nested property, array and tuple read-only: the type of a frozen template.
 * A homomorphic mapped type keeps tuples as tuples (`readonly [A, B]`), so a built-in's
 * `scenes[0]` stays defined under `noUncheckedIndexedAccess`.
 */
export type DeepReadonly<T> = T extends object
  ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
  : T;

/** A template as plain, mutable data: what `defineTemplate` accepts and `parseTemplate` returns. */
export type SceneTemplateData = z.output<typeof SceneTemplateSchema>;

/** A validated, deep-frozen template: built-in or from `defineTemplate`. */
export type SceneTemplate = DeepReadonly<z.output<typeof SceneTemplateSchema>>;

/**
 * A validated, deep-frozen built-in template: `style` is a `Style`, 30 s, and `scenes` a
 * 4-tuple `[VideoScene, VideoScene, VideoScene, ImageScene]`.
 */
export type BuiltInTemplate = DeepReadonly<z.output<typeof BuiltInTemplateSchema>>;

/** A video scene of a template. */
export type VideoScene = DeepReadonly<z.output<typeof VideoSceneSchema>>;

/** An image scene of a template. */
export type ImageScene = DeepReadonly<z.output<typeof ImageSceneSchema>>;

/** Any scene of a template. */
export type Scene = VideoScene | ImageScene;

/** Overlay timing in seconds from the scene start. */
export type TextTiming = DeepReadonly<z.output<typeof TextTimingSchema>>;

/** Overlay look. */
export type TextStyle = DeepReadonly<z.output<typeof TextStyleSchema>>;

/** A built-in template as plain data, before it is frozen. */
export type BuiltInTemplateData = z.input<typeof BuiltInTemplateSchema>;
