/*
 * Reading thrown values without throwing. A thrown value can be anything: a Proxy whose traps throw, a
 * revoked proxy, an object with a throwing getter, a Symbol. The error package is the last line of a
 * failure path, so every read of a foreign value goes through these helpers.
 */

/** `value[key]`, or `undefined` when reading it throws (getter, Proxy trap, revoked proxy). */
export function safeGet(value: unknown, key: PropertyKey): unknown {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return undefined;
  try {
    return (value as Record<PropertyKey, unknown>)[key];
  } catch {
    return undefined;
  }
}

/** Whether `value` is a non-null object (or function) whose reads may be attempted. */
export function isObjectLike(value: unknown): value is object {
  return (typeof value === 'object' || typeof value === 'function') && value !== null;
}

/**
 * A plain-object copy of `value`'s own enumerable string keys: every key read on its own, a key whose
 * read throws is dropped, and a value that is not a plain object (array, primitive, revoked proxy)
 * gives `{}`. Own `__proto__` keys stay data.
 */
export function safeRecord(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return {};
  let keys: string[];
  try {
    if (Array.isArray(value)) return {};
    keys = Object.keys(value);
  } catch {
    return {};
  }
  const copy: Record<string, unknown> = {};
  for (const key of keys) {
    try {
      Object.defineProperty(copy, key, {
        value: (value as Record<string, unknown>)[key],
        enumerable: true,
        writable: true,
        configurable: true,
      });
    } catch {
      // a throwing getter loses its key, not the whole error
    }
  }
  return copy;
}

/** Any value as text for a message: strings as is, a Symbol its description, others `String()`, else `''`. */
export function safeText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return '';
  if (typeof value === 'symbol') return value.description ?? '';
  try {
    return String(value);
  } catch {
    return '';
  }
}

/** `value` when it is a finite number, else `fallback`. */
export function finiteOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}
