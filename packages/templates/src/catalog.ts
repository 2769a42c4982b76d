import { ErrorCode, ValidationError } from '@ad-pipeline/errors';
import { bold } from './built-in/bold.js';
import { energetic } from './built-in/energetic.js';
import { luxury } from './built-in/luxury.js';
import { minimal } from './built-in/minimal.js';
import { templateError, trust } from './parse.js';
import { BuiltInTemplateSchema } from './schema.js';
import { STYLES, isStyle, type Style } from './styles.js';
import type { BuiltInTemplate, BuiltInTemplateData } from './types.js';

// Validated and frozen once at load, like any template this package trusts: a broken built-in
// fails the import with TEMPLATE_ERROR instead of being handed out. Sharing one frozen object
// per style is safe and costs nothing per call.
/** A built-in's data, validated, frozen and trusted; else TEMPLATE_ERROR. Internal (tests). */
export const builtIn = (data: BuiltInTemplateData): BuiltInTemplate => {
  const result = BuiltInTemplateSchema.safeParse(data);
  if (!result.success) {
    throw templateError(result.error);
  }
  return trust(result.data);
};

const templates: Readonly<Record<Style, BuiltInTemplate>> = Object.freeze({
  luxury: builtIn(luxury),
  energetic: builtIn(energetic),
  minimal: builtIn(minimal),
  bold: builtIn(bold),
});

/**
 * The built-in template of `style`: deep-frozen, so no caller can change what a later call
 * returns. Typed `Style | (string & {})`: editors complete the four styles, and any string
 * (from a request, a CLI) is still accepted and checked at run time.
 *
 * @throws ValidationError `INVALID_STYLE` (with `details.validStyles`) for anything but a built-in style.
 */
export function getSceneTemplate(style: Style | (string & {})): BuiltInTemplate {
  if (!isStyle(style)) {
    throw new ValidationError(
      `Unknown style ${describe(style)}: expected one of ${STYLES.join(', ')}`,
      'style',
      { validStyles: [...STYLES] },
      { code: ErrorCode.INVALID_STYLE },
    );
  }
  return templates[style];
}

const describe = (value: unknown): string =>
  typeof value === 'string'
    ? JSON.stringify(value.slice(0, 40))
    : `(${value === null ? 'null' : typeof value})`;
