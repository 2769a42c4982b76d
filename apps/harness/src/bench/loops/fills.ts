import { STYLES, fillTemplate, getSceneTemplate } from '@ad-pipeline/templates';

/** Realistic inputs, rotated so no single string is special-cased by the JIT. */
const PRODUCTS = ['Aurora Night Serum', 'Velocity Runner 2', 'Café Crème Deluxe', 'Nimbus 空気 Purifier'];
const CTAS = ['Shop now', 'Get yours today', 'Try it free', 'Order now'];

/** Ours: `getSceneTemplate` + `fillTemplate`, cycling through the styles and inputs. */
export function createFill(): () => unknown {
  let turn = 0;
  return () => {
    const index = turn++ & 3;
    return fillTemplate(getSceneTemplate(STYLES[index]), PRODUCTS[index], CTAS[index]);
  };
}

/**
 * The peer: what a hand-rolled fill does with no validation: deep-copy the template,
 * replacing both placeholders literally in every string.
 */
export function createNaiveFill(): () => unknown {
  const templates = STYLES.map((style) => getSceneTemplate(style));
  let turn = 0;
  return () => {
    const index = turn++ & 3;
    return replaceDeep(templates[index], PRODUCTS[index], CTAS[index]);
  };
}

function replaceDeep(value: unknown, productName: string, ctaText: string): unknown {
  if (typeof value === 'string') return value.split('{product_name}').join(productName).split('{cta_text}').join(ctaText);
  if (Array.isArray(value)) return value.map((item) => replaceDeep(item, productName, ctaText));
  if (value && typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) copy[key] = replaceDeep(item, productName, ctaText);
    return copy;
  }
  return value;
}
