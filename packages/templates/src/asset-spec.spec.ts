import { ErrorCode } from '@ad-pipeline/errors';
import { catchPipelineError, customTemplate } from '../test/helpers.js';
import {
  ASSET_DURATION_TOLERANCE_SEC,
  STYLES,
  applyScript,
  defineTemplate,
  fillTemplate,
  getSceneTemplate,
  sceneAssetSpec,
  type SceneAssetSpec,
} from './index.js';

/** The keys of asset-manager's `expect` option (SPEC §6.5); it refuses any other key. */
const EXPECT_KEYS = new Set([
  'kind',
  'durationSec',
  'minDurationSec',
  'maxDurationSec',
  'aspectRatio',
  'aspectTolerance',
  'minWidth',
  'minHeight',
  'hasAudio',
  'hasVideo',
]);

describe.each(STYLES)('sceneAssetSpec of %s', (style) => {
  const template = getSceneTemplate(style);

  test('scenes 1–3 need a 9:16 clip of their duration ± 0.25 s', () => {
    expect(sceneAssetSpec(template, 1)).toEqual({
      kind: 'video',
      durationSec: 8,
      minDurationSec: 7.75,
      maxDurationSec: 8.25,
      aspectRatio: '9:16',
      aspectTolerance: 0.01,
      hasVideo: true,
    });
    expect(sceneAssetSpec(template, 3)).toMatchObject({
      kind: 'video',
      durationSec: 10,
      minDurationSec: 9.75,
      maxDurationSec: 10.25,
    });
  });

  test('scene 4 needs a 9:16 still image, with no duration', () => {
    expect(sceneAssetSpec(template, 4)).toEqual({
      kind: 'image',
      aspectRatio: '9:16',
      aspectTolerance: 0.01,
    });
  });

  test('a voiceover must be audio that fits its scene', () => {
    expect(sceneAssetSpec(template, 2, { asset: 'voiceover' })).toEqual({
      kind: 'audio',
      maxDurationSec: 8.25,
      hasAudio: true,
    });
  });

  test('is plain, fresh data with only expect-option keys, the same for filled templates', () => {
    const filled = applyScript(fillTemplate(template, 'Acme', 'Go now'), {
      'benefit statement': 'Fast.',
      'social proof': 'Loved.',
    });
    for (const id of [1, 2, 3, 4]) {
      const spec: SceneAssetSpec = sceneAssetSpec(template, id);
      expect(Object.getPrototypeOf(spec)).toBe(Object.prototype);
      expect(Object.isFrozen(spec)).toBe(false);
      expect(sceneAssetSpec(template, id)).not.toBe(spec);
      expect(JSON.parse(JSON.stringify(spec))).toEqual(spec);
      for (const key of Object.keys(spec)) expect(EXPECT_KEYS).toContain(key);
      expect(sceneAssetSpec(filled, id)).toEqual(spec);
    }
  });
});

test('custom templates: fractional durations, the tolerance documented as exported', () => {
  const template = defineTemplate({
    ...customTemplate(),
    totalDuration: 3.5,
    scenes: customTemplate().scenes.map((scene, index) => ({
      ...scene,
      duration: index === 0 ? 0.2 : 3.3,
      textTiming: { start: 0, end: 0.2 },
    })),
  });
  expect(ASSET_DURATION_TOLERANCE_SEC).toBe(0.25);
  expect(sceneAssetSpec(template, 1)).toMatchObject({
    minDurationSec: 0,
    maxDurationSec: 0.45,
  });
  expect(sceneAssetSpec(template, 2)).toMatchObject({ kind: 'image' });
  expect(sceneAssetSpec(template, 2, { asset: 'voiceover' })).toMatchObject({
    maxDurationSec: 3.55,
  });
});

test('an unknown scene id or asset is INVALID_INPUT listing the valid ones', () => {
  const template = getSceneTemplate('bold');
  for (const id of [0, 5, 1.5, Number.NaN, '1' as never, null as never]) {
    const error = catchPipelineError(() => sceneAssetSpec(template, id));
    expect(error.code).toBe(ErrorCode.INVALID_INPUT);
    expect(error.details).toMatchObject({ field: 'sceneId', validSceneIds: [1, 2, 3, 4] });
  }
  const error = catchPipelineError(() => sceneAssetSpec(template, 1, { asset: 'music' as never }));
  expect(error.details).toMatchObject({ field: 'asset' });
});

test('an invalid template is TEMPLATE_ERROR', () => {
  const error = catchPipelineError(() =>
    sceneAssetSpec({ ...customTemplate(), totalDuration: 99 } as never, 1),
  );
  expect(error.code).toBe(ErrorCode.TEMPLATE_ERROR);
});
