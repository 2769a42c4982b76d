import type { Paint } from './colors.js';
import { displayWidth, pad, truncate } from './text-width.js';

/** One column of a table. */
export interface Column {
  /** Header text. */
  readonly header: string;
  /** Alignment of the cells; default `'left'`. */
  readonly align?: 'left' | 'right';
  /** Longer cells are cut with `…`; default: no limit. */
  readonly maxWidth?: number;
}

/** Options of {@link renderTable}. */
export interface TableOptions {
  /** Styles the header row; default: unstyled. */
  readonly header?: Paint;
  /** Spaces before each line; default 2. */
  readonly indent?: number;
}

/** A plain-text table (header, rule, rows) with columns sized to their widest cell; one string, no trailing newline. */
export function renderTable(
  columns: readonly Column[],
  rows: readonly (readonly string[])[],
  options: TableOptions = {},
): string {
  const { header: paintHeader = (text: string) => text, indent = 2 } = options;
  const cells = rows.map((row) =>
    columns.map((column, i) => {
      const cell = (row[i] ?? '').replace(/\s+/g, ' ');
      return column.maxWidth === undefined ? cell : truncate(cell, column.maxWidth);
    }),
  );
  const widths = columns.map((column, i) =>
    Math.max(displayWidth(column.header), ...cells.map((row) => displayWidth(row[i] ?? ''))),
  );
  const margin = ' '.repeat(indent);
  const line = (row: readonly string[]) =>
    margin +
    row
      .map((cell, i) => pad(cell, widths[i] ?? 0, columns[i]?.align))
      .join('  ')
      .trimEnd();
  return [
    paintHeader(line(columns.map((column) => column.header))),
    margin + widths.map((width) => '─'.repeat(width)).join('  '),
    ...cells.map(line),
  ].join('\n');
}
