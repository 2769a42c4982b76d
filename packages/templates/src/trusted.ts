import type { SceneTemplate } from './types.js';

// Templates this package validated and deep-froze itself. Frozen means they cannot have
// changed since, so validation and per-template caches keyed by identity stay correct.
const trustedTemplates = new WeakSet<object>();

/** Records a validated, deep-frozen template; returns it. */
export function markTrusted<T extends SceneTemplate>(template: T): T {
  trustedTemplates.add(template);
  return template;
}

/** Whether this package validated and froze `value` itself. */
export function isTrusted(value: unknown): value is SceneTemplate {
  return typeof value === 'object' && value !== null && trustedTemplates.has(value);
}
