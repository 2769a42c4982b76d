import type { SceneTemplate } from './types.js';

/** Scene fields that may hold `[slot name]` placeholders for the script writer. */
export const SLOT_FIELDS = ['voiceoverTemplate', 'textOverlay'] as const;

/** A scene field that may hold slots. */
export type SlotField = (typeof SLOT_FIELDS)[number];

/** Matches `[slot name]` in author text; the name may not contain brackets or line breaks. */
export const SLOT_PATTERN = /\[([^[\]\r\n]+)\]/g;

/** A slot as its author wrote it: `raw` is the text between the brackets (`' price tag '`). */
export interface SlotPiece {
  readonly raw: string;
}

/** Literal text (author's or inserted user text, never scanned again) or an author's slot. */
export type Piece = string | SlotPiece;

/** One voiceover or overlay that holds slots, split into pieces that join back into it. */
export interface SlottedField {
  readonly sceneIndex: number;
  readonly sceneId: number;
  readonly field: SlotField;
  readonly pieces: readonly Piece[];
}

/**
 * Where a template's slots are: only fields that hold at least one, in scene then field order.
 * It is computed once from author text (a built-in, `defineTemplate`, or a plain object given to
 * any function) and then carried along by `fillTemplate` and `applyScript`, which never scan the
 * text they insert: user text can therefore never become, move or hide a slot.
 */
export type SlotIndex = readonly SlottedField[];

/** The name of a slot: its text between the brackets, trimmed. */
export const slotName = (piece: SlotPiece): string => piece.raw.trim();

/** The slots in `template`'s author text. */
export function indexSlots(template: SceneTemplate): SlotIndex {
  const index: SlottedField[] = [];
  template.scenes.forEach((scene, sceneIndex) => {
    for (const field of SLOT_FIELDS) {
      const text = scene[field];
      if (!text.includes('[')) continue;
      const pieces: Piece[] = [];
      let last = 0;
      for (const match of text.matchAll(SLOT_PATTERN)) {
        if (match.index > last) pieces.push(text.slice(last, match.index));
        pieces.push(Object.freeze({ raw: match[1] as string }));
        last = match.index + match[0].length;
      }
      if (last === 0) continue;
      if (last < text.length) pieces.push(text.slice(last));
      index.push(
        Object.freeze({ sceneIndex, sceneId: scene.id, field, pieces: Object.freeze(pieces) }),
      );
    }
  });
  return Object.freeze(index);
}

/** `pieces` joined back into text, each slot replaced by `fill(slot)`. */
export function joinPieces(pieces: readonly Piece[], fill: (slot: SlotPiece) => string): string {
  let text = '';
  for (const piece of pieces) {
    text += typeof piece === 'string' ? piece : fill(piece);
  }
  return text;
}

/** The text of a slot as it stands in its field: `[raw]`. */
export const slotText = (slot: SlotPiece): string => `[${slot.raw}]`;

/** `index` with `change` applied to every piece of text (literal text and slot names alike). */
export function mapSlotIndex(index: SlotIndex, change: (text: string) => string): SlotIndex {
  return Object.freeze(
    index.map((entry) =>
      Object.freeze({
        ...entry,
        pieces: Object.freeze(
          entry.pieces.map((piece) =>
            typeof piece === 'string' ? change(piece) : Object.freeze({ raw: change(piece.raw) }),
          ),
        ),
      }),
    ),
  );
}

/** The index of a template without slots. */
export const NO_SLOTS: SlotIndex = Object.freeze([]);
