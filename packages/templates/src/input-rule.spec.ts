import { ErrorCode } from '@ad-pipeline/errors';
import { allStrings, catchPipelineError, customTemplate } from '../test/helpers.js';
import { isWellFormed } from '../test/input-rule-oracle.js';
import {
  FILL_LIMITS,
  MAX_UNITS_PER_CHARACTER,
  STYLES,
  TEXT_LIMITS,
  applyScript,
  defineTemplate,
  fillTemplate,
  getSceneTemplate,
  listSlots,
  validateTemplate,
  type SceneTemplateData,
} from './index.js';

const luxury = getSceneTemplate('luxury');
const SCRIPT = {
  'benefit statement': 'Hand-finished in Geneva.',
  'social proof': 'Loved by collectors.',
};
const AUTHOR_SLOTS = [
  { slot: 'benefit statement', sceneId: 2, field: 'voiceoverTemplate' },
  { slot: 'social proof', sceneId: 3, field: 'voiceoverTemplate' },
];

/** A custom template with `change` applied to its first scene (a video with a `[hook line]` voiceover). */
function customWithScene(change: Partial<SceneTemplateData['scenes'][0]>): SceneTemplateData {
  const template = customTemplate();
  template.scenes[0] = { ...template.scenes[0], ...change } as SceneTemplateData['scenes'][0];
  return template;
}

describe('issue 1: brackets, braces and $ in inputs stay text; only authors create slots', () => {
  test('a CTA "Buy [now]" is not a slot: applyScript needs only the author slots', () => {
    const filled = fillTemplate(luxury, 'Watch', 'Buy [now]');
    expect(listSlots(filled)).toEqual(AUTHOR_SLOTS);
    const scripted = applyScript(filled, SCRIPT);
    expect(scripted.scenes[3].textOverlay).toBe('Buy [now]');
    expect(scripted.scenes[3].voiceoverTemplate).toBe('Watch. Buy [now]');
    expect(listSlots(scripted)).toEqual([]);
  });

  test('a product "Watch [social proof]" is neither listed nor filled by the script', () => {
    const filled = fillTemplate(luxury, 'Watch [social proof]', 'Shop now');
    expect(listSlots(filled)).toEqual(AUTHOR_SLOTS);
    const scripted = applyScript(filled, SCRIPT);
    expect(scripted.scenes[0].textOverlay).toBe('Watch [social proof]');
    expect(scripted.scenes[0].voiceoverTemplate).toBe('Discover Watch [social proof].');
    expect(scripted.scenes[3].voiceoverTemplate).toBe('Watch [social proof]. Shop now');
    expect(scripted.scenes[2].voiceoverTemplate).toBe(SCRIPT['social proof']);
    const prompt = scripted.scenes[0].videoPromptTemplate;
    expect(prompt).toContain('Watch [social proof]');
  });

  test('a product "[benefit statement]" does not move the benefit line', () => {
    const filled = fillTemplate(luxury, '[benefit statement]', 'Shop now');
    const scripted = applyScript(filled, SCRIPT);
    expect(scripted.scenes[0].voiceoverTemplate).toBe('Discover [benefit statement].');
    expect(scripted.scenes[1].voiceoverTemplate).toBe(SCRIPT['benefit statement']);
    expect(scripted.scenes[3].voiceoverTemplate).toBe('[benefit statement]. Shop now');
  });

  test.each(STYLES)(
    '%s: inputs full of slot, placeholder and $ syntax leave the slot list alone',
    (style) => {
      const template = getSceneTemplate(style);
      for (const [name, cta] of [
        ['[a] [b] [benefit statement]', '[social proof]'],
        ['{cta_text} [x', 'y] $& $1'],
        ['[', ']['],
        ['$<x> $$ ${a}', '[[nested]]'],
      ] as const) {
        const filled = fillTemplate(template, name, cta);
        expect(listSlots(filled)).toEqual(listSlots(template));
        const scripted = applyScript(filled, SCRIPT, { wordsPerSecond: 10 });
        expect(scripted.scenes[0].textOverlay).toContain(name);
        expect(scripted.scenes[3].textOverlay).toContain(cta);
      }
    },
  );

  test('script lines with brackets stay text too, and leave no slot behind', () => {
    const filled = fillTemplate(luxury, 'Watch', 'Shop now');
    const scripted = applyScript(filled, {
      'benefit statement': 'Now [social proof] and [benefit statement] {cta_text} $&',
      'social proof': '[new slot]',
    });
    expect(scripted.scenes[1].voiceoverTemplate).toBe(
      'Now [social proof] and [benefit statement] {cta_text} $&',
    );
    expect(scripted.scenes[2].voiceoverTemplate).toBe('[new slot]');
    expect(listSlots(scripted)).toEqual([]);
  });

  test('an author slot next to a placeholder keeps working when the input has brackets', () => {
    const template = defineTemplate(
      customWithScene({
        textOverlay: '{product_name} [tagline]',
        voiceoverTemplate: 'Meet [hook line]',
      }),
    );
    const filled = fillTemplate(template, 'Lamp [tagline] [hook line]', 'Try it');
    expect(listSlots(filled)).toEqual([
      { slot: 'hook line', sceneId: 1, field: 'voiceoverTemplate' },
      { slot: 'tagline', sceneId: 1, field: 'textOverlay' },
    ]);
    const scripted = applyScript(filled, { 'hook line': 'it.', tagline: 'Bright.' });
    expect(scripted.scenes[0].textOverlay).toBe('Lamp [tagline] [hook line] Bright.');
    expect(scripted.scenes[0].voiceoverTemplate).toBe('Meet it.');
  });

  test('a placeholder inside an author slot name is filled; the slot stays one slot', () => {
    const template = defineTemplate(customWithScene({ voiceoverTemplate: '[why {product_name}]' }));
    const filled = fillTemplate(template, 'x] [y', 'Try it');
    expect(listSlots(filled)).toEqual([
      { slot: 'why x] [y', sceneId: 1, field: 'voiceoverTemplate' },
    ]);
    expect(applyScript(filled, { 'why x] [y': 'Because.' }).scenes[0].voiceoverTemplate).toBe(
      'Because.',
    );
  });
});

describe('issue 2: limits count characters and cap code units', () => {
  test('"A" + a million combining marks is refused, not one character', () => {
    const error = catchPipelineError(() =>
      fillTemplate(luxury, 'A' + '\u0301'.repeat(1_000_000), 'Go now'),
    );
    expect(error.code).toBe(ErrorCode.INVALID_INPUT);
    expect(error.details).toMatchObject({ field: 'productName', maxUnits: 1280 });
  });

  test('2,000 ZWJ-joined emoji are refused; so is one character over 32 code units', () => {
    const chain = Array.from({ length: 2000 }, () => '👩').join('\u200d');
    expect(catchPipelineError(() => fillTemplate(luxury, chain, 'Go now')).code).toBe(
      ErrorCode.INVALID_INPUT,
    );
    const zalgo = 'A' + '\u0301'.repeat(MAX_UNITS_PER_CHARACTER); // 33 units, one grapheme
    const error = catchPipelineError(() => fillTemplate(luxury, `Lamp ${zalgo}`, 'Go now'));
    expect(error.code).toBe(ErrorCode.INVALID_INPUT);
    expect(error.message).toContain('character of 33 UTF-16 code units at index 5');
    const ctaError = catchPipelineError(() => fillTemplate(luxury, 'Lamp', `Go ${zalgo}`));
    expect(ctaError.code).toBe(ErrorCode.INVALID_CTA);
    // 31 marks on a base (32 units) is the most one character may carry.
    const most = 'A' + '\u0301'.repeat(MAX_UNITS_PER_CHARACTER - 1);
    expect(fillTemplate(luxury, most, 'Go now').scenes[0].textOverlay).toBe(most);
  });

  test('the code-unit caps are exact: 1,280 for a product name, 480 for a CTA', () => {
    const family = '👨‍👩‍👧‍👦'; // 11 code units, one character
    const name = family.repeat(80); // 880 units, 80 characters: fine
    expect(fillTemplate(luxury, name, 'Go now').scenes[0].textOverlay).toBe(name);
    const flags = '🏴󠁧󠁢󠁳󠁣󠁴󠁿'; // 14 code units, one character
    const cta = flags.repeat(30); // 420 units
    expect(fillTemplate(luxury, 'Lamp', cta).scenes[3].textOverlay).toBe(cta);
    const heavy = ('e' + '\u0301'.repeat(15)).repeat(80); // 80 characters of 16 units = 1,280
    expect(fillTemplate(luxury, heavy, 'Go now').scenes[0].textOverlay).toBe(heavy);
    const error = catchPipelineError(() =>
      fillTemplate(luxury, `${heavy}`.slice(0, -16) + 'e' + '\u0301'.repeat(16), 'Go now'),
    );
    expect(error.details).toMatchObject({
      field: 'productName',
      maxUnits: FILL_LIMITS.productName.maxUnits,
    });
  });

  test('a custom template with thousands of placeholders is refused; one near the limit cannot overflow', () => {
    const many = customWithScene({ videoPromptTemplate: '{product_name}'.repeat(2001) });
    expect(catchPipelineError(() => defineTemplate(many)).code).toBe(ErrorCode.TEMPLATE_ERROR);
    expect(catchPipelineError(() => fillTemplate(many as never, 'A', 'Go now')).code).toBe(
      ErrorCode.TEMPLATE_ERROR,
    );
    // 285 placeholders fit the 4,000-unit prompt limit unfilled; filled, they must still fit.
    const template = defineTemplate(
      customWithScene({ videoPromptTemplate: '{product_name}'.repeat(285) }),
    );
    const fits = fillTemplate(template, 'Lamp', 'Go now');
    expect(fits.scenes[0].type === 'video' && fits.scenes[0].videoPromptTemplate).toBe(
      'Lamp'.repeat(285),
    );
    const error = catchPipelineError(() => fillTemplate(template, 'L'.repeat(80), 'Go now'));
    expect(error.code).toBe(ErrorCode.INVALID_INPUT);
    expect(error.details).toMatchObject({
      field: 'productName',
      path: 'scenes[0].videoPromptTemplate',
      length: 80 * 285,
      maxLength: TEXT_LIMITS.prompt,
    });
    const keywords = defineTemplate({
      ...customTemplate(),
      styleKeywords: '{cta_text}, '.repeat(41),
    });
    expect(catchPipelineError(() => fillTemplate(keywords, 'Lamp', 'x'.repeat(30))).code).toBe(
      ErrorCode.INVALID_CTA,
    );
  });

  test('every built-in filled with the longest inputs stays within every field limit', () => {
    const name = ('e' + '\u0301'.repeat(15)).repeat(80);
    const cta = ('o' + '\u0308'.repeat(15)).repeat(30);
    for (const style of STYLES) {
      const filled = fillTemplate(getSceneTemplate(style), name, cta);
      expect(validateTemplate(filled)).toBe(true);
      expect(JSON.stringify(filled).length).toBeLessThan(20_000);
    }
  });
});

describe('issue 3: invisible-only, unpaired-surrogate, control and bidi text is refused', () => {
  test.each([
    ['ZERO WIDTH SPACE', '\u200b'],
    ['WORD JOINER', '\u2060'],
    ['SOFT HYPHEN', '\u00ad'],
    ['HANGUL FILLER', '\u3164'],
    ['HALFWIDTH HANGUL FILLER', '\uffa0'],
    ['BRAILLE PATTERN BLANK', '\u2800'],
    ['ZWJ and variation selector', '\u200d\ufe0f'],
    ['combining marks alone', '\u0301\u0302'],
    ['MONGOLIAN VOWEL SEPARATOR', '\u180e'],
    ['a tag sequence alone', '\u{e0041}\u{e0042}'.replace(/.*/su, '\u2060\u2060')],
  ])('%s only: MISSING_REQUIRED_FIELD, as if empty', (_name, text) => {
    const product = catchPipelineError(() => fillTemplate(luxury, text.repeat(3), 'Go now'));
    expect(product.code).toBe(ErrorCode.MISSING_REQUIRED_FIELD);
    expect(product.details['field']).toBe('productName');
    expect(product.message).toContain('no visible character');
    const cta = catchPipelineError(() => fillTemplate(luxury, 'Lamp', text.repeat(3)));
    expect(cta.code).toBe(ErrorCode.MISSING_REQUIRED_FIELD);
    expect(cta.details['field']).toBe('ctaText');
  });

  test.each([
    ['a lone high surrogate', 'Aurum\ud800', 5],
    ['a lone low surrogate', 'Au\udc00rum', 2],
    ['a reversed pair', 'Au\udc00\ud800rum', 2],
    ['RIGHT-TO-LEFT OVERRIDE', 'Au\u202erum', 2],
    ['LEFT-TO-RIGHT EMBEDDING', 'Au\u202arum', 2],
    ['POP DIRECTIONAL FORMATTING', 'Au\u202crum', 2],
    ['RIGHT-TO-LEFT ISOLATE', 'Au\u2067rum', 2],
    ['POP DIRECTIONAL ISOLATE', 'Au\u2069rum', 2],
    ['RIGHT-TO-LEFT MARK', 'Au\u200frum', 2],
    ['ARABIC LETTER MARK', 'Au\u061crum', 2],
    ['INHIBIT SYMMETRIC SWAPPING', 'Au\u206arum', 2],
    ['INTERLINEAR ANNOTATION ANCHOR', 'Au\ufff9rum', 2],
    ['a noncharacter', 'Au\ufdd0rum', 2],
    ['a plane-end noncharacter', 'Au\u{1fffe}rum', 2],
    ['tag characters hiding text', 'Aurum\u{e0069}\u{e0067}\u{e006e}', 5],
    ['a tag sequence without CANCEL TAG', 'Au\u{1f3f4}\u{e0067}\u{e0062}rum', 4],
    ['ESC', 'Au\u001b[31mrum', 2],
    ['a line break', 'Au\nrum', 2],
    ['ZERO WIDTH SPACE inside a word', 'Au\u200brum', 2],
    ['WORD JOINER inside a word', 'Au\u2060rum', 2],
    ['a BOM inside a word', 'Au\ufeffrum', 2],
    ['a SOFT HYPHEN inside a word', 'Au\u00adrum', 2],
    ['an invisible operator', 'Au\u2062rum', 2],
    ['a Hangul filler beside letters', 'Au\u3164rum', 2],
    ['COMBINING GRAPHEME JOINER', 'Au\u034frum', 2],
  ])('%s is refused wherever it sits', (_name, text, index) => {
    const product = catchPipelineError(() => fillTemplate(luxury, text, 'Go now'));
    expect(product.code).toBe(ErrorCode.INVALID_INPUT);
    expect(product.details).toMatchObject({ field: 'productName', index });
    const cta = catchPipelineError(() => fillTemplate(luxury, 'Lamp', text));
    expect(cta.code).toBe(ErrorCode.INVALID_CTA);
  });

  test('what people really type is accepted: RTL, CJK, emoji, flags, ZWJ and ZWNJ inside words', () => {
    for (const name of [
      'قهوة عربية',
      'עברית 2',
      '東京ラーメン',
      'Ñandú 🦤',
      '🏴󠁧󠁢󠁳󠁣󠁴󠁿 Whisky',
      'می‌خواهم', // ZWNJ inside a Persian word
      '👩🏽‍💻 Dev Kit',
      'Crème\u00a0Brûlée',
      'ग्रीन टी',
    ]) {
      const filled = fillTemplate(luxury, name, 'Shop now');
      expect(filled.scenes[0].textOverlay).toBe(name);
      expect(allStrings(filled).every(isWellFormed)).toBe(true);
    }
  });
});

describe('issue 4: applyScript lines follow the same rule, and words count as read', () => {
  const filled = fillTemplate(luxury, 'Aurum', 'Shop now');

  test('a multi-line line with a control character is refused like a fillTemplate input', () => {
    const error = catchPipelineError(() =>
      applyScript(filled, { ...SCRIPT, 'benefit statement': 'line1\nline2 [new slot] \u0007' }),
    );
    expect(error.code).toBe(ErrorCode.INVALID_INPUT);
    expect(error.details).toMatchObject({
      field: 'script',
      key: 'benefit statement',
      codePoint: 'U+000A',
    });
    for (const bad of ['Fast\u202e.', 'Fast\ud800', 'Fa\u2028st', 'Fast\u{e0041}']) {
      expect(
        catchPipelineError(() => applyScript(filled, { ...SCRIPT, 'social proof': bad })).code,
      ).toBe(ErrorCode.INVALID_INPUT);
    }
  });

  test('an invisible-only line counts as missing; for a scene-id key it is refused', () => {
    const error = catchPipelineError(() =>
      applyScript(filled, { ...SCRIPT, 'social proof': '\u200b\u2060\u3164' }),
    );
    expect(error.code).toBe(ErrorCode.MISSING_REQUIRED_FIELD);
    expect(error.details).toMatchObject({ sceneId: 3, slot: 'social proof' });
    const scene = catchPipelineError(() => applyScript(filled, { ...SCRIPT, 1: '\u00ad\u00ad' }));
    expect(scene.code).toBe(ErrorCode.INVALID_INPUT);
    expect(scene.details['key']).toBe('1');
  });

  test('a line over 2,000 code units is refused before any counting', () => {
    const error = catchPipelineError(() =>
      applyScript(filled, { ...SCRIPT, 'social proof': 'a'.repeat(1_000_000) }),
    );
    expect(error.code).toBe(ErrorCode.INVALID_INPUT);
    expect(error.message).toContain('over the limit of 2000');
  });

  test.each([
    ['word_word_… (25,000 characters)', 'word_'.repeat(5000)],
    ['a_b_c × 21', Array.from({ length: 7 }, () => 'a_b_c').join(' ')],
    ['!? × 1,000', '!?'.repeat(1000)],
    ['!?!? × 11', Array.from({ length: 11 }, () => '!?!?').join(' ')],
    ['one 300-letter word', 'x'.repeat(300)],
    ['21 emoji', '🔥'.repeat(21)],
    ['a.b.a.b.… (280 characters)', 'a.b.'.repeat(70)],
    ...['.', ':', "'", '·', '’'].map(
      (mark) => [`25 words joined by ${mark}`, Array.from({ length: 25 }, () => 'abc').join(mark)] as [string, string],
    ),
  ])('%s does not fit an 8 s scene (20 words)', (_name, line) => {
    const error = catchPipelineError(() =>
      applyScript(filled, { ...SCRIPT, 'benefit statement': line }),
    );
    expect(error.code).toBe(ErrorCode.INVALID_INPUT);
    expect(error.details['sceneId'] ?? error.details['key']).toBeDefined();
  });

  test.each([
    ['Hand-finished in Geneva, accurate to two seconds a day.', 10],
    ['Wow!', 1],
    ['Wait... what?!', 4],
    ['snake_case_name', 3],
    ['50% off, $19 only 🔥', 6],
    ['fast , fast , fast', 3],
    ["Don't wait, we’re open", 4],
    ['rock’n’roll', 3],
    ['e.g. this', 3],
  ])('%j counts %i words', (line, words) => {
    const error = catchPipelineError(() =>
      applyScript(filled, { ...SCRIPT, 'benefit statement': line }, { wordsPerSecond: 0.001 }),
    );
    expect(error.details).toMatchObject({ sceneId: 1 });
    const scene2 = catchPipelineError(() =>
      applyScript(
        filled,
        { ...SCRIPT, 1: '', 'benefit statement': line },
        { wordsPerSecond: (words - 1) / 8 + 1e-6 },
      ),
    );
    expect(scene2.details).toMatchObject({ sceneId: 2, words });
  });
});

describe('custom templates follow the rule for their own text', () => {
  test.each([
    [
      'a control character in a prompt',
      { videoPromptTemplate: 'Vertical 9:16\u0007 {product_name}' },
    ],
    ['a line break in an overlay', { textOverlay: 'one\ntwo' }],
    ['an override in a voiceover', { voiceoverTemplate: '[hook line] \u202e' }],
    ['a lone surrogate in a prompt', { videoPromptTemplate: 'Vertical \ud800' }],
    ['an invisible-only overlay', { textOverlay: '\u200b' }],
    ['a prompt over 4,000 code units', { videoPromptTemplate: 'x'.repeat(4001) }],
    [
      'a prompt of 2,100 emoji: 4,200 code units though 2,100 code points',
      { videoPromptTemplate: '👩'.repeat(2100) },
    ],
    ['a character over 32 code units', { textOverlay: 'A' + '\u0301'.repeat(40) }],
  ])('%s is a TEMPLATE_ERROR, and validateTemplate says false', (_name, change) => {
    const template = customWithScene(change);
    expect(validateTemplate(template)).toBe(false);
    const error = catchPipelineError(() => defineTemplate(template));
    expect(error.code).toBe(ErrorCode.TEMPLATE_ERROR);
    expect((error.details['issues'] as { path: string }[])[0]?.path).toMatch(/^scenes\[0\]\./);
  });

  test('styleKeywords over 500 code units and a style with an override are TEMPLATE_ERRORs', () => {
    expect(validateTemplate({ ...customTemplate(), styleKeywords: 'k, '.repeat(200) })).toBe(false);
    expect(validateTemplate({ ...customTemplate(), style: 'te\u202easer' })).toBe(false);
  });

  test('an empty overlay or voiceover is still fine (a silent or text-free scene)', () => {
    expect(validateTemplate(customWithScene({ textOverlay: '', voiceoverTemplate: '' }))).toBe(
      true,
    );
  });
});
