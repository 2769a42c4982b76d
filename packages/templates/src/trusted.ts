import { ErrorCode, PipelineError } from '@ad-pipeline/errors';
import type { SlotIndex } from './slot-index.js';
import type { SceneTemplate } from './types.js';

// Templates this package built itself: validated (or valid by construction and checked), and
// deep-frozen, so they cannot have changed since. Each carries where its author's slots are.
// `validateTemplate` still runs the schema on them: it answers for the value, not the marker.
const trusted = new WeakMap<object, SlotIndex>();

/** Records a validated, deep-frozen template and its slot index; returns the template. */
export function markTrusted<T extends SceneTemplate>(template: T, slots: SlotIndex): T {
  trusted.set(template, slots);
  return template;
}

/** Whether this package validated and froze `value` itself. Never throws (WeakMap has no traps). */
export function isTrusted(value: unknown): value is SceneTemplate {
  return typeof value === 'object' && value !== null && trusted.has(value);
}

/** The slot index of a trusted template. */
export function slotsOf(template: SceneTemplate): SlotIndex {
  const slots = trusted.get(template);
  if (slots === undefined) {
    throw new PipelineError(ErrorCode.INTERNAL_ERROR, 'slotsOf: template was not marked trusted');
  }
  return slots;
}
