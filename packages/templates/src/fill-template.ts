import { checkCtaText, checkProductName } from './fill-inputs.js';
import { applyFillPlan, compileFillPlan, type FillPlan } from './fill-plan.js';
import { resolveTemplate } from './parse.js';
import { markTrusted } from './trusted.js';
import type { SceneTemplate } from './types.js';

const PLACEHOLDER = /\{(product_name|cta_text)\}/;

// Templates are frozen, so a plan computed once per template stays valid. `null`: nothing to fill.
const plans = new WeakMap<SceneTemplate, FillPlan | null>();

function planFor(template: SceneTemplate): FillPlan | null {
  let plan = plans.get(template);
  if (plan === undefined) {
    plan = compileFillPlan(template, PLACEHOLDER) ?? null;
    plans.set(template, plan);
  }
  return plan;
}

/**
 * A new deep-frozen template with `{product_name}` and `{cta_text}` replaced, literally, in
 * every string. Inputs are trimmed; text in them that looks like a placeholder or a
 * `String.replace` pattern (`$&`, `$1`) stays exactly as typed. The input template is untouched.
 *
 * @param productName 1–80 user-perceived characters after trimming, no control characters.
 * @param ctaText 2–30 user-perceived characters after trimming, no control characters.
 * @throws ValidationError `MISSING_REQUIRED_FIELD` (empty), `INVALID_CTA` (bad CTA),
 *   `INVALID_INPUT` (bad product name, or a non-string), with `details.field`.
 * @throws PipelineError `TEMPLATE_ERROR` when `template` is not a valid template.
 */
export function fillTemplate<T extends SceneTemplate>(
  template: T,
  productName: string,
  ctaText: string,
): T {
  const values = {
    product_name: checkProductName(productName),
    cta_text: checkCtaText(ctaText),
  };
  const source = resolveTemplate(template) as T;
  const plan = planFor(source);
  return plan === null ? source : markTrusted(applyFillPlan(source, plan, values));
}
