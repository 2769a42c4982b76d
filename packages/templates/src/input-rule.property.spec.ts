import { ErrorCode, getErrorInfo, isPipelineError, type PipelineError } from '@ad-pipeline/errors';
import fc from 'fast-check';
import { allStrings, customTemplate } from '../test/helpers.js';
import { isWellFormed, oracleVerdict } from '../test/input-rule-oracle.js';
import { anyCategoryCharacter } from '../test/unicode-categories.js';
import {
  FILL_LIMITS,
  STYLES,
  TEXT_LIMITS,
  applyScript,
  defineTemplate,
  fillTemplate,
  getSceneTemplate,
  listSlots,
  validateTemplate,
  type SceneTemplate,
  type SceneTemplateData,
} from './index.js';

const RUNS = 200;

// Everything that has broken templates before, mixed into text drawn from every category.
const SYNTAX = [
  '[',
  ']',
  '{',
  '}',
  '$',
  '$&',
  '$1',
  "$'",
  '$`',
  '$<x>',
  '[now]',
  '[social proof]',
  '[benefit statement]',
  '[hook line]',
  '[tagline]',
  '{product_name}',
  '{cta_text}',
];
const HOSTILE = [
  '\u200d',
  '\u0301',
  '👩‍👩‍👧',
  '🏴󠁧󠁢󠁳󠁣󠁴󠁿',
  '\u{e0041}',
  '\u202e',
  '\u2066',
  '\u200b',
  '\u3164',
  '\ud800',
  '\udc00',
  '\n',
  '\u2028',
];
const unit = fc.oneof(
  { weight: 6, arbitrary: anyCategoryCharacter() },
  { weight: 3, arbitrary: fc.constantFrom('a', 'Z', ' ', 'é', '漢', 'Lamp', 'ok') },
  { weight: 3, arbitrary: fc.constantFrom(...SYNTAX) },
  { weight: 1, arbitrary: fc.constantFrom(...HOSTILE) },
);
const text = (maxLength: number): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 8, arbitrary: fc.array(unit, { maxLength }).map((units) => units.join('')) },
    // Long runs: one base with thousands of marks or ZWJ links, or repeated syntax.
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          fc.constantFrom('a', '👩', ''),
          fc.constantFrom('\u0301', '\u200d👩', '_x', '!?', '{product_name}', '[x]', 'ab '),
          fc.integer({ min: 1, max: 3000 }),
        )
        .map(([base, repeated, count]) => base + repeated.repeat(count)),
    },
  );

// A custom template whose slots sit next to placeholders and whose keywords repeat one.
const custom = (): SceneTemplateData => {
  const template = customTemplate();
  template.styleKeywords = Array.from({ length: 20 }, () => '{product_name}').join(', ');
  template.scenes[0] = {
    ...template.scenes[0],
    voiceoverTemplate: '[hook line] {cta_text}',
    textOverlay: '{product_name} [tagline]',
  } as SceneTemplateData['scenes'][0];
  return template;
};
const TEMPLATES: SceneTemplate[] = [
  ...STYLES.map((style) => getSceneTemplate(style)),
  defineTemplate(custom()),
];
const templateArb = fc.constantFrom(...TEMPLATES);

const FIELD_LIMIT: Record<string, number> = {
  style: TEXT_LIMITS.style,
  styleKeywords: TEXT_LIMITS.styleKeywords,
  videoPromptTemplate: TEXT_LIMITS.prompt,
  imagePromptTemplate: TEXT_LIMITS.prompt,
  voiceoverTemplate: TEXT_LIMITS.voiceoverTemplate,
  textOverlay: TEXT_LIMITS.textOverlay,
  font: TEXT_LIMITS.textOverlay,
};
// At most 8 scenes of every field at its limit, plus the template fields and JSON syntax.
const MAX_TEMPLATE_JSON =
  8 * (2 * TEXT_LIMITS.prompt + 2 * TEXT_LIMITS.voiceoverTemplate + 600) + 2000;

/** Output checks for any template this package returns. */
function expectSound(template: SceneTemplate): void {
  for (const value of allStrings(template)) expect(isWellFormed(value)).toBe(true);
  const walk = (value: unknown, key: string): void => {
    if (typeof value === 'string') {
      expect(value.length).toBeLessThanOrEqual(FIELD_LIMIT[key] ?? 64);
    } else if (typeof value === 'object' && value !== null) {
      for (const [childKey, child] of Object.entries(value))
        walk(child, Array.isArray(value) ? key : childKey);
    }
  };
  walk(template, '');
  expect(JSON.stringify(template).length).toBeLessThanOrEqual(MAX_TEMPLATE_JSON);
  expect(validateTemplate(template)).toBe(true);
}

/** The PipelineError `run` throws (a client error unless `code` says which), or undefined. */
function thrownBy(run: () => unknown, code?: ErrorCode): PipelineError | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    expect(isPipelineError(error)).toBe(true);
    if (code) expect((error as PipelineError).code).toBe(code);
    else expect(getErrorInfo((error as PipelineError).code).category).toBe('client');
    return error as PipelineError;
  }
}

test(`fillTemplate: any text from every Unicode category gives a sound template with the author's slots, or a client error (${RUNS} runs)`, () => {
  let filledCount = 0;
  fc.assert(
    fc.property(templateArb, text(40), text(20), (template, name, cta) => {
      const nameVerdict = oracleVerdict(name, FILL_LIMITS.productName);
      const ctaVerdict = oracleVerdict(cta, FILL_LIMITS.ctaText);
      let filled: SceneTemplate | undefined;
      const error = thrownBy(() => (filled = fillTemplate(template, name, cta)));
      if (error) {
        // Refused only by the rule, or by a custom template's field limit.
        expect(
          nameVerdict !== 'ok' || ctaVerdict !== 'ok' || error.details['path'] !== undefined,
        ).toBe(true);
        return;
      }
      expect([nameVerdict, ctaVerdict]).toEqual(['ok', 'ok']);
      filledCount++;
      expectSound(filled as SceneTemplate);
      expect(listSlots(filled as SceneTemplate)).toEqual(listSlots(template));
    }),
    { numRuns: RUNS },
  );
  expect(filledCount).toBeGreaterThan(RUNS / 10);
});

test(`applyScript: any line fills exactly the author's slots, literally, or is refused (${RUNS} runs)`, () => {
  const LINE = { min: 1, max: Number.POSITIVE_INFINITY, maxUnits: TEXT_LIMITS.voiceoverTemplate };
  let scriptedCount = 0;
  fc.assert(
    fc.property(fc.constantFrom(...STYLES), text(30), text(30), (style, benefit, proof) => {
      const filled = fillTemplate(
        getSceneTemplate(style),
        'Watch [social proof] {cta_text}',
        'Buy [now] $&',
      );
      const authorSlots = listSlots(filled).map(({ slot }) => slot);
      let scripted: SceneTemplate | undefined;
      const error = thrownBy(
        () =>
          (scripted = applyScript(
            filled,
            { 'benefit statement': benefit, '[social proof]': proof },
            { wordsPerSecond: 1e6 },
          )),
      );
      const verdicts = [oracleVerdict(benefit, LINE), oracleVerdict(proof, LINE)];
      if (error) {
        if (error.code === ErrorCode.MISSING_REQUIRED_FIELD) {
          expect(authorSlots).toContain(error.details['slot']);
          expect(verdicts).toContain('empty');
        } else {
          expect(verdicts).toContain('invalid');
        }
        return;
      }
      expect(verdicts).toEqual(['ok', 'ok']);
      scriptedCount++;
      const result = scripted as SceneTemplate;
      expectSound(result);
      expect(listSlots(result)).toEqual([]);
      expect(result.scenes[1]?.voiceoverTemplate).toBe(benefit.trim());
      expect(result.scenes[2]?.voiceoverTemplate).toBe(proof.trim());
      expect(result.scenes[0]?.textOverlay).toBe('Watch [social proof] {cta_text}');
    }),
    { numRuns: RUNS },
  );
  expect(scriptedCount).toBeGreaterThan(RUNS / 10);
});

test(`defineTemplate: author text is held to the same rule, and its slots are exactly the bracketed names (${RUNS} runs)`, () => {
  const TEMPLATE_TEXT = { min: 0, max: Number.POSITIVE_INFINITY };
  fc.assert(
    fc.property(text(40), text(40), text(40), (overlay, voiceover, prompt) => {
      const data = customTemplate();
      data.scenes[0] = {
        ...data.scenes[0],
        textOverlay: overlay,
        voiceoverTemplate: voiceover,
        videoPromptTemplate: prompt,
      } as SceneTemplateData['scenes'][0];
      const ok = (value: string, maxUnits: number, min = 0) =>
        (value === '' && min === 0) ||
        oracleVerdict(
          value,
          { ...TEMPLATE_TEXT, min: Math.max(min, 1), maxUnits },
          { trim: false },
        ) === 'ok';
      const expected =
        ok(overlay, TEXT_LIMITS.textOverlay) &&
        ok(voiceover, TEXT_LIMITS.voiceoverTemplate) &&
        ok(prompt, TEXT_LIMITS.prompt, 1);
      expect(validateTemplate(data)).toBe(expected);
      let defined: SceneTemplate | undefined;
      const error = thrownBy(() => (defined = defineTemplate(data)), ErrorCode.TEMPLATE_ERROR);
      if (!expected) {
        expect(error?.code).toBe(ErrorCode.TEMPLATE_ERROR);
        return;
      }
      expect(error).toBeUndefined();
      expectSound(defined as SceneTemplate);
      const bracketed = (value: string) =>
        [...value.matchAll(/\[([^[\]\r\n]+)\]/g)].map((m) => (m[1] as string).trim());
      expect(listSlots(defined as SceneTemplate).map(({ slot }) => slot)).toEqual([
        ...bracketed(voiceover),
        ...bracketed(overlay),
        ...bracketed(data.scenes[1]?.voiceoverTemplate ?? ''),
        ...bracketed(data.scenes[1]?.textOverlay ?? ''),
      ]);
    }),
    { numRuns: RUNS },
  );
});

test(`the input rule agrees with its independent statement on common scripts and their edges (${RUNS * 3} runs)`, () => {
  // Code units the fast path takes, their neighbours it must not take, and everything else.
  const common = fc
    .oneof(
      fc.integer({ min: 0x20, max: 0x30f }),
      fc.integer({ min: 0x3030, max: 0x3110 }),
      fc.integer({ min: 0x4dff, max: 0x4e10 }),
      fc.integer({ min: 0x9ff0, max: 0xa010 }),
    )
    .map((cp) => String.fromCharCode(cp));
  const line = fc
    .array(fc.oneof({ weight: 9, arbitrary: common }, { weight: 1, arbitrary: unit }), {
      maxLength: 40,
    })
    .map((units) => units.join(''));
  fc.assert(
    fc.property(line, line, (name, cta) => {
      const verdicts = [
        oracleVerdict(name, FILL_LIMITS.productName),
        oracleVerdict(cta, FILL_LIMITS.ctaText),
      ];
      const error = thrownBy(() => fillTemplate(TEMPLATES[0] as SceneTemplate, name, cta));
      if (verdicts[0] !== 'ok') {
        expect(error?.details['field']).toBe('productName');
        expect(error?.code).toBe(
          verdicts[0] === 'empty' ? ErrorCode.MISSING_REQUIRED_FIELD : ErrorCode.INVALID_INPUT,
        );
      } else if (verdicts[1] !== 'ok') {
        expect(error?.details['field']).toBe('ctaText');
        expect(error?.code).toBe(
          verdicts[1] === 'empty' ? ErrorCode.MISSING_REQUIRED_FIELD : ErrorCode.INVALID_CTA,
        );
      } else {
        expect(error).toBeUndefined();
      }
    }),
    { numRuns: RUNS * 3 },
  );
});
