import stringWidth from 'string-width';

/**
 * Replays terminal output on a `columns`-wide screen, as a VT100-style terminal with autowrap would:
 * printable graphemes (measured with string-width), `\r`, `\n`, `ESC[nA` (cursor up), `ESC[2K` (erase
 * line) and SGR colours (ignored). Enough to see what the demo leaves on a person's screen: stale bars,
 * wrapped lines and garbage show up as they would in a real terminal.
 */
export function replayScreen(output: string, columns: number): string[] {
  const rows: string[][] = [[]];
  let row = 0;
  let col = 0;
  const line = (index: number): string[] => {
    while (rows.length <= index) rows.push([]);
    return rows[index] as string[];
  };
  const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  let i = 0;
  while (i < output.length) {
    const rest = output.slice(i);
    // eslint-disable-next-line no-control-regex -- ESC is exactly what a terminal parses.
    const escape = /^\u001B\[([0-9;?]*)([A-Za-z])/u.exec(rest);
    if (escape !== null) {
      const [whole, param = '', command] = escape;
      if (command === 'A') row = Math.max(0, row - Number(param || '1'));
      else if (command === 'K' && param === '2') rows[row] = [];
      i += whole.length;
      continue;
    }
    const char = rest[0] as string;
    if (char === '\r') {
      col = 0;
      i += 1;
      continue;
    }
    if (char === '\n') {
      row += 1;
      line(row);
      i += 1;
      continue;
    }
    const { segment } = segmenter.segment(rest)[Symbol.iterator]().next().value as { segment: string };
    const width = stringWidth(segment);
    if (col + width > columns) {
      // Autowrap: the glyph goes to the start of the next row.
      row += 1;
      col = 0;
    }
    const cells = line(row);
    cells[col] = segment;
    for (let k = 1; k < width; k += 1) cells[col + k] = '';
    col += width;
    i += segment.length;
  }
  return rows.map((cells) => Array.from(cells, (cell) => cell ?? ' ').join('').trimEnd());
}
