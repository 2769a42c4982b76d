import { ErrorCode } from '@ad-pipeline/errors';
import { STYLES, getAvailableStyles, getSceneTemplate, isStyle } from './index.js';
import { catchPipelineError } from '../test/helpers.js';

test('STYLES lists the four styles in order', () => {
  expect(STYLES).toEqual(['luxury', 'energetic', 'minimal', 'bold']);
});

test('getAvailableStyles returns a fresh array each call', () => {
  const styles = getAvailableStyles();
  expect(styles).toEqual([...STYLES]);
  styles.pop();
  styles.push('nope' as never);
  expect(getAvailableStyles()).toEqual([...STYLES]);
  expect(getAvailableStyles()).not.toBe(getAvailableStyles());
});

test('isStyle accepts exactly the built-in styles', () => {
  for (const style of STYLES) expect(isStyle(style)).toBe(true);
  for (const other of [
    'Luxury',
    'luxury ',
    '',
    'toString',
    '__proto__',
    1,
    null,
    undefined,
    {},
    ['luxury'],
  ]) {
    expect(isStyle(other)).toBe(false);
  }
});

describe('getSceneTemplate', () => {
  test.each(['retro', 'LUXURY', '', 'constructor', '__proto__'])(
    'rejects %j with INVALID_STYLE listing the valid styles',
    (style) => {
      const error = catchPipelineError(() => getSceneTemplate(style));
      expect(error.code).toBe(ErrorCode.INVALID_STYLE);
      expect(error.details).toMatchObject({ field: 'style', validStyles: [...STYLES] });
      expect(error.message).toContain('luxury, energetic, minimal, bold');
    },
  );

  test('rejects non-strings too (plain JavaScript callers)', () => {
    for (const style of [undefined, null, 42, {}]) {
      expect(catchPipelineError(() => getSceneTemplate(style as never)).code).toBe(
        ErrorCode.INVALID_STYLE,
      );
    }
  });

  test('returns the same deep-frozen template on every call', () => {
    expect(getSceneTemplate('bold')).toBe(getSceneTemplate('bold'));
    const template = getSceneTemplate('luxury');
    expect(Object.isFrozen(template)).toBe(true);
    expect(Object.isFrozen(template.scenes)).toBe(true);
    for (const scene of template.scenes) {
      expect(Object.isFrozen(scene)).toBe(true);
      expect(Object.isFrozen(scene.textTiming)).toBe(true);
      expect(Object.isFrozen(scene.textStyle)).toBe(true);
    }
  });

  test('callers cannot change what a later call returns (mutation throws in strict mode)', () => {
    const template = getSceneTemplate('minimal') as unknown as {
      styleKeywords: string;
      scenes: { voiceoverTemplate: string; textStyle: { color: string } }[];
    };
    const before = JSON.stringify(template);
    expect(() => {
      template.styleKeywords = 'hacked';
    }).toThrow(TypeError);
    expect(() => {
      (template.scenes[0] as { voiceoverTemplate: string }).voiceoverTemplate = 'hacked';
    }).toThrow(TypeError);
    expect(() => {
      (template.scenes[0] as { textStyle: { color: string } }).textStyle.color = '#000000';
    }).toThrow(TypeError);
    expect(() => template.scenes.push(template.scenes[0] as never)).toThrow(TypeError);
    expect(JSON.stringify(getSceneTemplate('minimal'))).toBe(before);
  });
});
