import fc from 'fast-check';
import { ErrorCode, PipelineError, isSecretKey, redactText } from '@ad-pipeline/errors';

const RUNS = 1000;

/**
 * Whether a JSON value has a key the package treats as secret, or a string the free-text rule
 * redacts (a URL, `pw: x`, `Bearer x`, …): both are redacted by design, so not round-tripped as is.
 */
function isRedactable(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('://') || redactText(value) !== value;
  if (Array.isArray(value)) return value.some(isRedactable);
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).some(([key, item]) => isSecretKey(key) || isRedactable(item));
  }
  return false;
}

const codes = fc.constantFrom(...Object.values(ErrorCode));
const safeDetails = fc
  .dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 6 })
  .filter((details) => !isRedactable(details));

describe('property: errors wire format', () => {
  test(`fromJSON(toJSON(e)) is identity on code, message, details and retryability, overrides included (${RUNS} runs)`, () => {
    const override = fc.option(fc.boolean(), { nil: undefined });
    fc.assert(
      fc.property(
        codes,
        fc.string({ maxLength: 60 }).filter((m) => !isRedactable(m)),
        safeDetails,
        override,
        (code, message, details, retryable) => {
          const original = new PipelineError(
            code,
            message,
            details,
            retryable === undefined ? {} : { retryable },
          );
          const received = PipelineError.fromJSON(JSON.stringify(original.toJSON()));
          expect(received.code).toBe(code);
          expect(received.message).toBe(message);
          expect(received.details).toEqual(JSON.parse(JSON.stringify(details)));
          expect(received.retryable).toBe(original.retryable);
          expect(received.httpStatus).toBe(original.httpStatus);
        },
      ),
      { numRuns: RUNS },
    );
  });

  test(`problem details carry code and retryability, overrides included (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(codes, fc.boolean(), (code, retryable) => {
        const original = new PipelineError(code, 'x', {}, { retryable });
        const received = PipelineError.fromJSON(JSON.stringify(original.toProblemDetails()));
        expect(received.code).toBe(code);
        expect(received.retryable).toBe(retryable);
      }),
      { numRuns: RUNS },
    );
  });
});
