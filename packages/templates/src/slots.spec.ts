import { ErrorCode } from '@ad-pipeline/errors';
import { catchPipelineError, customTemplate } from '../test/helpers.js';
import {
  STYLES,
  applyScript,
  defineTemplate,
  fillTemplate,
  getSceneTemplate,
  listSlots,
} from './index.js';

const filled = fillTemplate(getSceneTemplate('energetic'), 'Volt Runner', 'Shop now');
const script = {
  'benefit statement': 'Charges in ten minutes flat.',
  'social proof': 'Rated five stars by runners.',
};
const voiceovers = (template: typeof filled) =>
  template.scenes.map(({ voiceoverTemplate }) => voiceoverTemplate);

describe('listSlots', () => {
  test.each(STYLES)(
    '%s leaves [benefit statement] in scene 2 and [social proof] in scene 3',
    (style) => {
      const expected = [
        { slot: 'benefit statement', sceneId: 2, field: 'voiceoverTemplate' },
        { slot: 'social proof', sceneId: 3, field: 'voiceoverTemplate' },
      ];
      expect(listSlots(getSceneTemplate(style))).toEqual(expected);
      expect(listSlots(fillTemplate(getSceneTemplate(style), 'Acme', 'Go now'))).toEqual(expected);
    },
  );

  test('finds slots in overlays too, trims their names, and returns none once applied', () => {
    const template = defineTemplate({
      ...customTemplate(),
      scenes: customTemplate().scenes.map((scene) =>
        scene.id === 2 ? { ...scene, textOverlay: '[ price tag ] · {cta_text}' } : scene,
      ),
    });
    expect(listSlots(template)).toEqual([
      { slot: 'hook line', sceneId: 1, field: 'voiceoverTemplate' },
      { slot: 'price tag', sceneId: 2, field: 'textOverlay' },
    ]);
    const done = applyScript(template, { 'hook line': 'Meet it.', '[price tag]': '$19' });
    expect(listSlots(done)).toEqual([]);
    expect(done.scenes[1].textOverlay).toBe('$19 · {cta_text}');
  });
});

describe('applyScript', () => {
  test('fills slots by name, with or without brackets, literally and trimmed', () => {
    const result = applyScript(filled, {
      '[benefit statement]': '  Costs $& less, $1 a day.  ',
      'social proof': 'Loved by {cta_text} fans.',
    });
    expect(voiceovers(result)).toEqual([
      'Get ready for Volt Runner!',
      'Costs $& less, $1 a day.',
      'Loved by {cta_text} fans.',
      'Shop now',
    ]);
  });

  test('replaces a whole voiceover by scene id ("2" or 2)', () => {
    const result = applyScript(filled, {
      1: 'Here it is.',
      '2': 'Lighter than air.',
      'social proof': 'Runners agree.',
    });
    expect(voiceovers(result)).toEqual([
      'Here it is.',
      'Lighter than air.',
      'Runners agree.',
      'Shop now',
    ]);
  });

  test('returns a new deep-frozen template and leaves its input untouched', () => {
    const before = JSON.stringify(filled);
    const result = applyScript(filled, script);
    expect(JSON.stringify(filled)).toBe(before);
    expect(Object.isFrozen(result)).toBe(true);
    expect(Object.isFrozen(result.scenes[1])).toBe(true);
    expect(listSlots(filled)).toHaveLength(2);
  });

  test('a missing slot is MISSING_REQUIRED_FIELD naming the scene', () => {
    const error = catchPipelineError(() => applyScript(filled, { 'benefit statement': 'Fast.' }));
    expect(error.code).toBe(ErrorCode.MISSING_REQUIRED_FIELD);
    expect(error.details).toMatchObject({
      sceneId: 3,
      slot: 'social proof',
      field: 'voiceoverTemplate',
    });
    expect(error.message).toBe('Scene 3 needs a line for [social proof] (voiceoverTemplate)');
    const blank = catchPipelineError(() =>
      applyScript(filled, { ...script, 'social proof': '   ' }),
    );
    expect(blank.details).toMatchObject({ sceneId: 3 });
  });

  test('an overlong voiceover is INVALID_INPUT naming the scene, its words and its budget', () => {
    const words = (count: number) => Array.from({ length: count }, (_, i) => `word${i}`).join(' ');
    // Scene 2 lasts 8 s: 8 × 2.5 = 20 words.
    expect(
      voiceovers(applyScript(filled, { ...script, 'benefit statement': `${words(20)}.` }))[1],
    ).toMatch(/^word0/);
    const error = catchPipelineError(() =>
      applyScript(filled, { ...script, 'benefit statement': words(21) }),
    );
    expect(error.code).toBe(ErrorCode.INVALID_INPUT);
    expect(error.details).toMatchObject({ sceneId: 2, words: 21, maxWords: 20 });
    expect(error.message).toBe(
      'Scene 2 voiceover is too long: 21 words, but 8 s at 2.5 words/s fits at most 20',
    );
  });

  test('counts words, not punctuation or spaces, and CJK words too', () => {
    const spaced = `${'fast , '.repeat(10)}fast!`; // 11 words
    expect(() =>
      applyScript(filled, { ...script, 'benefit statement': spaced }, { wordsPerSecond: 11 / 8 }),
    ).not.toThrow();
    const cjk = catchPipelineError(() =>
      applyScript(
        filled,
        { ...script, 'benefit statement': '私は毎日この靴で走っています' },
        { wordsPerSecond: 0.25 },
      ),
    );
    expect(cjk.details['words']).toBeGreaterThan(2);
  });

  test('honours a custom words-per-second budget', () => {
    // At 1 word/s, scene 3 (10 s) fits 10 words.
    const ten = 'one two three four five six seven eight nine ten';
    expect(() =>
      applyScript(filled, { ...script, 'social proof': ten }, { wordsPerSecond: 1 }),
    ).not.toThrow();
    const error = catchPipelineError(() =>
      applyScript(filled, { ...script, 'social proof': `${ten} eleven` }, { wordsPerSecond: 1 }),
    );
    expect(error.details).toMatchObject({ sceneId: 3, words: 11, maxWords: 10 });
  });

  test('checks every scene, including the ones without slots', () => {
    // Scene 1 reads "Get ready for Volt Runner!": 5 words, over the 4 that 8 s allow at 0.5 words/s.
    const error = catchPipelineError(() =>
      applyScript(filled, { '2': 'Fast.', '3': 'Loved.' }, { wordsPerSecond: 0.5 }),
    );
    expect(error.details).toMatchObject({ sceneId: 1, words: 5, maxWords: 4 });
  });

  test('rejects a bad words-per-second value', () => {
    for (const wordsPerSecond of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, '2' as never]) {
      const error = catchPipelineError(() => applyScript(filled, script, { wordsPerSecond }));
      expect(error.code).toBe(ErrorCode.INVALID_INPUT);
      expect(error.details['field']).toBe('wordsPerSecond');
    }
  });

  test('unknown keys are INVALID_INPUT listing them and the valid keys', () => {
    const error = catchPipelineError(() =>
      applyScript(filled, { ...script, benefit: 'x', 9: 'y' }),
    );
    expect(error.code).toBe(ErrorCode.INVALID_INPUT);
    expect(error.details).toMatchObject({
      unknownKeys: ['9', 'benefit'],
      validKeys: ['benefit statement', 'social proof', '1', '2', '3', '4'],
    });
    expect(error.message).toContain('Unknown script keys "9", "benefit"');
  });

  test('a slot key made useless by a scene-id key is INVALID_INPUT', () => {
    const error = catchPipelineError(() =>
      applyScript(filled, { ...script, 2: 'Whole new line.' }),
    );
    expect(error.code).toBe(ErrorCode.INVALID_INPUT);
    expect(error.details['unusedKeys']).toEqual(['benefit statement']);
  });

  test('rejects a script that is not an object of strings', () => {
    expect(catchPipelineError(() => applyScript(filled, null as never)).code).toBe(
      ErrorCode.INVALID_INPUT,
    );
    expect(catchPipelineError(() => applyScript(filled, ['a'] as never)).code).toBe(
      ErrorCode.INVALID_INPUT,
    );
    const error = catchPipelineError(() =>
      applyScript(filled, { ...script, 'social proof': 42 as never }),
    );
    expect(error.code).toBe(ErrorCode.INVALID_INPUT);
    expect(error.details['key']).toBe('social proof');
  });
});
