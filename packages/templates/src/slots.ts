import { resolveTemplate } from './parse.js';
import type { SceneTemplate } from './types.js';

/** Scene fields that may hold `[slot name]` placeholders for the script writer. */
export const SLOT_FIELDS = ['voiceoverTemplate', 'textOverlay'] as const;

/** A scene field that may hold slots. */
export type SlotField = (typeof SLOT_FIELDS)[number];

/** One `[slot name]` left for the script writer. */
export interface Slot {
  /** The name between the brackets, trimmed: `'benefit statement'`. */
  slot: string;
  sceneId: number;
  field: SlotField;
}

/** Matches `[slot name]`; the name may not contain brackets or line breaks. */
export const SLOT_PATTERN = /\[([^[\]\r\n]+)\]/g;

/** Every `[slot name]` left in any voiceover or overlay, in scene and field order. */
export function listSlots(template: SceneTemplate): Slot[] {
  const slots: Slot[] = [];
  for (const scene of resolveTemplate(template).scenes) {
    for (const field of SLOT_FIELDS) {
      for (const match of scene[field].matchAll(SLOT_PATTERN)) {
        slots.push({ slot: (match[1] as string).trim(), sceneId: scene.id, field });
      }
    }
  }
  return slots;
}
