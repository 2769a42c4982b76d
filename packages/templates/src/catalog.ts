import { ErrorCode, ValidationError } from '@ad-pipeline/errors';
import { bold } from './built-in/bold.js';
import { energetic } from './built-in/energetic.js';
import { luxury } from './built-in/luxury.js';
import { minimal } from './built-in/minimal.js';
import { deepFreeze } from './freeze.js';
import { STYLES, isStyle, type Style } from './styles.js';
import { markTrusted } from './trusted.js';
import type { BuiltInTemplate, BuiltInTemplateData } from './types.js';

// Frozen once at load: handing out the same object is safe and costs nothing per call.
const builtIn = (data: BuiltInTemplateData): BuiltInTemplate =>
  markTrusted(deepFreeze(data) as BuiltInTemplate);

const templates: Readonly<Record<Style, BuiltInTemplate>> = Object.freeze({
  luxury: builtIn(luxury),
  energetic: builtIn(energetic),
  minimal: builtIn(minimal),
  bold: builtIn(bold),
});

/**
 * The built-in template of `style`: deep-frozen, so no caller can change what a later call returns.
 *
 * @throws ValidationError `INVALID_STYLE` (with `details.validStyles`) for anything but a built-in style.
 */
export function getSceneTemplate(style: string): BuiltInTemplate {
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
