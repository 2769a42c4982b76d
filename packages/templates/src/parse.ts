import { ErrorCode, PipelineError, formatZodIssues } from '@ad-pipeline/errors';
import type { z } from 'zod';
import { deepFreeze } from './freeze.js';
import { SceneTemplateSchema } from './schema.js';
import { isTrusted, markTrusted } from './trusted.js';
import type { DeepReadonly, SceneTemplate, SceneTemplateData } from './types.js';

/** Whether `value` is a valid template (built-in or custom). Never throws. */
export function validateTemplate(value: unknown): boolean {
  return isTrusted(value) || SceneTemplateSchema.safeParse(value).success;
}

/**
 * Validates `value` and returns a fresh, mutable copy typed as a template.
 *
 * @throws PipelineError `TEMPLATE_ERROR` with `details.issues` listing every issue found.
 */
export function parseTemplate(value: unknown): SceneTemplateData {
  const result = SceneTemplateSchema.safeParse(value);
  if (!result.success) {
    throw templateError(result.error);
  }
  return result.data;
}

/**
 * A custom template, validated and deep-frozen, usable with every function of this package.
 * Registers nothing: `getSceneTemplate` still knows only the built-in styles.
 *
 * @throws PipelineError `TEMPLATE_ERROR` with `details.issues` listing every issue found.
 */
export function defineTemplate(custom: DeepReadonly<SceneTemplateData>): SceneTemplate {
  return markTrusted(deepFreeze(parseTemplate(custom)));
}

/** `value` itself when this package already validated and froze it, else `defineTemplate(value)`. */
export function resolveTemplate(value: unknown): SceneTemplate {
  return isTrusted(value) ? value : defineTemplate(value as SceneTemplateData);
}

function templateError(error: z.ZodError): PipelineError {
  const issues = formatZodIssues(error);
  const summary = issues
    .map(({ path, message }) => `${path || '(template)'}: ${message}`)
    .join('; ');
  return new PipelineError(
    ErrorCode.TEMPLATE_ERROR,
    `Invalid template (${issues.length} ${issues.length === 1 ? 'issue' : 'issues'}): ${summary}`,
    { issues },
    { cause: error },
  );
}
