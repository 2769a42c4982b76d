import { ErrorCode } from '@ad-pipeline/errors';
import { allStrings, catchPipelineError, customTemplate } from '../test/helpers.js';
import {
  FILL_LIMITS,
  STYLES,
  defineTemplate,
  fillTemplate,
  getSceneTemplate,
  validateTemplate,
  type SceneTemplate,
} from './index.js';

const luxury = getSceneTemplate('luxury');
const fill = (productName: string, ctaText: string) => fillTemplate(luxury, productName, ctaText);
const overlayOf = (template: ReturnType<typeof fill>, sceneId: number) =>
  template.scenes[sceneId - 1].textOverlay;
const errorOf = (productName: unknown, ctaText: unknown) =>
  catchPipelineError(() => fill(productName as string, ctaText as string));

describe('fillTemplate replaces placeholders', () => {
  test.each(STYLES)('%s: in every string of every scene, leaving none behind', (style) => {
    const template = getSceneTemplate(style);
    const filled = fillTemplate(template, 'Aurum Watch', 'Shop now');
    const strings = allStrings(filled);
    expect(strings.join('\n')).not.toMatch(/\{product_name\}|\{cta_text\}/);
    expect(filled.scenes[0].textOverlay).toBe('Aurum Watch');
    expect(filled.scenes[3].textOverlay).toBe('Shop now');
    const cta = filled.scenes[3];
    expect(cta.type === 'image' && cta.imagePromptTemplate).toContain('"Shop now"');
    expect(validateTemplate(filled)).toBe(true);
  });

  test('keeps everything else as it was', () => {
    const filled = fill('Aurum Watch', 'Shop now');
    expect(filled.scenes[0].voiceoverTemplate).toBe('Discover Aurum Watch.');
    // Unchanged frozen parts are shared, not copied.
    filled.scenes.forEach((scene, index) =>
      expect(scene.textStyle).toBe(luxury.scenes[index].textStyle),
    );
    const unfill = (text: string) =>
      text.replaceAll('Aurum Watch', '{product_name}').replaceAll('Shop now', '{cta_text}');
    expect(allStrings(filled).map(unfill)).toEqual(allStrings(luxury));
  });

  test.each([
    ['$&', 'Buy $& now'],
    ['$1', 'Get $1 off'],
    ['$`', 'Try $` it'],
    ["$'", "Grab $' it"],
    ['$$', 'Pay $$ less'],
    ['{cta_text}', 'Buy {product_name}'],
    ['$<name>', 'Go {cta_text}'],
  ])(
    'inserts %j and friends literally, never as a replacement pattern or placeholder',
    (token, ctaText) => {
      const productName = `Acme ${token} Pro`;
      const filled = fill(productName, ctaText);
      expect(overlayOf(filled, 1)).toBe(productName);
      expect(overlayOf(filled, 4)).toBe(ctaText);
      expect(filled.scenes[0].voiceoverTemplate).toBe(`Discover ${productName}.`);
      expect(filled.scenes[3].voiceoverTemplate).toBe(`${productName}. ${ctaText}`);
    },
  );

  test('trims both inputs', () => {
    const filled = fill('  \t Aurum Watch \n', '\u00a0 Shop now \u3000');
    expect(overlayOf(filled, 1)).toBe('Aurum Watch');
    expect(overlayOf(filled, 4)).toBe('Shop now');
  });

  test('leaves the input template untouched and returns a deep-frozen new one', () => {
    const before = JSON.stringify(luxury);
    const filled = fill('Aurum Watch', 'Shop now');
    expect(filled).not.toBe(luxury);
    expect(JSON.stringify(luxury)).toBe(before);
    expect(Object.isFrozen(filled)).toBe(true);
    expect(Object.isFrozen(filled.scenes)).toBe(true);
    filled.scenes.forEach((scene) => expect(Object.isFrozen(scene)).toBe(true));
    expect(() => ((filled as { style: string }).style = 'bold')).toThrow(TypeError);
    expect(overlayOf(fill('Other', 'Go now'), 1)).toBe('Other');
  });

  test('fills custom templates: from defineTemplate, or plain objects (validated first, never mutated)', () => {
    const plain = customTemplate();
    const before = JSON.stringify(plain);
    const fromPlain = fillTemplate(plain as unknown as SceneTemplate, 'Nimbus', 'Try it');
    expect(fromPlain.scenes[0].textOverlay).toBe('Nimbus');
    expect(JSON.stringify(plain)).toBe(before);
    expect(Object.isFrozen(plain)).toBe(false);
    expect(fillTemplate(defineTemplate(plain), 'Nimbus', 'Try it')).toEqual(fromPlain);
  });

  test('validates a frozen plain template too: only its own results are trusted', () => {
    const frozen = Object.freeze({ ...customTemplate(), totalDuration: 3 });
    const error = catchPipelineError(() =>
      fillTemplate(frozen as unknown as SceneTemplate, 'Nimbus', 'Try it'),
    );
    expect(error.code).toBe(ErrorCode.TEMPLATE_ERROR);
  });

  test('returns a template with nothing left to fill as is', () => {
    const filled = fill('Aurum Watch', 'Shop now');
    expect(fillTemplate(filled, 'Other', 'Go now')).toBe(filled);
  });

  test('rejects an invalid plain template with TEMPLATE_ERROR', () => {
    const broken = { ...customTemplate(), totalDuration: 3 };
    const error = catchPipelineError(() =>
      fillTemplate(broken as unknown as SceneTemplate, 'Nimbus', 'Try it'),
    );
    expect(error.code).toBe(ErrorCode.TEMPLATE_ERROR);
  });
});

describe('fillTemplate input rules', () => {
  const text = (length: number, unit = 'a') => unit.repeat(length);

  test('exposes its limits', () => {
    expect(FILL_LIMITS).toEqual({
      productName: { min: 1, max: 80, maxUnits: 1280 },
      ctaText: { min: 2, max: 30, maxUnits: 480 },
    });
  });

  test.each([1, 2, 79, 80])('accepts a %i-character product name', (length) => {
    expect(overlayOf(fill(text(length), 'Go now'), 1)).toBe(text(length));
  });

  test.each([2, 3, 29, 30])('accepts a %i-character CTA', (length) => {
    expect(overlayOf(fill('Acme', text(length, 'b')), 4)).toBe(text(length, 'b'));
  });

  test('an empty or blank product name is MISSING_REQUIRED_FIELD', () => {
    for (const blank of ['', '   ', '\t\n']) {
      const error = errorOf(blank, 'Go now');
      expect(error.code).toBe(ErrorCode.MISSING_REQUIRED_FIELD);
      expect(error.details['field']).toBe('productName');
      expect(error.message).toBe('Product name is required (1–80 characters)');
    }
  });

  test('an empty or blank CTA is MISSING_REQUIRED_FIELD', () => {
    const error = errorOf('Acme', '  ');
    expect(error.code).toBe(ErrorCode.MISSING_REQUIRED_FIELD);
    expect(error.details['field']).toBe('ctaText');
    expect(error.message).toBe('CTA text is required (2–30 characters)');
  });

  test('an 81-character product name is INVALID_INPUT naming the limit', () => {
    const error = errorOf(text(81), 'Go now');
    expect(error.code).toBe(ErrorCode.INVALID_INPUT);
    expect(error.details).toMatchObject({ field: 'productName', min: 1, max: 80 });
    expect(error.message).toBe('Product name must be 1–80 characters long, got more than 80');
  });

  test('a 1- or 31-character CTA is INVALID_CTA naming the limit', () => {
    const short = errorOf('Acme', 'G');
    expect(short.code).toBe(ErrorCode.INVALID_CTA);
    expect(short.details).toMatchObject({ field: 'ctaText', min: 2, max: 30 });
    expect(short.message).toBe('CTA text must be 2–30 characters long, got 1');
    const long = errorOf('Acme', text(31));
    expect(long.code).toBe(ErrorCode.INVALID_CTA);
    expect(long.message).toBe('CTA text must be 2–30 characters long, got more than 30');
  });

  test('the limits count characters after trimming', () => {
    expect(overlayOf(fill(`  ${text(80)}  `, ' Go '), 4)).toBe('Go');
    expect(errorOf('Acme', ' G ').code).toBe(ErrorCode.INVALID_CTA);
  });

  describe('counts user-perceived characters', () => {
    const family = '👨‍👩‍👧‍👦';
    const flag = '🇫🇷';
    const accented = 'e\u0301'; // e + combining acute: one character, two code units
    const thumbs = '👍🏽';

    test.each([
      ['ZWJ family', family],
      ['flag', flag],
      ['combining accent', accented],
      ['skin-tone emoji', thumbs],
      ['CJK', '漢'],
      ['Hangul syllable from jamo', '\u1112\u1161\u11ab'],
    ])('a %s counts as 1', (_name, unit) => {
      expect(overlayOf(fill(unit.repeat(80), 'Go now'), 1)).toBe(unit.repeat(80));
      expect(errorOf(unit.repeat(81), 'Go now').code).toBe(ErrorCode.INVALID_INPUT);
      expect(overlayOf(fill('Acme', unit.repeat(30)), 4)).toBe(unit.repeat(30));
      expect(errorOf('Acme', unit.repeat(31)).code).toBe(ErrorCode.INVALID_CTA);
      expect(errorOf('Acme', unit).code).toBe(ErrorCode.INVALID_CTA);
      expect(overlayOf(fill('Acme', unit.repeat(2)), 4)).toBe(unit.repeat(2));
    });

    test('accents, CJK, RTL and emoji are all fine', () => {
      for (const name of [
        'Crème Brûlée',
        '東京ラーメン',
        'قهوة عربية',
        'Ñandú 🦤',
        'Zürich · Δέλτα',
      ]) {
        expect(overlayOf(fill(name, '今すぐ購入'), 1)).toBe(name);
      }
    });
  });

  test.each([
    ['NUL', '\u0000'],
    ['BEL', '\u0007'],
    ['LF', '\n'],
    ['TAB', '\t'],
    ['DEL', '\u007f'],
    ['NEL', '\u0085'],
    ['C1 CSI', '\u009b'],
    ['LINE SEPARATOR', '\u2028'],
    ['PARAGRAPH SEPARATOR', '\u2029'],
  ])('rejects %s inside either input', (_name, control) => {
    const codePoint = `U+${(control.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
    const product = errorOf(`Ac${control}me`, 'Go now');
    expect(product.code).toBe(ErrorCode.INVALID_INPUT);
    expect(product.details).toMatchObject({ field: 'productName', codePoint, index: 2 });
    expect(product.message).toBe(
      `Product name must not contain control, line-break, bidirectional-control, unpaired-surrogate or hidden characters (found ${codePoint} at index 2)`,
    );
    const cta = errorOf('Acme', `Go${control}now`);
    expect(cta.code).toBe(ErrorCode.INVALID_CTA);
    expect(cta.details).toMatchObject({ field: 'ctaText', codePoint });
  });

  test('rejects non-strings with INVALID_INPUT', () => {
    for (const value of [undefined, null, 42, {}, ['Acme'], Symbol('x')]) {
      const product = errorOf(value, 'Go now');
      expect(product.code).toBe(ErrorCode.INVALID_INPUT);
      expect(product.details['field']).toBe('productName');
      const cta = errorOf('Acme', value);
      expect(cta.code).toBe(ErrorCode.INVALID_INPUT);
      expect(cta.details['field']).toBe('ctaText');
    }
  });

  test('checks the product name before the CTA', () => {
    expect(errorOf('', '').details['field']).toBe('productName');
  });
});
