export { applyScript, type ApplyScriptOptions, type Script } from './apply-script.js';
export {
  ASSET_ASPECT_TOLERANCE,
  ASSET_DURATION_TOLERANCE_SEC,
  sceneAssetSpec,
  type SceneAssetRole,
  type SceneAssetSpec,
  type SceneAssetSpecOptions,
  type VisualAssetSpec,
  type VoiceoverAssetSpec,
} from './asset-spec.js';
export { getSceneTemplate } from './catalog.js';
export { DEFAULT_PRICES, estimateCost, type CostEstimate, type Prices } from './cost.js';
export { fillTemplate } from './fill-template.js';
export { defineTemplate, parseTemplate, validateTemplate } from './parse.js';
export { templateJsonSchema, type JsonSchema, type TemplateJsonSchema } from './json-schema.js';
export {
  BuiltInTemplateSchema,
  ImageSceneSchema,
  SceneSchema,
  SceneTemplateSchema,
  TEXT_ANIMATIONS,
  TEXT_POSITIONS,
  TextStyleSchema,
  TextTimingSchema,
  VideoSceneSchema,
} from './schema.js';
export { SLOT_FIELDS, listSlots, type Slot, type SlotField } from './slots.js';
export { STYLES, getAvailableStyles, isStyle, type Style } from './styles.js';
export { FILL_LIMITS, MAX_UNITS_PER_CHARACTER, TEXT_LIMITS } from './text-limits.js';
export type {
  BuiltInTemplate,
  DeepReadonly,
  ImageScene,
  Scene,
  SceneTemplate,
  SceneTemplateData,
  TextStyle,
  TextTiming,
  VideoScene,
} from './types.js';
