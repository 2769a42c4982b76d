import { getErrorInfo, isPipelineError } from '@ad-pipeline/errors';
import fc from 'fast-check';
import { allStrings } from '../test/helpers.js';
import { oracleVerdict } from '../test/input-rule-oracle.js';
import { FILL_LIMITS, STYLES, fillTemplate, getSceneTemplate } from './index.js';

const RUNS = 1500;

// Text that mixes ordinary words with everything that has broken template filling before.
const tricky = fc.string({
  unit: fc.constantFrom(
    'a',
    'Z',
    ' ',
    '\t',
    '\u00a0',
    '{product_name}',
    '{cta_text}',
    '$&',
    '$1',
    '$`',
    "$'",
    '$$',
    '$<x>',
    '{',
    '}',
    '👨‍👩‍👧‍👦',
    '🇯🇵',
    'e\u0301',
    '漢',
    'é',
    '\u0007',
    '\n',
    '\u2028',
    '\u0085',
  ),
  maxLength: 40,
});
const anyText = fc.oneof(
  tricky,
  fc.string({ unit: 'grapheme', maxLength: 90 }),
  fc.string({ unit: 'binary', maxLength: 90 }),
  fc.string({ unit: 'grapheme-ascii', maxLength: 40 }),
);
const style = fc.constantFrom(...STYLES);

/** The input rule, computed independently (test/input-rule-oracle.ts). */
const acceptable = (text: string, limits: { min: number; max: number; maxUnits: number }) =>
  oracleVerdict(text, limits) === 'ok';

test('an accepted pair fills every placeholder with the trimmed inputs, verbatim', () => {
  fc.assert(
    fc.property(style, anyText, anyText, (name, productName, ctaText) => {
      fc.pre(
        acceptable(productName, FILL_LIMITS.productName) &&
          acceptable(ctaText, FILL_LIMITS.ctaText),
      );
      const template = getSceneTemplate(name);
      const filled = fillTemplate(template, productName, ctaText);
      const product = productName.trim();
      const cta = ctaText.trim();

      expect(filled.scenes[0].textOverlay).toBe(product);
      expect(filled.scenes[3].textOverlay).toBe(cta);
      const placeholder = /\{product_name\}|\{cta_text\}/;
      if (!placeholder.test(product) && !placeholder.test(cta)) {
        expect(allStrings(filled).join('\n')).not.toMatch(placeholder);
      }
      // Each placeholder became exactly its input, in the same place.
      const expected = allStrings(template).map((text) =>
        text
          .split(/(\{product_name\}|\{cta_text\})/)
          .map((part) => (part === '{product_name}' ? product : part === '{cta_text}' ? cta : part))
          .join(''),
      );
      expect(allStrings(filled)).toEqual(expected);
    }),
    { numRuns: RUNS },
  );
});

test('any other pair throws a PipelineError with a client code naming the field', () => {
  fc.assert(
    fc.property(style, anyText, anyText, (name, productName, ctaText) => {
      const productOk = acceptable(productName, FILL_LIMITS.productName);
      const ctaOk = acceptable(ctaText, FILL_LIMITS.ctaText);
      fc.pre(!productOk || !ctaOk);
      let thrown: unknown;
      try {
        fillTemplate(getSceneTemplate(name), productName, ctaText);
      } catch (error) {
        thrown = error;
      }
      expect(isPipelineError(thrown)).toBe(true);
      if (!isPipelineError(thrown)) return;
      expect(getErrorInfo(thrown.code).category).toBe('client');
      expect(thrown.details['field']).toBe(productOk ? 'ctaText' : 'productName');
      expect(thrown.code).toBe(
        oracleVerdict(
          productOk ? ctaText : productName,
          productOk ? FILL_LIMITS.ctaText : FILL_LIMITS.productName,
        ) === 'empty'
          ? 'MISSING_REQUIRED_FIELD'
          : productOk
            ? 'INVALID_CTA'
            : 'INVALID_INPUT',
      );
    }),
    { numRuns: RUNS },
  );
});
