import { describeTarget, type Figure } from './figure.js';

const HEADER = ['figure', 'ours', 'peer', 'ratio', 'target', 'result'];

function formatValue(value: number | null, unit: Figure['unit']): string {
  if (value === null) return 'n/a';
  if (unit === 's') return `${value.toFixed(3)} s`;
  if (unit === 'MiB') return `${value.toFixed(1)} MiB`;
  return `${Math.round(value).toLocaleString('en-US')} ops/s`;
}

function row(figure: Figure): string[] {
  return [
    figure.figure,
    formatValue(figure.ours, figure.unit),
    `${formatValue(figure.peer, figure.unit)} (${figure.peerName})`,
    figure.ratio === null ? 'n/a' : `${figure.ratio.toFixed(2)}×`,
    describeTarget(figure.target, figure.unit),
    figure.pass === null ? 'info' : figure.pass ? 'PASS' : 'FAIL',
  ];
}

/** The figures as an aligned plain-text table (for the terminal). */
export function formatTextTable(figures: Figure[]): string {
  const rows = [HEADER, ...figures.map(row)];
  const widths = HEADER.map((_, column) => Math.max(...rows.map((cells) => cells[column].length)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd();
  return [line(rows[0]), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

/** The figures as a Markdown table (for the README). */
export function formatMarkdownTable(figures: Figure[]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(HEADER), line(HEADER.map(() => '---')), ...figures.map((figure) => line(row(figure)))].join('\n');
}
