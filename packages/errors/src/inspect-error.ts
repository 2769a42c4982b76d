import { errnoCode } from './errno-code.js';

/** How far `shouldRetry` and `categorizeError` follow `cause` chains. */
export const MAX_CAUSE_DEPTH = 8;

/** The `name` of an error-like value, if it has a string one. */
export function nameOf(value: object): string | undefined {
  const { name } = value as { name?: unknown };
  return typeof name === 'string' ? name : undefined;
}

/** The `cause` of an error-like value, or an `AbortSignal`-style `reason`, when it is an object. */
export function causeOf(value: object): object | undefined {
  const { cause, reason } = value as { cause?: unknown; reason?: unknown };
  if (typeof cause === 'object' && cause !== null && cause !== value) return cause;
  if (typeof reason === 'object' && reason !== null && reason !== value) return reason;
  return undefined;
}

const ABORT_CODES: ReadonlySet<string> = new Set(['ABORT_ERR', 'UND_ERR_ABORT', 'UND_ERR_ABORTED']);

/** Whether `value` is an abort: named `AbortError`, or carrying Node's or undici's abort code. */
export function isAbort(value: object): boolean {
  const code = errnoCode(value);
  return nameOf(value) === 'AbortError' || (code !== undefined && ABORT_CODES.has(code));
}
