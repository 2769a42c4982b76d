import { countGraphemes } from './graphemes.js';

const wordSegmenter = new Intl.Segmenter(undefined, { granularity: 'word' });
const graphemeSegmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

// Connector punctuation (`_`, `‿`, `＿`, …) joins letters into one "word" for UAX #29, but a
// reader says `a_b_c` as three words.
const CONNECTOR = /\p{Pc}/gu;
const SPACE = /^\s$/u;
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
 *   punctuation splitting words, one word per 12 characters started;
 * - each symbol or emoji, read aloud;
 * - punctuation is a pause: a lone mark is free, a run of marks costs one word per two marks
 *   (`?!` and `...` one, `!?!?` two).
 */
export function countWords(text: string): number {
  let words = 0;
  let marks = 0;
  for (const { segment, isWordLike } of wordSegmenter.segment(text.replace(CONNECTOR, ' '))) {
    if (isWordLike) {
      words += Math.floor(marks / 2) + Math.ceil(countGraphemes(segment) / LONG_WORD_CHARACTERS);
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
