/** Display width of text in a monospace terminal, by grapheme (CJK and emoji take two columns). */

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

// Wide: emoji, Hangul Jamo, CJK (radicals to Yi), Hangul syllables, CJK compatibility, fullwidth forms.
const WIDE =
  /\p{Extended_Pictographic}|[\u1100-\u115F\u2E80-\u303E\u3041-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]|[\u{20000}-\u{3FFFD}]/u;
// Zero width: combining marks alone (variation selectors included), zero-width spaces and joiners.
const ZERO = /^(?:\p{Mn}|\p{Me}|[\u200B-\u200F])+$/u;

function graphemeWidth(grapheme: string): number {
  if (ZERO.test(grapheme)) return 0;
  return WIDE.test(grapheme) ? 2 : 1;
}

/** Columns that `text` (no ANSI codes) takes in a terminal. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const { segment } of segmenter.segment(text)) width += graphemeWidth(segment);
  return width;
}

/** `text` cut to at most `maxWidth` columns, ending in `…` when cut; never splits a grapheme. */
export function truncate(text: string, maxWidth: number): string {
  if (displayWidth(text) <= maxWidth) return text;
  let result = '';
  let width = 0;
  for (const { segment } of segmenter.segment(text)) {
    const next = graphemeWidth(segment);
    if (width + next > maxWidth - 1) break;
    result += segment;
    width += next;
  }
  return `${result}…`;
}

/** `text` padded with spaces to `width` columns, on the right (default) or the left. */
export function pad(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return align === 'left' ? text + fill : fill + text;
}
