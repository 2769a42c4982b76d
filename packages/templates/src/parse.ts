import { ErrorCode, PipelineError, formatZodIssues } from '@ad-pipeline/errors';
import type { z } from 'zod';
import { deepFreeze } from './freeze.js';
import { SceneTemplateSchema } from './schema.js';
import { indexSlots } from './slot-index.js';
import { isTrusted, markTrusted } from './trusted.js';
import type { DeepReadonly, SceneTemplate, SceneTemplateData } from './types.js';

/**
 * Whether `value` is a valid template (built-in or custom). Always runs the schema, also on
 * templates this package returned. Never throws: a value that cannot be read (a throwing
 * getter, a revoked Proxy) is not a valid template.
 */
export function validateTemplate(value: unknown): boolean {
  try {
    return SceneTemplateSchema.safeParse(value).success;
  } catch {
    return false;
  }
}

/**
 * Validates `value` and returns a fresh, mutable copy typed as a template. The copy is read
 * once, so a Proxy or getter cannot change what was validated.
 *
 * @throws PipelineError `TEMPLATE_ERROR` with `details.issues` listing every issue found, or,
 *   when reading `value` throws (a getter, a Proxy trap), with that error as `cause`.
 */
export function parseTemplate(value: unknown): SceneTemplateData {
  let result: ReturnType<typeof SceneTemplateSchema.safeParse>;
  try {
    result = SceneTemplateSchema.safeParse(value);
  } catch (cause) {
    throw new PipelineError(
      ErrorCode.TEMPLATE_ERROR,
      'Invalid template: it could not be read (a property getter or Proxy trap threw)',
      { issues: [] },
      { cause },
    );
  }
  if (!result.success) {
    throw templateError(result.error);
  }
  return result.data;
}

/**
 * A custom template, validated and deep-frozen, usable with every function of this package.
 * Its `[slot]`s are the ones written in it now. Registers nothing: `getSceneTemplate` still
 * knows only the built-in styles.
 *
 * @throws PipelineError `TEMPLATE_ERROR` with `details.issues` listing every issue found.
 */
export function defineTemplate(custom: DeepReadonly<SceneTemplateData>): SceneTemplate {
  return trust(parseTemplate(custom));
}

/** Freezes a validated template and marks it trusted, its slots read from its author text. */
export function trust<T extends SceneTemplateData>(template: T): DeepReadonly<T> {
  const frozen = deepFreeze(template) as DeepReadonly<T>;
  return markTrusted(frozen, indexSlots(frozen));
}

/** `value` itself when this package already validated and froze it, else `defineTemplate(value)`. */
export function resolveTemplate(value: unknown): SceneTemplate {
  return isTrusted(value) ? value : defineTemplate(value as SceneTemplateData);
}

/** The `TEMPLATE_ERROR` for a failed parse, listing every issue. */
export function templateError(error: z.ZodError): PipelineError {
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
