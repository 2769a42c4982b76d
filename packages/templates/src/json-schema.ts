import { z } from 'zod';
import { SceneTemplateSchema } from './schema.js';

/**
 * The template schema as JSON Schema (draft 2020-12), a fresh object per call, for other
 * services and LLM structured output. Cross-field rules (ids in order, last scene an image,
 * durations summing to `totalDuration`, text timing within its scene) cannot be expressed
 * in JSON Schema: `parseTemplate` enforces them.
 */
export function templateJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(SceneTemplateSchema) as Record<string, unknown>;
}
