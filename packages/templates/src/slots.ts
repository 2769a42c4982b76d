import { resolveTemplate } from './parse.js';
import { SLOT_FIELDS, slotName, type SlotField } from './slot-index.js';
import { slotsOf } from './trusted.js';
import type { SceneTemplate } from './types.js';

export { SLOT_FIELDS, type SlotField };

/** One `[slot name]` left for the script writer. */
export interface Slot {
  /** The name between the brackets, trimmed: `'benefit statement'`. */
  slot: string;
  sceneId: number;
  field: SlotField;
}

/**
 * Every `[slot name]` the template's author left in a voiceover or overlay, in scene and field
 * order. Brackets typed into `fillTemplate` inputs or `applyScript` lines are text, not slots.
 * Slot positions travel with the frozen templates this package returns; a plain object (for
 * instance a filled template after a JSON round trip) is read as author text.
 *
 * @throws PipelineError `TEMPLATE_ERROR` when `template` is not a valid template.
 */
export function listSlots(template: SceneTemplate): Slot[] {
  const slots: Slot[] = [];
  for (const { sceneId, field, pieces } of slotsOf(resolveTemplate(template))) {
    for (const piece of pieces) {
      if (typeof piece !== 'string') {
        slots.push({ slot: slotName(piece), sceneId, field });
      }
    }
  }
  return slots;
}
