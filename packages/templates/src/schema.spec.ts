import { ErrorCode } from '@ad-pipeline/errors';
import { ZodError } from 'zod';
import { customTemplate, catchPipelineError } from '../test/helpers.js';
import {
  BuiltInTemplateSchema,
  SceneTemplateSchema,
  defineTemplate,
  getSceneTemplate,
  parseTemplate,
  templateJsonSchema,
  validateTemplate,
  type SceneTemplateData,
} from './index.js';

type Issue = { path: string; message: string };

/** The TEMPLATE_ERROR issues of parsing `template`, after asserting validateTemplate agrees. */
function issuesOf(template: unknown): Issue[] {
  expect(validateTemplate(template)).toBe(false);
  const error = catchPipelineError(() => parseTemplate(template));
  expect(error.code).toBe(ErrorCode.TEMPLATE_ERROR);
  expect(error.cause).toBeInstanceOf(ZodError);
  return error.details['issues'] as Issue[];
}

/** A valid custom template with `change` applied to a mutable copy. */
function customWith(change: (template: SceneTemplateData) => void): SceneTemplateData {
  const template = customTemplate();
  change(template);
  return template;
}

const videoScene = (id: number, duration: number) => ({
  ...customTemplate().scenes[0],
  id,
  duration,
});
const imageScene = (id: number, duration: number) => ({
  ...customTemplate().scenes[1],
  id,
  duration,
});

describe('validateTemplate / parseTemplate', () => {
  test('accept a valid custom template and return a typed, independent copy', () => {
    const input = customTemplate();
    expect(validateTemplate(input)).toBe(true);
    const parsed = parseTemplate(input);
    expect(parsed).toEqual(input);
    expect(parsed).not.toBe(input);
    parsed.scenes[0].duration = 99;
    expect(input.scenes[0].duration).toBe(5);
  });

  test('never throw from validateTemplate, whatever the input', () => {
    for (const value of [
      undefined,
      null,
      0,
      'luxury',
      [],
      {},
      { scenes: null },
      { scenes: [null, 1] },
    ]) {
      expect(validateTemplate(value)).toBe(false);
    }
  });

  test('reject a total that differs from the sum of durations', () => {
    const issues = issuesOf(customWith((t) => (t.totalDuration = 9)));
    expect(issues).toEqual([
      expect.objectContaining({
        path: 'totalDuration',
        message:
          'totalDuration must equal the sum of scene durations: totalDuration is 9 s but the scenes sum to 8 s',
      }),
    ]);
  });

  test('accept fractional durations whose sum has float noise', () => {
    const template = customWith((t) => {
      t.scenes = [videoScene(1, 0.1), videoScene(2, 0.2), imageScene(3, 0.3)].map((scene) => ({
        ...scene,
        textTiming: { start: 0, end: 0.1 },
      }));
      t.totalDuration = 0.6;
    });
    expect(validateTemplate(template)).toBe(true);
  });

  test('reject scene ids out of order', () => {
    const issues = issuesOf(customWith((t) => ((t.scenes[0].id = 2), (t.scenes[1].id = 1))));
    expect(issues).toEqual([
      expect.objectContaining({
        path: 'scenes[0].id',
        message: 'Scene ids must run 1..n in order: scene at position 1 has id 2, expected 1',
      }),
      expect.objectContaining({
        path: 'scenes[1].id',
        message: 'Scene ids must run 1..n in order: scene at position 2 has id 1, expected 2',
      }),
    ]);
  });

  test('reject a last scene that is not an image', () => {
    const issues = issuesOf(customWith((t) => (t.scenes = [imageScene(1, 3), videoScene(2, 5)])));
    expect(issues).toEqual([
      expect.objectContaining({
        path: 'scenes[1].type',
        message: 'The last scene must be an image (the static call-to-action card), not a video',
      }),
    ]);
  });

  test('reject 0 scenes and 9 scenes', () => {
    expect(issuesOf(customWith((t) => (t.scenes = [])))).toEqual([
      expect.objectContaining({ path: 'scenes', message: 'A template needs at least 1 scene' }),
    ]);
    const nine = customWith((t) => {
      t.scenes = [
        ...Array.from({ length: 8 }, (_, i) => videoScene(i + 1, 1)),
        imageScene(9, 1),
      ].map((scene) => ({
        ...scene,
        textTiming: { start: 0, end: 1 },
      }));
      t.totalDuration = 9;
    });
    expect(issuesOf(nine)).toEqual([
      expect.objectContaining({ path: 'scenes', message: 'A template has at most 8 scenes' }),
    ]);
  });

  test('accept 1 scene (a lone image) and 8 scenes', () => {
    expect(
      validateTemplate(
        customWith((t) => ((t.scenes = [imageScene(1, 8)]), (t.scenes[0].textTiming.end = 3))),
      ),
    ).toBe(true);
    const eight = customWith((t) => {
      t.scenes = [...Array.from({ length: 7 }, (_, i) => videoScene(i + 1, 5)), imageScene(8, 5)];
      t.totalDuration = 40;
    });
    expect(validateTemplate(eight)).toBe(true);
  });

  test('reject negative and zero durations (and report the sum too)', () => {
    const issues = issuesOf(customWith((t) => (t.scenes[0].duration = -5)));
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          path: 'scenes[0].duration',
          message: 'Scene duration must be positive (seconds)',
        }),
        expect.objectContaining({ path: 'totalDuration' }),
      ]),
    );
    expect(issuesOf(customWith((t) => (t.scenes[1].duration = 0)))).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'scenes[1].duration' })]),
    );
  });

  test('list every issue at once, field and cross-field alike', () => {
    const broken = customWith((t) => {
      t.aspectRatio = '16:9' as never;
      t.scenes[0].id = 7;
      t.scenes[1].textStyle.color = 'red';
      t.totalDuration = 10;
    });
    const issues = issuesOf(broken);
    expect(issues.map(({ path }) => path).sort()).toEqual(
      ['aspectRatio', 'scenes[0].id', 'scenes[1].textStyle.color', 'totalDuration'].sort(),
    );
    const error = catchPipelineError(() => parseTemplate(broken));
    expect(error.message).toMatch(/^Invalid template \(4 issues\): /);
    expect(error.message).toContain(
      'scenes[1].textStyle.color: color must be a #RRGGBB hex colour',
    );
  });

  test('reject unknown keys, overlays timed past their scene, and timing that ends before it starts', () => {
    const issues = issuesOf(
      customWith((t) => {
        (t.scenes[0] as Record<string, unknown>)['videoPrompt'] = 'typo';
        t.scenes[1].textTiming = { start: 1, end: 3.5 };
        t.scenes[0].textTiming = { start: 2, end: 1 };
      }),
    );
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          path: 'scenes[0]',
          message: expect.stringContaining('videoPrompt'),
        }),
        expect.objectContaining({
          path: 'scenes[0].textTiming.end',
          message: 'textTiming.start must be before textTiming.end',
        }),
        expect.objectContaining({
          path: 'scenes[1].textTiming.end',
          message: 'Text timing must end within the scene: ends at 3.5 s but scene 2 lasts 3 s',
        }),
      ]),
    );
  });

  test('reject a video scene with an image prompt (discriminated on type)', () => {
    const issues = issuesOf(customWith((t) => (t.scenes[1].type = 'video')));
    expect(issues.map(({ path }) => path)).toEqual(
      expect.arrayContaining(['scenes[1].videoPromptTemplate']),
    );
  });
});

describe('BuiltInTemplateSchema', () => {
  test('is stricter than the custom schema: exactly 4 scenes, 30 s, a built-in style', () => {
    const custom = customTemplate();
    expect(SceneTemplateSchema.safeParse(custom).success).toBe(true);
    const paths = BuiltInTemplateSchema.safeParse(custom).error?.issues.map(({ path }) =>
      path.join('.'),
    );
    expect(paths).toEqual(expect.arrayContaining(['style', 'totalDuration', 'scenes']));
  });

  test('rejects a built-in with a fifth scene', () => {
    const luxury = parseTemplate(getSceneTemplate('luxury'));
    luxury.scenes.push({ ...luxury.scenes[3], id: 5 });
    expect(BuiltInTemplateSchema.safeParse(luxury).success).toBe(false);
  });
});

describe('defineTemplate', () => {
  test('returns a deep-frozen copy that registers nothing globally', () => {
    const input = customTemplate();
    const template = defineTemplate(input);
    expect(template).toEqual(input);
    expect(Object.isFrozen(template)).toBe(true);
    expect(Object.isFrozen(template.scenes[0].textStyle)).toBe(true);
    expect(Object.isFrozen(input)).toBe(false);
    input.scenes[0].voiceoverTemplate = 'changed later';
    expect(template.scenes[0].voiceoverTemplate).toBe('[hook line]');
    expect(() => getSceneTemplate('teaser')).toThrow(
      expect.objectContaining({ code: ErrorCode.INVALID_STYLE }),
    );
  });

  test('throws TEMPLATE_ERROR listing every issue', () => {
    const error = catchPipelineError(() =>
      defineTemplate(customWith((t) => ((t.scenes[0].duration = -1), (t.style = '')))),
    );
    expect(error.code).toBe(ErrorCode.TEMPLATE_ERROR);
    expect((error.details['issues'] as Issue[]).map(({ path }) => path)).toEqual(
      expect.arrayContaining(['style', 'scenes[0].duration', 'totalDuration']),
    );
  });
});

describe('templateJsonSchema', () => {
  test('describes the template for other services and LLM structured output', () => {
    const schema = templateJsonSchema() as {
      $schema: string;
      type: string;
      required: string[];
      additionalProperties: boolean;
      properties: Record<
        string,
        {
          minItems?: number;
          maxItems?: number;
          items: { oneOf: { properties: { type: { const: string } }; required: string[] }[] };
        }
      >;
    };
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.type).toBe('object');
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required.sort()).toEqual([
      'aspectRatio',
      'scenes',
      'style',
      'styleKeywords',
      'totalDuration',
    ]);
    expect(schema.properties['aspectRatio']).toMatchObject({ const: '9:16' });
    const scenes = schema.properties['scenes'];
    expect(scenes).toMatchObject({ type: 'array', minItems: 1, maxItems: 8 });
    const variants = scenes.items.oneOf;
    expect(variants.map((variant) => variant.properties.type.const).sort()).toEqual([
      'image',
      'video',
    ]);
    const video = variants.find((variant) => variant.properties.type.const === 'video');
    expect(video?.required).toEqual(
      expect.arrayContaining(['videoPromptTemplate', 'useProductImage', 'textTiming', 'textStyle']),
    );
  });

  test('returns a fresh object each call', () => {
    const first = templateJsonSchema() as Record<string, unknown>;
    first['type'] = 'string';
    expect(templateJsonSchema()['type']).toBe('object');
  });
});
