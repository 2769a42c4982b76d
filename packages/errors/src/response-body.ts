import { redact } from './redact.js';

/**
 * The `details` keys an API may show its clients: what the caller got wrong and the limits to respect.
 * Everything else in `details` (paths, URLs, errno facts, upstream statuses, internal ids) stays
 * internal. Keys follow the package's camelCase convention for `details`.
 */
export const USER_FACING_DETAIL_KEYS: readonly string[] = Object.freeze([
  'field',
  'issues',
  'maxBytes',
  'minBytes',
  'maxLength',
  'minLength',
  'maxWords',
  'maxItems',
  'minItems',
  'maximum',
  'minimum',
  'validValues',
  'validStyles',
  'allowedFormats',
  'retryAfterSeconds',
]);

/**
 * The user-facing part of `details`: {@link USER_FACING_DETAIL_KEYS} only, redacted; `issues` keep only
 * `{ path, message }`; `retryAfterMs` becomes `retryAfterSeconds` (rounded up, as `Retry-After` counts).
 */
export function userFacingDetails(details: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const key of USER_FACING_DETAIL_KEYS) {
    if (Object.hasOwn(details, key) && details[key] !== undefined) picked[key] = details[key];
  }
  if (Array.isArray(picked['issues'])) {
    picked['issues'] = (picked['issues'] as unknown[]).map((issue) => {
      const { path, message } = (issue ?? {}) as { path?: unknown; message?: unknown };
      return { path: typeof path === 'string' ? path : '', message: String(message ?? '') };
    });
  }
  const waitMs = details['retryAfterMs'];
  if (picked['retryAfterSeconds'] === undefined && typeof waitMs === 'number' && waitMs >= 0 && Number.isFinite(waitMs))
    picked['retryAfterSeconds'] = Math.ceil(waitMs / 1000);
  return redact(picked) as Record<string, unknown>;
}
