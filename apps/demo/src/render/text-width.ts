/**
 * Display width of text in a monospace terminal, measured as terminals do: `string-width` (East Asian
 * Width and emoji tables, ANSI codes ignored) per grapheme. A well-kept library beats our own tables:
 * the hand-written ones counted `™` and `®` as two columns and misaligned every table holding them.
 */
import stringWidth from 'string-width';

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Columns that `text` takes in a terminal (ANSI escape codes take none). */
export function displayWidth(text: string): number {
  return stringWidth(text);
}

/** `text` cut to at most `maxWidth` columns, ending in `…` when cut; never splits a grapheme. */
export function truncate(text: string, maxWidth: number): string {
  if (displayWidth(text) <= maxWidth) return text;
  if (maxWidth <= 0) return '';
  let result = '';
  let width = 0;
  for (const { segment } of segmenter.segment(text)) {
    const next = stringWidth(segment);
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
