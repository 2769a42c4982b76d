import { z } from 'zod';
import {
  formatIssuePath,
  formatZodIssues,
  fromZodError,
  isZodErrorLike,
  ValidationError,
} from './index.js';

const Brief = z.object({
  productName: z.string().min(1),
  style: z.enum(['bold', 'calm']),
  scenes: z.array(z.object({ text: z.string().max(5) })),
});

function zodErrorOf(input: unknown): z.ZodError {
  const result = Brief.safeParse(input);
  if (result.success) throw new Error('expected the input to be invalid');
  return result.error;
}

describe('fromZodError', () => {
  it('turns a real zod error into a ValidationError listing every issue', () => {
    const zodError = zodErrorOf({
      productName: '',
      style: 'loud',
      scenes: [{ text: 'way too long' }],
    });
    const error = fromZodError(zodError);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.cause).toBe(zodError);
    expect(error.details['field']).toBe('productName');
    expect(error.details['issues']).toEqual([
      { path: 'productName', message: expect.any(String), code: 'too_small' },
      { path: 'style', message: expect.any(String), code: 'invalid_value' },
      { path: 'scenes[0].text', message: expect.any(String), code: 'too_big' },
    ]);
    expect(error.message).toMatch(/^Invalid input: productName: .+ \(and 2 more issues\)$/);
  });

  it('never copies the rejected input', () => {
    const error = fromZodError(
      zodErrorOf({ productName: 'x', style: 'calm', scenes: [{ text: 'hunter2-secret' }] }),
    );
    expect(JSON.stringify(error.toJSON())).not.toContain('hunter2');
  });

  it('takes a client code and a message', () => {
    const error = fromZodError(zodErrorOf({}), {
      code: 'MISSING_REQUIRED_FIELD',
      message: 'brief incomplete',
    });
    expect([error.code, error.message]).toEqual(['MISSING_REQUIRED_FIELD', 'brief incomplete']);
  });

  it('leaves field out for a root issue', () => {
    const result = z.string().safeParse(1);
    const error = fromZodError(result.error as z.ZodError);
    expect(error.details['field']).toBeUndefined();
    expect(error.details['issues']).toEqual([
      { path: '', message: expect.any(String), code: 'invalid_type' },
    ]);
  });

  it('works on zod-3-shaped and hand-made errors alike', () => {
    const error = fromZodError({ issues: [{ path: ['ctaText'], message: 'Too long' }] });
    expect(error.message).toBe('Invalid input: ctaText: Too long');
    expect(error.details).toEqual({
      issues: [{ path: 'ctaText', message: 'Too long' }],
      field: 'ctaText',
    });
    expect(fromZodError({ issues: [] }).message).toBe('Invalid input');
  });
});

describe('formatIssuePath', () => {
  it.each([
    [[], ''],
    [['a'], 'a'],
    [['a', 'b', 0], 'a.b[0]'],
    [[0, 'x'], '[0].x'],
    [['headers', 'x-api-key'], 'headers["x-api-key"]'],
    [[Symbol('s')], '[Symbol(s)]'],
  ] as Array<[PropertyKey[], string]>)('%p → %p', (path, text) => {
    expect(formatIssuePath(path)).toBe(text);
  });
});

describe('formatZodIssues / isZodErrorLike', () => {
  it('formats without building an error', () => {
    expect(
      formatZodIssues({ issues: [{ path: ['scenes', 1], message: 'm', code: 'custom' }] }),
    ).toEqual([{ path: 'scenes[1]', message: 'm', code: 'custom' }]);
  });

  it('recognises zod errors structurally', () => {
    expect(isZodErrorLike(zodErrorOf({}))).toBe(true);
    expect(isZodErrorLike({ issues: [] })).toBe(false);
    expect(isZodErrorLike({ issues: [{ message: 'no path' }] })).toBe(false);
    expect(isZodErrorLike(new Error('x'))).toBe(false);
  });
});
