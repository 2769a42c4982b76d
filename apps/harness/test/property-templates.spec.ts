import fc from 'fast-check';
import { ErrorCode, getErrorInfo, isPipelineError } from '@ad-pipeline/errors';
import { STYLES, fillTemplate, getSceneTemplate } from '@ad-pipeline/templates';

const RUNS = 1000;
const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const FORBIDDEN = /[\p{Cc}\u2028\u2029]/u;

/** The spec's rule for one input: trimmed, min..max user-perceived characters, no control characters. */
function verdict(raw: string, min: number, max: number): 'ok' | 'empty' | 'invalid' {
  const text = raw.trim();
  if (text === '') return 'empty';
  if (FORBIDDEN.test(text)) return 'invalid';
  const length = [...segmenter.segment(text)].length;
  return length >= min && length <= max ? 'ok' : 'invalid';
}

/** The expected fill: every `{product_name}` / `{cta_text}` in every string replaced in one pass, literally. */
function expectedFill(value: unknown, name: string, cta: string): unknown {
  if (typeof value === 'string') return value.replace(/\{(product_name|cta_text)\}/g, (_, key: string) => (key === 'product_name' ? name : cta));
  if (Array.isArray(value)) return value.map((item) => expectedFill(item, name, cta));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, expectedFill(item, name, cta)]));
  }
  return value;
}

// Text that tries to break a naive fill: placeholders, String.replace patterns, padding, controls.
const tricky = fc.constantFrom('{product_name}', '{cta_text}', '$&', '$1', "$'", '$`', '$$', '{', '}', ' ', '\t', '\n', '\u0000', '\u2028', '\u200d', 'é', '👩‍👩‍👧', '東京');
function input(maxLength: number): fc.Arbitrary<string> {
  return fc.oneof(
    fc.string({ unit: 'grapheme', maxLength }),
    fc.string({ unit: 'binary', maxLength }),
    fc.array(fc.oneof(tricky, fc.string({ unit: 'grapheme-ascii', maxLength: 4 })), { maxLength: 12 }).map((parts) => parts.join('')),
  );
}

describe('property: template filling', () => {
  test(`random product names and CTAs fill verbatim or fail with a client error code (${RUNS} runs)`, () => {
    let filled = 0;
    fc.assert(
      fc.property(fc.constantFrom(...STYLES), input(90), input(36), (style, name, cta) => {
        const template = getSceneTemplate(style);
        const before = JSON.stringify(template);
        const nameVerdict = verdict(name, 1, 80);
        const ctaVerdict = verdict(cta, 2, 30);
        let result: unknown;
        let error: unknown;
        try {
          result = fillTemplate(template, name, cta);
        } catch (caught) {
          error = caught;
        }
        expect(JSON.stringify(template)).toBe(before);
        if (nameVerdict === 'ok' && ctaVerdict === 'ok') {
          expect(error).toBeUndefined();
          expect(result).toEqual(expectedFill(template, name.trim(), cta.trim()));
          filled++;
          return;
        }
        expect(isPipelineError(error)).toBe(true);
        const code = (error as { code: ErrorCode }).code;
        expect(getErrorInfo(code).category).toBe('client');
        const allowed = new Set<ErrorCode>();
        if (nameVerdict === 'empty') allowed.add(ErrorCode.MISSING_REQUIRED_FIELD);
        if (nameVerdict === 'invalid') allowed.add(ErrorCode.INVALID_INPUT);
        if (ctaVerdict === 'empty') allowed.add(ErrorCode.MISSING_REQUIRED_FIELD);
        if (ctaVerdict === 'invalid') allowed.add(ErrorCode.INVALID_CTA);
        expect(allowed).toContain(code);
      }),
      { numRuns: RUNS },
    );
    // The generators must exercise the success path, or the property proves little.
    expect(filled).toBeGreaterThan(RUNS / 10);
  });

  test(`a filled template has no placeholder left outside what the inputs typed (${RUNS} runs)`, () => {
    const plain = fc.string({ unit: 'grapheme-ascii', minLength: 2, maxLength: 30 }).filter((s) => !/[{}]/.test(s) && s.trim().length >= 2);
    fc.assert(
      fc.property(fc.constantFrom(...STYLES), plain, plain, (style, name, cta) => {
        const text = JSON.stringify(fillTemplate(getSceneTemplate(style), name, cta));
        expect(text).not.toMatch(/\{(product_name|cta_text)\}/);
        expect(text).toContain(JSON.stringify(name.trim()).slice(1, -1));
        expect(text).toContain(JSON.stringify(cta.trim()).slice(1, -1));
      }),
      { numRuns: RUNS },
    );
  });
});
