import { countGraphemes } from './graphemes.js';

const wordSegmenter = new Intl.Segmenter(undefined, { granularity: 'word' });
const graphemeSegmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

// Connector punctuation (`_`, `‿`, `＿`, …) joins letters into one "word" for UAX #29, but a
// reader says `a_b_c` as three words.
const CONNECTOR = /\p{Pc}/gu;
const SPACE = /^\s$/u;
// Marks that UAX #29 keeps inside a word (MidLetter, MidNumLet): `a.b.c`, `a:b`, `a·b`, `a'b'c`.
// A reader says each part, so they split words; one apostrophe is a contraction (`don't`, `we’re`).
const MID_WORD = /[.:·‧'’\u2024\ufe13\ufe52\ufe55\uff07\uff0e\uff1a]/u;
const APOSTROPHE = /['’\uff07]/u;
const PUNCTUATION = /^\p{P}/u;
// Symbols, emoji and other visible non-letters are read out ("$", "%", "&", "🔥").
const READ_ALOUD = /^(?![\p{Default_Ignorable_Code_Point}\u2800])[\p{S}\p{Co}]/u;

/**
 * Past this many user-perceived characters, a word takes as long to say as several: it counts
 * one word per 12 characters started (about four syllables), so one 25,000-character "word"
 * cannot pass as one.
 */
export const LONG_WORD_CHARACTERS = 12;

/**
 * Words in `text` as a person reads them, for the voiceover budget:
 * - each word-like segment of `Intl.Segmenter` (CJK words count too), with connector
 *   punctuation (`a_b`) and mid-word marks (`a.b`, `a:b`, `a·b`, `a'b'c`; one apostrophe is a
 *   contraction) splitting words, one word per 12 characters started;
 * - each symbol or emoji, read aloud;
 * - punctuation is a pause: a lone mark is free, a run of marks costs one word per two marks
 *   (`?!` and `...` one, `!?!?` two).
 */
export function countWords(text: string): number {
  let words = 0;
  let marks = 0;
  for (const { segment, isWordLike } of wordSegmenter.segment(text.replace(CONNECTOR, ' '))) {
    if (isWordLike) {
      words += Math.floor(marks / 2);
      for (const part of wordParts(segment))
        words += Math.ceil(countGraphemes(part) / LONG_WORD_CHARACTERS);
      marks = 0;
      continue;
    }
    // Non-word segments are mostly one space or one mark: skip the grapheme segmenter then.
    const graphemes =
      segment.length === 1
        ? [segment]
        : Array.from(graphemeSegmenter.segment(segment), (part) => part.segment);
    for (const grapheme of graphemes) {
      if (PUNCTUATION.test(grapheme)) {
        marks++;
        continue;
      }
      words += Math.floor(marks / 2);
      marks = 0;
      if (!SPACE.test(grapheme) && READ_ALOUD.test(grapheme)) {
        words++;
      }
    }
  }
  return words + Math.floor(marks / 2);
}

/** The parts a reader says in one UAX #29 word: split at mid-word marks, but one apostrophe is a contraction. */
function wordParts(segment: string): string[] {
  if (!MID_WORD.test(segment)) return [segment];
  const parts = segment.split(new RegExp(MID_WORD.source, 'gu')).filter((part) => part !== '');
  const contraction = parts.length === 2 && APOSTROPHE.test(segment) && !/[.:·‧]/u.test(segment);
  return contraction ? [segment] : parts;
}
