/**
 * Compile-time tests of the public types, checked by `nx run templates:typecheck` under
 * `noUncheckedIndexedAccess` and `exactOptionalPropertyTypes` (tsconfig.type-test.json).
 * Never run: a type regression is a compile error here, and each `@ts-expect-error` fails
 * the build if the line it guards starts to compile.
 */
import {
  defineTemplate,
  fillTemplate,
  getSceneTemplate,
  sceneAssetSpec,
  templateJsonSchema,
  type BuiltInTemplate,
  type ImageScene,
  type Scene,
  type SceneAssetSpec,
  type SceneTemplate,
  type Style,
  type TemplateJsonSchema,
  type VideoScene,
} from '../src/index.js';

type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assertType = <T extends true>(): T => true as T;

// getSceneTemplate: the four styles are offered (the parameter is not plain `string`), and any
// string is still accepted.
type StyleParameter = Parameters<typeof getSceneTemplate>[0];
export const offersStyles = assertType<Equal<Extract<StyleParameter, Style>, Style>>();
export const notPlainString = assertType<Equal<Equal<StyleParameter, string>, false>>();
const fromRequest: string = process.argv[2] ?? 'luxury';
export const anyString: BuiltInTemplate = getSceneTemplate(fromRequest);
// @ts-expect-error a number is not a style
getSceneTemplate(42);

// Built-in scenes are a 4-tuple: indexes 0–3 are defined and typed, 4 does not exist.
const filled = fillTemplate(getSceneTemplate('luxury'), 'Aurum', 'Shop now');
export const first: VideoScene = filled.scenes[0];
export const hook: string = filled.scenes[0].videoPromptTemplate;
export const cta: ImageScene = filled.scenes[3];
export const ctaPrompt: string = filled.scenes[3].imagePromptTemplate;
export const sceneCount: 4 = filled.scenes.length;
// @ts-expect-error there is no fifth scene
export const fifth = filled.scenes[4];
// @ts-expect-error scene 4 is an image, not a video
export const notVideo: string = filled.scenes[3].videoPromptTemplate;
// @ts-expect-error frozen: scenes are read-only
filled.scenes[0] = filled.scenes[1];
export const anyScene: Scene | undefined = filled.scenes.find(({ id }) => id === 2);

// A built-in is a SceneTemplate; a custom template's scenes are an array, checked when indexed.
export const asTemplate: SceneTemplate = filled;
declare const custom: ReturnType<typeof defineTemplate>;
// @ts-expect-error a custom template may have fewer scenes
export const unchecked: number = custom.scenes[1].id;
export const checked: number | undefined = custom.scenes[1]?.id;

// templateJsonSchema is a typed JSON Schema object.
const schema: TemplateJsonSchema = templateJsonSchema();
export const objectType: 'object' = schema.type;
export const required: string[] = schema.required;
export const maxLength: number | undefined =
  typeof schema.properties['styleKeywords'] === 'object'
    ? schema.properties['styleKeywords'].maxLength
    : undefined;

// sceneAssetSpec: a union told apart by kind; the visual spec always carries 9:16.
const spec: SceneAssetSpec = sceneAssetSpec(filled, 1);
if (spec.kind === 'audio') {
  const maxDuration: number = spec.maxDurationSec;
  void maxDuration;
} else {
  const ratio: '9:16' = spec.aspectRatio;
  const duration: number | undefined = spec.maxDurationSec;
  void [ratio, duration];
}

/** The shape of asset-manager's `expect` option (SPEC §6.5), written out: a spec must fit it. */
interface ExpectOption {
  kind?: 'video' | 'image' | 'audio';
  durationSec?: number;
  minDurationSec?: number;
  maxDurationSec?: number;
  aspectRatio?: string;
  aspectTolerance?: number;
  minWidth?: number;
  minHeight?: number;
  hasAudio?: boolean;
  hasVideo?: boolean;
}
export const usableAsExpect: ExpectOption = spec;
