const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

// Printable ASCII only: one code unit is one user-perceived character.
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

// Every rule of UAX #29 that joins code points into one cluster needs one of these: CR LF,
// Hangul jamo/syllables, Extend (marks, ZWNJ, variation selectors, emoji modifiers, tags),
// ZWJ, SpacingMark (Mc, U+0E33, U+0EB3), Prepend, regional indicators. Without any of them,
// each code point is its own cluster. To stay exact whatever the Unicode version, unassigned
// code points and the supplementary planes' historic and Brahmic scripts (U+10000–U+1EFFF,
// where newer vowel signs and Prepend letters live) always go to the segmenter.
const CLUSTER_FORMING =
  /[\r\n\p{M}\p{Grapheme_Extend}\p{Emoji_Modifier}\p{Regional_Indicator}\p{Script=Hangul}\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\u0e33\u0eb3\u0d4e\u{10000}-\u{1efff}\p{Cn}]|\u200d/u;

/**
 * User-perceived characters (extended grapheme clusters) in `text`, counting no further
 * than `limit`. Intl.Segmenter is the reference; it is only called when `text` holds code
 * points that can form clusters, because it costs microseconds per call.
 */
export function countGraphemes(text: string, limit = Number.POSITIVE_INFINITY): number {
  if (PRINTABLE_ASCII.test(text)) {
    return Math.min(text.length, limit);
  }
  const units: Iterable<unknown> = CLUSTER_FORMING.test(text) ? segmenter.segment(text) : text;
  const iterator = units[Symbol.iterator]();
  let count = 0;
  while (count < limit && !iterator.next().done) {
    count++;
  }
  return count;
}

/** Whether `text` is printable ASCII only (no control characters, one unit per character). */
export function isPrintableAscii(text: string): boolean {
  return PRINTABLE_ASCII.test(text);
}
