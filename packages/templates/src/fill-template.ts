import { ErrorCode, ValidationError } from '@ad-pipeline/errors';
import { checkCtaText, checkProductName } from './fill-inputs.js';
import { applyFillPlan, compileFillPlan, type FillPlan } from './fill-plan.js';
import { resolveTemplate } from './parse.js';
import { mapSlotIndex, type SlotIndex } from './slot-index.js';
import { FILL_LIMITS, TEXT_LIMITS } from './text-limits.js';
import { markTrusted, slotsOf } from './trusted.js';
import type { SceneTemplate } from './types.js';

const PLACEHOLDER = /\{(product_name|cta_text)\}/;
const PLACEHOLDERS = /\{(product_name|cta_text)\}/g;

type Values = Readonly<Record<'product_name' | 'cta_text', string>>;

/** A filled string that could outgrow its field's limit with long enough inputs. */
interface LengthBound {
  path: string;
  /** Code units of the string without its placeholders. */
  literal: number;
  products: number;
  ctas: number;
  max: number;
}

/** Everything `fillTemplate` needs about one frozen template, computed on its first fill. */
interface Filling {
  /** `null`: nothing to fill. */
  plan: FillPlan | null;
  /** Only the strings the longest allowed inputs could push over their limit (none for built-ins). */
  bounds: readonly LengthBound[];
  /** Whether text around the author's slots holds placeholders (else the slot index is reused). */
  slotsHavePlaceholders: boolean;
}

// Templates are frozen, so what is computed once per template stays valid.
const fillings = new WeakMap<SceneTemplate, Filling>();

function fillingFor(template: SceneTemplate): Filling {
  let filling = fillings.get(template);
  if (filling === undefined) {
    filling = {
      plan: compileFillPlan(template, PLACEHOLDER) ?? null,
      bounds: lengthBounds(template),
      slotsHavePlaceholders: slotsOf(template).some(({ pieces }) =>
        pieces.some((piece) => PLACEHOLDER.test(typeof piece === 'string' ? piece : piece.raw)),
      ),
    };
    fillings.set(template, filling);
  }
  return filling;
}

/**
 * A new deep-frozen template with `{product_name}` and `{cta_text}` replaced, literally, in
 * every string. Inputs are trimmed; text in them that looks like a placeholder, a slot or a
 * `String.replace` pattern (`{cta_text}`, `[now]`, `$&`) stays exactly as typed and never
 * becomes a slot: `listSlots` of the result lists the template author's slots only.
 *
 * Inputs follow the package's one input rule (README "The input rule"): trimmed, then 1–80
 * (product name) or 2–30 (CTA) user-perceived characters and at most 1,280 / 480 UTF-16 code
 * units (`FILL_LIMITS`), no character over 32 code units, no control, bidi-control, unpaired
 * surrogate, noncharacter or stray tag characters, and at least one visible character.
 *
 * @throws ValidationError `MISSING_REQUIRED_FIELD` (empty or invisible-only), `INVALID_CTA`
 *   (bad CTA), `INVALID_INPUT` (bad product name, or a non-string), with `details.field`; the
 *   same codes when a custom template repeats a placeholder so often that a filled string
 *   would exceed its `TEXT_LIMITS` field limit (`details.path`, `details.length`, `details.maxLength`).
 * @throws PipelineError `TEMPLATE_ERROR` when `template` is not a valid template.
 */
export function fillTemplate<T extends SceneTemplate>(
  template: T,
  productName: string,
  ctaText: string,
): T {
  const values: Values = {
    product_name: checkProductName(productName),
    cta_text: checkCtaText(ctaText),
  };
  const source = resolveTemplate(template) as T;
  const { plan, bounds, slotsHavePlaceholders } = fillingFor(source);
  if (plan === null) {
    return source;
  }
  for (const bound of bounds) {
    checkBound(bound, values);
  }
  const slots: SlotIndex = slotsHavePlaceholders
    ? mapSlotIndex(slotsOf(source), (text) => fillText(text, values))
    : slotsOf(source);
  return markTrusted(applyFillPlan(source, plan, values), slots);
}

// A replacer function (never a replacement string) keeps `$&` and friends in values literal.
const fillText = (text: string, values: Values): string =>
  text.replace(PLACEHOLDERS, (_whole, name: keyof Values) => values[name]);

// The limit of each field that may hold placeholders (`color` and the enums cannot).
const FIELD_LIMITS: Readonly<Record<string, number>> = {
  style: TEXT_LIMITS.style,
  styleKeywords: TEXT_LIMITS.styleKeywords,
  videoPromptTemplate: TEXT_LIMITS.prompt,
  imagePromptTemplate: TEXT_LIMITS.prompt,
  voiceoverTemplate: TEXT_LIMITS.voiceoverTemplate,
  textOverlay: TEXT_LIMITS.textOverlay,
  font: TEXT_LIMITS.font,
};

function lengthBounds(value: unknown, path = '', key = ''): LengthBound[] {
  if (typeof value === 'string') {
    const parts = value.split(PLACEHOLDER);
    if (parts.length === 1) return [];
    let literal = 0;
    let products = 0;
    let ctas = 0;
    parts.forEach((part, index) => {
      if (index % 2 === 0) literal += part.length;
      else if (part === 'product_name') products++;
      else ctas++;
    });
    const max = FIELD_LIMITS[key] ?? 0;
    const worst =
      literal + products * FILL_LIMITS.productName.maxUnits + ctas * FILL_LIMITS.ctaText.maxUnits;
    return worst <= max ? [] : [{ path, literal, products, ctas, max }];
  }
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([childKey, child]) =>
    lengthBounds(
      child,
      Array.isArray(value) ? `${path}[${childKey}]` : path ? `${path}.${childKey}` : childKey,
      Array.isArray(value) ? key : childKey,
    ),
  );
}

function checkBound(bound: LengthBound, values: Values): void {
  const { path, literal, products, ctas, max } = bound;
  const length = literal + products * values.product_name.length + ctas * values.cta_text.length;
  if (length > max) {
    const field = products > 0 ? 'productName' : 'ctaText';
    throw new ValidationError(
      `Filled ${path} would be ${length} UTF-16 code units, over its limit of ${max}: the template repeats ${products > 0 ? '{product_name}' : '{cta_text}'} too often for this input; shorten it`,
      field,
      { path, length, maxLength: max },
      { code: field === 'productName' ? ErrorCode.INVALID_INPUT : ErrorCode.INVALID_CTA },
    );
  }
}
