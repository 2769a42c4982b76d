import { z } from 'zod';
import { SceneTemplateSchema } from './schema.js';

/** A JSON Schema object (draft 2020-12), as zod 4 writes it. */
export type JsonSchema = z.core.JSONSchema.JSONSchema;

/** The JSON Schema of a template: an object schema with its properties and required keys. */
export type TemplateJsonSchema = JsonSchema & {
  $schema: 'https://json-schema.org/draft/2020-12/schema';
  type: 'object';
  properties: Record<string, JsonSchema>;
  required: string[];
  additionalProperties: false;
};

/**
 * The template schema as JSON Schema (draft 2020-12), a fresh object per call, for other
 * services and LLM structured output. Field lengths (`maxLength`, in UTF-16 code units) are
 * included; the cross-field rules (ids in order, last scene an image, durations summing to
 * `totalDuration`, text timing within its scene) and the input rule on characters cannot be
 * expressed in JSON Schema: `parseTemplate` enforces them.
 */
export function templateJsonSchema(): TemplateJsonSchema {
  return z.toJSONSchema(SceneTemplateSchema) as TemplateJsonSchema;
}
