import { MAX_UNITS_PER_CHARACTER } from './text-limits.js';
import { measureGraphemes } from './graphemes.js';

// One rule for every piece of text that enters a template (fillTemplate inputs, applyScript
// lines, custom templates' strings). Refused anywhere:
// - Cc (C0, DEL, C1) and the line/paragraph separators: they break a one-line overlay or prompt;
// - Cs: a lone surrogate half (with the u flag, a paired surrogate is one code point and never
//   matches), so every accepted string is well-formed UTF-16;
// - Bidi_Control (U+061C, U+200E/F, U+202A–202E, U+2066–2069): they reorder what a reader sees
//   against what a model or a filter reads ("Trojan Source", CVE-2021-42574);
// - the deprecated format controls U+206A–206F and the interlinear annotation U+FFF9–FFFB
//   (text hidden from display);
// - noncharacters (U+FDD0–FDEF, U+xFFFE/xFFFF): never for interchange (Unicode §23.7).
//
// Tag characters (U+E0000–E007F) are invisible ASCII look-alikes ("ASCII smuggling" into model
// prompts); they are allowed only inside an emoji tag sequence (UTS #51 §2.2: U+1F3F4, tags,
// CANCEL TAG). One pass finds both kinds; tags then get a second look.
const FORBIDDEN_OR_TAG =
  /[\p{Cc}\p{Cs}\u2028\u2029\p{Bidi_Control}\u206a-\u206f\ufff9-\ufffb\p{Noncharacter_Code_Point}\u{e0000}-\u{e007f}]/u;
const TAG = /[\u{e0000}-\u{e007f}]/u;
// Hidden inside visible text: default-ignorable characters (U+200B, U+2060, U+FEFF, U+00AD, U+3164,
// invisible operators, …) that let two strings look alike, except what real text needs: ZWNJ and
// ZWJ (Persian, Indic, emoji sequences), variation selectors and emoji tag sequences (checked above).
const IGNORABLE = /\p{Default_Ignorable_Code_Point}/gu;

/** Whether a default-ignorable code point is one real text needs (ZWNJ, ZWJ, selectors, emoji tags). */
function isNeededFormat(cp: number): boolean {
  return (
    cp === 0x200c ||
    cp === 0x200d ||
    (cp >= 0x180b && cp <= 0x180d) ||
    (cp >= 0xfe00 && cp <= 0xfe0f) ||
    (cp >= 0xe0000 && cp <= 0xe007f) ||
    (cp >= 0xe0100 && cp <= 0xe01ef)
  );
}

/** The first default-ignorable character hidden in `text` that real text does not need. */
function findHidden(text: string): { codePoint: string; index: number } | undefined {
  for (const match of text.matchAll(IGNORABLE)) {
    if (!isNeededFormat(match[0].codePointAt(0) ?? 0))
      return { codePoint: describeCodePoint(match[0]), index: match.index ?? 0 };
  }
  return undefined;
}
const EMOJI_TAG_SEQUENCE = /\u{1f3f4}[\u{e0020}-\u{e007e}]{1,30}\u{e007f}/gu;

// A person sees something: a letter, number, punctuation, symbol or private-use character that
// is not default-ignorable (U+00AD, U+200B, U+2060, U+3164, U+FEFF, …) nor the blank braille
// pattern U+2800. Marks alone, spaces and format characters are invisible.
const VISIBLE = /(?![\p{Default_Ignorable_Code_Point}\u2800])[\p{L}\p{N}\p{P}\p{S}\p{Co}]/u;

/**
 * Whether every code unit of `text` is by itself one whole, allowed, non-joining character:
 * printable ASCII, U+00A0–U+02FF except the soft hyphen, hiragana and katakana (without the
 * combining sound marks U+3099/U+309A) and the CJK unified ideographs U+4E00–U+9FFC. Such text
 * is well-formed, one grapheme per code unit, and visible when it holds anything but spaces.
 * Most product names and CTAs are; this loop saves the Unicode-property regexes and the
 * segmenter (about 1 µs per input) on the fill path. Returns 0 (not simple), 1 (simple,
 * invisible) or 2 (simple, visible).
 */
function scanSimple(text: string): 0 | 1 | 2 {
  let visible = false;
  for (let index = 0; index < text.length; index++) {
    const unit = text.charCodeAt(index);
    if (unit === 0x20 || unit === 0xa0) continue;
    if (
      (unit > 0x20 && unit < 0x7f) ||
      (unit > 0xa0 && unit <= 0x2ff && unit !== 0xad) ||
      (unit >= 0x4e00 && unit <= 0x9ffc) ||
      (unit >= 0x3041 && unit <= 0x3096) ||
      (unit >= 0x309d && unit <= 0x30ff)
    ) {
      visible = true;
      continue;
    }
    return 0;
  }
  return visible ? 2 : 1;
}

/** Limits for one piece of text; counts are user-perceived characters (grapheme clusters). */
export interface TextRule {
  /** Fewest characters; 0 allows the empty string. */
  minCharacters: number;
  maxCharacters: number;
  /** Most UTF-16 code units in all. */
  maxUnits: number;
}

/** Why a text breaks the rule; `undefined` from {@link inspectText} when it does not. */
export type TextProblem =
  | { kind: 'empty' }
  | { kind: 'invisible' }
  | { kind: 'forbidden'; codePoint: string; index: number }
  | { kind: 'too-many-units'; units: number; maxUnits: number }
  | { kind: 'character-too-long'; index: number; units: number }
  | { kind: 'too-long'; max: number; count: number }
  | { kind: 'too-short'; count: number; min: number };

/**
 * The first way `text` breaks the input rule, or `undefined`. Checks run cheapest first: the
 * code-unit cap, forbidden characters, visibility, then the character counts (segmented no
 * further than the limits need).
 */
export function inspectText(text: string, rule: TextRule): TextProblem | undefined {
  const { minCharacters: min, maxCharacters: max, maxUnits } = rule;
  if (text === '') {
    return min > 0 ? { kind: 'empty' } : undefined;
  }
  if (text.length > maxUnits) {
    return { kind: 'too-many-units', units: text.length, maxUnits };
  }
  const simple = scanSimple(text);
  if (simple !== 0) {
    if (simple === 1) return { kind: 'invisible' };
    if (text.length > max) return { kind: 'too-long', max, count: text.length };
    return text.length < min ? { kind: 'too-short', count: text.length, min } : undefined;
  }
  const forbidden = findForbidden(text);
  if (forbidden) {
    return { kind: 'forbidden', ...forbidden };
  }
  if (!VISIBLE.test(text)) {
    return { kind: 'invisible' };
  }
  const hidden = findHidden(text);
  if (hidden !== undefined) {
    return { kind: 'forbidden', ...hidden };
  }
  const { count, longest, longestIndex } = measureGraphemes(text, max + 1);
  if (longest > MAX_UNITS_PER_CHARACTER) {
    return { kind: 'character-too-long', index: longestIndex, units: longest };
  }
  // The length a person is told: counted whole (bounded by the code-unit cap checked above).
  if (count > max) return { kind: 'too-long', max, count: measureGraphemes(text).count };
  return count < min ? { kind: 'too-short', count, min } : undefined;
}

/** Whether `text` has at least one character a person can see. */
export function isVisible(text: string): boolean {
  return VISIBLE.test(text);
}

/** `U+XXXX` notation of the code point at the start of `text`. */
export function describeCodePoint(text: string): string {
  return `U+${(text.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

function findForbidden(text: string): { codePoint: string; index: number } | undefined {
  const found = FORBIDDEN_OR_TAG.exec(text);
  if (found === null) {
    return undefined;
  }
  if (!TAG.test(found[0])) {
    return { codePoint: describeCodePoint(found[0]), index: found.index };
  }
  // Blank out valid tag sequences with same-length filler (so indexes still point into `text`)
  // and look again: what is left is a stray tag or another forbidden character.
  const rest = text.replace(EMOJI_TAG_SEQUENCE, (sequence) => ' '.repeat(sequence.length));
  const stray = FORBIDDEN_OR_TAG.exec(rest);
  return stray ? { codePoint: describeCodePoint(stray[0]), index: stray.index } : undefined;
}

/** A one-line, human description of `problem` for error messages, after the field's label. */
export function describeProblem(problem: TextProblem): string {
  switch (problem.kind) {
    case 'empty':
      return 'is required';
    case 'invisible':
      return 'has no visible character (only spaces, marks or invisible format characters)';
    case 'forbidden':
      return `must not contain control, line-break, bidirectional-control, unpaired-surrogate or hidden characters (found ${problem.codePoint} at index ${problem.index})`;
    case 'too-many-units':
      return `is ${problem.units} UTF-16 code units long, over the limit of ${problem.maxUnits}`;
    case 'character-too-long':
      return `has a character of ${problem.units} UTF-16 code units at index ${problem.index}, over the limit of ${MAX_UNITS_PER_CHARACTER} per character`;
    case 'too-long':
      return `must be at most ${problem.max} characters long, got ${problem.count}`;
    case 'too-short':
      return `must be at least ${problem.min} characters long, got ${problem.count}`;
  }
}
