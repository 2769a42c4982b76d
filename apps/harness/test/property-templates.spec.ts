import fc from 'fast-check';
import { ErrorCode, getErrorInfo, isPipelineError } from '@ad-pipeline/errors';
import { STYLES, applyScript, fillTemplate, getSceneTemplate, listSlots } from '@ad-pipeline/templates';

const RUNS = 1000;
const SLOT_RUNS = 300;
const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * The cases of the spec's input rule (SPEC §6.4, README "The input rule") that need no Unicode
 * tables to decide: text that must be refused (C0/C1 controls, line breaks, lone surrogates,
 * bidi overrides and isolates, blank after trimming, too many characters) and text that must be
 * accepted (printable ASCII with a letter, within the limits). Anything else may go either way
 * here; the package's own property tests pin it down.
 */
function verdict(raw: string, min: number, max: number): 'ok' | 'empty' | 'invalid' | 'either' {
  const text = raw.trim();
  if (text === '') return 'empty';
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/.test(text)) return 'invalid';
  if (/[\ud800-\udfff]/u.test(text)) return 'invalid';
  const length = [...segmenter.segment(text)].length;
  if (/^[\x20-\x7e]*[a-z0-9][\x20-\x7e]*$/i.test(text)) return length >= min && length <= max ? 'ok' : 'invalid';
  if (length > max) return 'invalid';
  return 'either';
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
        if (error === undefined) {
          // Accepted: verbatim, well-formed, and the author's slots only.
          expect([nameVerdict, ctaVerdict].every((v) => v === 'ok' || v === 'either')).toBe(true);
          expect(result).toEqual(expectedFill(template, name.trim(), cta.trim()));
          expect((JSON.stringify(result) as string & { isWellFormed(): boolean }).isWellFormed()).toBe(true);
          expect(listSlots(result as typeof template)).toEqual(listSlots(template));
          filled++;
          return;
        }
        expect([nameVerdict, ctaVerdict].every((v) => v === 'ok')).toBe(false);
        expect(isPipelineError(error)).toBe(true);
        const code = (error as { code: ErrorCode }).code;
        expect(getErrorInfo(code).category).toBe('client');
        const allowed = new Set<ErrorCode>();
        for (const [v, invalidCode] of [[nameVerdict, ErrorCode.INVALID_INPUT], [ctaVerdict, ErrorCode.INVALID_CTA]] as const) {
          if (v === 'empty' || v === 'either') allowed.add(ErrorCode.MISSING_REQUIRED_FIELD);
          if (v === 'invalid' || v === 'either') allowed.add(invalidCode);
        }
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

  test(`brackets, braces and $ typed into inputs and script lines never become slots (${SLOT_RUNS} runs)`, () => {
    const syntax = fc.constantFrom('[', ']', '{', '}', '$&', '[now]', '[social proof]', '[benefit statement]', '{cta_text}', '{product_name}', 'Lamp', ' ', 'é');
    const text = fc.array(syntax, { minLength: 1, maxLength: 4 }).map((parts) => `A ${parts.join('')}`);
    fc.assert(
      fc.property(fc.constantFrom(...STYLES), text, text, text, (style, name, benefit, proof) => {
        const template = getSceneTemplate(style);
        const filled = fillTemplate(template, name, 'Go [now] $&');
        expect(listSlots(filled)).toEqual(listSlots(template));
        const scripted = applyScript(filled, { 'benefit statement': benefit, 'social proof': proof }, { wordsPerSecond: 100 });
        expect(listSlots(scripted)).toEqual([]);
        expect(scripted.scenes[1].voiceoverTemplate).toBe(benefit.trim());
        expect(scripted.scenes[2].voiceoverTemplate).toBe(proof.trim());
        expect(scripted.scenes[0].textOverlay).toBe(name.trim());
      }),
      { numRuns: SLOT_RUNS },
    );
  });
});
