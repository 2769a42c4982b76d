export { applyScript, type ApplyScriptOptions, type Script } from './apply-script.js';
export { getSceneTemplate } from './catalog.js';
export { DEFAULT_PRICES, estimateCost, type CostEstimate, type Prices } from './cost.js';
export { FILL_LIMITS } from './fill-inputs.js';
export { fillTemplate } from './fill-template.js';
export { defineTemplate, parseTemplate, validateTemplate } from './parse.js';
export { templateJsonSchema } from './json-schema.js';
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
