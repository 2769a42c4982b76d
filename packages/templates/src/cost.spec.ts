import { ErrorCode } from '@ad-pipeline/errors';
import { catchPipelineError, customTemplate } from '../test/helpers.js';
import {
  DEFAULT_PRICES,
  STYLES,
  defineTemplate,
  estimateCost,
  fillTemplate,
  getSceneTemplate,
} from './index.js';

test.each(STYLES)('%s costs 26 video seconds and 1 image: $1.31 at default prices', (style) => {
  const expected = {
    videoSeconds: 26,
    imageCount: 1,
    videoUsd: 1.3,
    imageUsd: 0.01,
    totalUsd: 1.31,
  };
  expect(estimateCost(getSceneTemplate(style))).toEqual(expected);
  expect(estimateCost(fillTemplate(getSceneTemplate(style), 'Acme', 'Go now'))).toEqual(expected);
});

test('the default price table is $0.05 per video second and $0.01 per image', () => {
  expect(DEFAULT_PRICES).toEqual({ perVideoSecond: 0.05, perImage: 0.01 });
  expect(Object.isFrozen(DEFAULT_PRICES)).toBe(true);
});

test('uses custom prices, each defaulting on its own', () => {
  const luxury = getSceneTemplate('luxury');
  expect(estimateCost(luxury, { perVideoSecond: 0.1, perImage: 0.04 })).toEqual({
    videoSeconds: 26,
    imageCount: 1,
    videoUsd: 2.6,
    imageUsd: 0.04,
    totalUsd: 2.64,
  });
  expect(estimateCost(luxury, { perImage: 0.5 }).totalUsd).toBe(1.8);
  expect(estimateCost(luxury, { perVideoSecond: 0, perImage: 0 }).totalUsd).toBe(0);
});

test('rounds to cents without float noise', () => {
  const custom = defineTemplate(customTemplate()); // 5 video seconds, 1 image
  expect(estimateCost(custom, { perVideoSecond: 0.06, perImage: 0.01 })).toMatchObject({
    videoUsd: 0.3,
    totalUsd: 0.31,
  });
  // 3 × 0.335 is 1.0049999999999999 in binary floating point; it is $1.005 and rounds up.
  const threeSeconds = defineTemplate({
    ...customTemplate(),
    totalDuration: 6,
    scenes: customTemplate().scenes.map((scene) => ({
      ...scene,
      duration: 3,
      textTiming: { start: 0, end: 3 },
    })),
  });
  expect(estimateCost(threeSeconds, { perVideoSecond: 0.335, perImage: 0 }).videoUsd).toBe(1.01);
  expect(estimateCost(threeSeconds, { perVideoSecond: 0.1, perImage: 0.2 })).toMatchObject({
    videoUsd: 0.3,
    imageUsd: 0.2,
    totalUsd: 0.5,
  });
});

test('rejects negative, non-finite or non-numeric prices', () => {
  const luxury = getSceneTemplate('luxury');
  for (const prices of [
    { perVideoSecond: -0.01 },
    { perImage: Number.NaN },
    { perImage: Number.POSITIVE_INFINITY },
    { perVideoSecond: '1' as never },
  ]) {
    const error = catchPipelineError(() => estimateCost(luxury, prices));
    expect(error.code).toBe(ErrorCode.INVALID_INPUT);
    expect(error.details['field']).toBe(Object.keys(prices)[0]);
  }
});
