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

/** Grapheme count of `text` (up to `limit`) and its longest grapheme in UTF-16 code units. */
export interface GraphemeMeasure {
  count: number;
  /** Code units of the longest grapheme counted. */
  longest: number;
  /** Index in `text` where that grapheme starts. */
  longestIndex: number;
}

/**
 * Like {@link countGraphemes}, and also the longest grapheme seen, so one "character" cannot
 * hide thousands of combining marks or a long ZWJ chain. Without cluster-forming code points,
 * every grapheme is one code point (at most 2 units) and the segmenter is skipped.
 */
export function measureGraphemes(text: string, limit = Number.POSITIVE_INFINITY): GraphemeMeasure {
  if (!CLUSTER_FORMING.test(text)) {
    // One code point per grapheme: count code units, minus one per surrogate pair.
    let count = 0;
    for (let index = 0; index < text.length && count < limit; index++) {
      const unit = text.charCodeAt(index);
      if (unit >= 0xd800 && unit <= 0xdbff) {
        const next = text.charCodeAt(index + 1);
        if (next >= 0xdc00 && next <= 0xdfff) index++;
      }
      count++;
    }
    return { count, longest: text === '' ? 0 : 2, longestIndex: 0 };
  }
  let count = 0;
  let longest = 0;
  let longestIndex = 0;
  for (const { segment, index } of segmenter.segment(text)) {
    if (count >= limit) break;
    count++;
    if (segment.length > longest) {
      longest = segment.length;
      longestIndex = index;
    }
  }
  return { count, longest, longestIndex };
}
