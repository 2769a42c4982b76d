import fc from 'fast-check';
import {
  APIError,
  categorizeError,
  computeRetryDelay,
  fromProviderError,
  fromProviderResponse,
  PipelineError,
  serializeError,
  shouldRetry,
  toPipelineError,
  ValidationError,
} from './index.js';

function hostileValues(): Array<[string, unknown]> {
  const throwing = Object.defineProperty({}, 'code', {
    enumerable: true,
    get() {
      throw new Error('getter');
    },
  });
  const trap = new Proxy(
    {},
    {
      get() {
        throw new Error('trap');
      },
      ownKeys() {
        throw new Error('trap');
      },
      getPrototypeOf() {
        throw new Error('trap');
      },
      has() {
        throw new Error('trap');
      },
    },
  );
  const { proxy: revoked, revoke } = Proxy.revocable({}, {});
  revoke();
  const cyclic: Record<string, unknown> = { message: 'loop' };
  cyclic['cause'] = cyclic;
  const symbolMessage = Object.assign(new Error('x'), { message: Symbol('m') });
  return [
    ['throwing getter', throwing],
    ['throwing Proxy', trap],
    ['revoked Proxy', revoked],
    ['cycle', cyclic],
    ['Symbol', Symbol('s')],
    ['Error with a Symbol message', symbolMessage],
    ['null', null],
    ['undefined', undefined],
    ['BigInt', 10n],
    ['function', () => 1],
    ['AggregateError of hostile members', new AggregateError([trap, revoked, throwing])],
    ['Error caused by a revoked Proxy', new Error('x', { cause: revoked })],
  ];
}

describe('nothing throws, whatever it is given', () => {
  it.each(hostileValues())('%s', (_name, value) => {
    expect(() => categorizeError(value)).not.toThrow();
    expect(() => shouldRetry(value)).not.toThrow();
    expect(() => toPipelineError(value)).not.toThrow();
    expect(() => toPipelineError(value, null)).not.toThrow();
    expect(() => PipelineError.fromJSON(value)).not.toThrow();
    expect(() => computeRetryDelay(0, value)).not.toThrow();
    expect(() => computeRetryDelay(0, value, null as never)).not.toThrow();
    expect(() => serializeError(value)).not.toThrow();
    expect(() => fromProviderError(value)).not.toThrow();
    expect(() => fromProviderResponse(value as never)).not.toThrow();
    const asDetails = value as Record<string, unknown>;
    const built = [
      () => new PipelineError('INTERNAL_ERROR', value as string, asDetails, value as never),
      () => new ValidationError(value as string, value as string, asDetails, value as never),
      () => new APIError(value as string, value as string, value as number, asDetails, value as never),
    ];
    for (const build of built) {
      expect(build).not.toThrow();
      const error = build();
      expect(() => JSON.stringify(error)).not.toThrow();
      expect(() => error.toResponseBody()).not.toThrow();
      expect(() => error.toProblemDetails(value as never)).not.toThrow();
      expect(() => error.log({ warn: () => undefined, error: () => undefined })).not.toThrow();
    }
  });

  it('keeps what can be read from hostile details', () => {
    const details = Object.defineProperty({ ok: 1 } as Record<string, unknown>, 'bad', {
      enumerable: true,
      get() {
        throw new Error('getter');
      },
    });
    expect(new PipelineError('INTERNAL_ERROR', 'x', details).details).toEqual({ ok: 1 });
    expect(new PipelineError('INTERNAL_ERROR', Symbol('why') as never).message).toBe('why');
  });

  it.each([
    [Number.POSITIVE_INFINITY, { minDelayMs: 0 }, 0],
    [Number.POSITIVE_INFINITY, {}, 60000],
    [Number.NEGATIVE_INFINITY, {}, 2000],
    [Number.NaN, { minDelayMs: Number.NaN, maxDelayMs: -5 }, 0],
  ])('computeRetryDelay(%p, %p) → %p', (attempt, options, delay) => {
    expect(computeRetryDelay(attempt, undefined, options)).toBe(delay);
  });

  it('computeRetryDelay always answers a finite, non-negative delay', () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), fc.anything(), (attempt, error, options) => {
        const delay = computeRetryDelay(attempt as number, error, options as never);
        expect(Number.isFinite(delay)).toBe(true);
        expect(delay).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('holds for any value, at any position', () => {
    fc.assert(
      fc.property(fc.anything({ withBigInt: true, withMap: true, withSet: true }), fc.anything(), (a, b) => {
        categorizeError(a);
        shouldRetry(a);
        toPipelineError(a, b as never).toJSON();
        PipelineError.fromJSON(a).toResponseBody();
        new PipelineError(a as never, b as never, a as never, b as never).toProblemDetails();
        serializeError(a);
        fromProviderResponse({ service: 'openai', status: 429, headers: b as never, body: a });
      }),
    );
  });
});
