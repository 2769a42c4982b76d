import { ErrorCode, isPipelineError } from '@ad-pipeline/errors';
import { catchPipelineError, customTemplate } from '../test/helpers.js';
import {
  STYLES,
  applyScript,
  defineTemplate,
  estimateCost,
  fillTemplate,
  getSceneTemplate,
  listSlots,
  parseTemplate,
  sceneAssetSpec,
  validateTemplate,
  type SceneTemplate,
} from './index.js';

const luxury = getSceneTemplate('luxury');
const SCRIPT = { 'benefit statement': 'Fast.', 'social proof': 'Loved.' };

describe('issue 5: validateTemplate answers for the value, not for a marker', () => {
  test('a filled template whose styleKeywords would exceed the schema max is never produced', () => {
    // 24 placeholders fit the 500-unit limit unfilled (24 × 12 + …); filled with a 100-unit
    // product name they would be 2,400+ units.
    const template = defineTemplate({
      ...customTemplate(),
      styleKeywords: Array.from({ length: 24 }, () => '{product_name}').join(', '),
    });
    const error = catchPipelineError(() => fillTemplate(template, 'P'.repeat(80), 'Go now'));
    expect(error.code).toBe(ErrorCode.INVALID_INPUT);
    expect(error.details).toMatchObject({ path: 'styleKeywords', maxLength: 500 });
    const short = fillTemplate(template, 'Pen', 'Go now');
    expect(validateTemplate(short)).toBe(true);
  });

  test.each(STYLES)('%s: every template this package returns passes the full schema', (style) => {
    const template = getSceneTemplate(style);
    const filled = fillTemplate(template, 'Aurum [x] {cta_text}', 'Go $& now');
    const scripted = applyScript(filled, SCRIPT);
    for (const value of [template, filled, scripted, defineTemplate(customTemplate())]) {
      expect(validateTemplate(value)).toBe(true);
    }
  });

  test('a trusted template wrapped in a Proxy that lies is judged by what it says', () => {
    const lying = new Proxy(luxury, {
      get: (target, key, receiver) =>
        key === 'styleKeywords' ? 'x'.repeat(2429) : Reflect.get(target, key, receiver),
    });
    expect(validateTemplate(lying)).toBe(false);
    expect(catchPipelineError(() => fillTemplate(lying, 'A', 'Go now')).code).toBe(
      ErrorCode.TEMPLATE_ERROR,
    );
  });

  test('a Proxy that answers differently on each read is validated and used as one snapshot', () => {
    let reads = 0;
    const data = customTemplate();
    const shifty = new Proxy(data, {
      get: (target, key, receiver) =>
        key === 'styleKeywords' && reads++ > 0
          ? '\u202e'.repeat(10)
          : Reflect.get(target, key, receiver),
    });
    const defined = defineTemplate(shifty);
    expect(defined.styleKeywords).toBe(data.styleKeywords);
    expect(validateTemplate(defined)).toBe(true);
  });
});

describe('issue 6: hostile objects give a PipelineError, never a bare Error', () => {
  const throwing = () =>
    Object.defineProperty({ ...customTemplate() }, 'scenes', {
      enumerable: true,
      get() {
        throw new Error('getter boom');
      },
    });
  const trapping = () =>
    new Proxy(customTemplate(), {
      ownKeys() {
        throw new Error('trap boom');
      },
      get() {
        throw new Error('trap boom');
      },
    });
  const revoked = () => {
    const { proxy, revoke } = Proxy.revocable(customTemplate(), {});
    revoke();
    return proxy;
  };
  const hostile: [string, () => unknown][] = [
    ['a throwing getter', throwing],
    ['a Proxy with throwing traps', trapping],
    ['a revoked Proxy', revoked],
  ];

  test.each(hostile)(
    '%s: validateTemplate is false, every other function TEMPLATE_ERROR',
    (_name, make) => {
      expect(validateTemplate(make())).toBe(false);
      const calls: (() => unknown)[] = [
        () => parseTemplate(make()),
        () => defineTemplate(make() as never),
        () => fillTemplate(make() as SceneTemplate, 'Acme', 'Go now'),
        () => listSlots(make() as SceneTemplate),
        () => applyScript(make() as SceneTemplate, SCRIPT),
        () => estimateCost(make() as SceneTemplate),
        () => sceneAssetSpec(make() as SceneTemplate, 1),
      ];
      for (const call of calls) {
        const error = catchPipelineError(call);
        expect(error.code).toBe(ErrorCode.TEMPLATE_ERROR);
        expect(error.cause).toBeInstanceOf(Error);
      }
    },
  );

  const throwingFields = () => {
    const value = {};
    for (const key of ['benefit statement', 'wordsPerSecond', 'perVideoSecond', 'asset']) {
      Object.defineProperty(value, key, {
        enumerable: true,
        get() {
          throw new Error('getter boom');
        },
      });
    }
    return value;
  };

  test.each([['throwing getters', throwingFields], ...hostile.slice(1)] as [
    string,
    () => unknown,
  ][])('%s as a script, options or price table: INVALID_INPUT with the cause', (_name, make) => {
    const filled = fillTemplate(luxury, 'Acme', 'Go now');
    for (const call of [
      () => applyScript(filled, make() as never),
      () => applyScript(filled, SCRIPT, make() as never),
      () => estimateCost(luxury, make() as never),
      () => sceneAssetSpec(luxury, 1, make() as never),
    ]) {
      const error = catchPipelineError(call);
      expect(error.code).toBe(ErrorCode.INVALID_INPUT);
      expect(error.cause).toBeInstanceOf(Error);
    }
  });

  test('null or non-object prices and options are INVALID_INPUT, not a TypeError', () => {
    for (const prices of [null, 42, 'cheap', ['x']]) {
      expect(catchPipelineError(() => estimateCost(luxury, prices as never)).code).toBe(
        ErrorCode.INVALID_INPUT,
      );
    }
    const filled = fillTemplate(luxury, 'Acme', 'Go now');
    expect(catchPipelineError(() => applyScript(filled, SCRIPT, null as never)).code).toBe(
      ErrorCode.INVALID_INPUT,
    );
  });

  test('inputs that are objects with toString tricks are refused as non-strings', () => {
    const sneaky = { toString: () => 'Acme' };
    const error = catchPipelineError(() => fillTemplate(luxury, sneaky as never, 'Go now'));
    expect(error.code).toBe(ErrorCode.INVALID_INPUT);
    expect(isPipelineError(error)).toBe(true);
  });

  test('a huge unknown script key is cut short in the message and details', () => {
    const filled = fillTemplate(luxury, 'Acme', 'Go now');
    const key = 'k'.repeat(100_000);
    const error = catchPipelineError(() => applyScript(filled, { ...SCRIPT, [key]: 'x' }));
    expect(error.code).toBe(ErrorCode.INVALID_INPUT);
    expect(error.message.length).toBeLessThan(400);
    expect((error.details['unknownKeys'] as string[])[0]).toHaveLength(61);
  });
});

describe('issue 6: prices must be finite and non-negative, and so must the result', () => {
  test.each([1e308, Number.MAX_VALUE, 1e306])(
    'perVideoSecond %d overflows: INVALID_INPUT',
    (price) => {
      const error = catchPipelineError(() => estimateCost(luxury, { perVideoSecond: price }));
      expect(error.code).toBe(ErrorCode.INVALID_INPUT);
      expect(error.details['field']).toBe('perVideoSecond');
    },
  );

  test('a large but finite estimate is returned, and serializes without null', () => {
    const cost = estimateCost(luxury, { perVideoSecond: 1e12, perImage: 1e12 });
    for (const value of Object.values(cost)) expect(Number.isFinite(value)).toBe(true);
    expect(JSON.stringify(cost)).not.toContain('null');
  });

  test.each([-0.01, -Infinity, Number.NaN, Infinity])('perImage %d: INVALID_INPUT', (price) => {
    expect(catchPipelineError(() => estimateCost(luxury, { perImage: price })).code).toBe(
      ErrorCode.INVALID_INPUT,
    );
  });
});
