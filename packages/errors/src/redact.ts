import { isSecretKey } from './secret-keys.js';
import { REDACTED, redactText, redactUrl } from './redact-url.js';

const CIRCULAR = '[Circular]';
const MAX_DEPTH = 32;

/**
 * A redacted, JSON-safe deep copy of `value`; the input is never mutated.
 *
 * - values of secret-looking keys (`token`, `apiKey`, `authorization`, `password`, `cookie`, …, any case)
 *   become `'[REDACTED]'`, at any depth;
 * - URLs inside strings lose their user info and any credential-carrying query string or fragment;
 * - free text loses the secrets `redactText` finds (URLs, bearer tokens, API keys, `password=…`);
 * - cycles become `'[Circular]'`, BigInt a decimal string, `Error` values `{ name, message, code?, cause?,
 *   errors? }` (cause chain and AggregateError members redacted the same way),
 *   `Date` an ISO string, `URL` its redacted href, `Map` and `Headers` an object, `Set` an array, binary
 *   data a summary;
 * - anything nested deeper than 32 levels becomes `'[Truncated]'`.
 */
export function redact(value: unknown): unknown {
  return copy(value, new WeakSet(), 0);
}

function copy(value: unknown, ancestors: WeakSet<object>, depth: number): unknown {
  if (typeof value === 'string') return redactText(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'function' || typeof value === 'symbol') return undefined;
  if (value === null || typeof value !== 'object') return value;
  if (ancestors.has(value)) return CIRCULAR;
  if (depth >= MAX_DEPTH) return '[Truncated]';

  ancestors.add(value);
  try {
    return copyObject(value, ancestors, depth + 1);
  } catch {
    // A throwing getter or toJSON must not take the error report down with it.
    return '[Unserializable]';
  } finally {
    ancestors.delete(value);
  }
}

function copyObject(value: object, ancestors: WeakSet<object>, depth: number): unknown {
  if (value instanceof Error) return copyError(value, ancestors, depth);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (value instanceof URL) return redactUrl(value.href);
  if (ArrayBuffer.isView(value)) return `[${value.constructor.name} ${value.byteLength} bytes]`;
  if (value instanceof ArrayBuffer) return `[ArrayBuffer ${value.byteLength} bytes]`;
  if (Array.isArray(value)) return value.map((item) => copy(item, ancestors, depth) ?? null);
  if (value instanceof Set) return [...value].map((item) => copy(item, ancestors, depth) ?? null);
  if (value instanceof Map) {
    return copyEntries(
      [...value].map(([k, v]) => [String(k), v]),
      ancestors,
      depth,
    );
  }
  if (value instanceof Headers) return copyEntries([...value.entries()], ancestors, depth);
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return copy((value as { toJSON(): unknown }).toJSON(), ancestors, depth);
  }
  return copyEntries(Object.entries(value), ancestors, depth);
}

function copyEntries(
  entries: ReadonlyArray<readonly [string, unknown]>,
  ancestors: WeakSet<object>,
  depth: number,
): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, item] of entries) {
    const safe = isSecretKey(key) ? REDACTED : copy(item, ancestors, depth);
    // defineProperty, not assignment: a parsed `__proto__` key must stay data, not become a prototype.
    if (safe !== undefined) {
      Object.defineProperty(result, key, {
        value: safe,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }
  return result;
}

function copyError(
  error: Error,
  ancestors: WeakSet<object>,
  depth: number,
): Record<string, unknown> {
  const summary: Record<string, unknown> = { name: error.name, message: redactText(error.message) };
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' || typeof code === 'number') summary['code'] = code;
  // The chain and AggregateError members are part of what went wrong, and as likely to carry a URL.
  if (error.cause !== undefined) summary['cause'] = copy(error.cause, ancestors, depth) ?? null;
  if (error instanceof AggregateError && Array.isArray(error.errors)) {
    summary['errors'] = error.errors.map(
      (member: unknown) => copy(member, ancestors, depth) ?? null,
    );
  }
  return summary;
}
