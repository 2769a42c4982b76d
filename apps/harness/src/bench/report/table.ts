import { describeTarget, type Figure } from './figure.js';
import type { BenchResults } from './results.js';

const HEADER = ['figure', 'ours', 'peer', 'ratio', 'target', 'result'];

function formatValue(value: number | null, unit: Figure['unit']): string {
  if (value === null) return 'n/a';
  if (unit === 's') return `${value.toFixed(3)} s`;
  if (unit === 'MiB') return `${value.toFixed(1)} MiB`;
  return `${Math.round(value).toLocaleString('en-US')} ops/s`;
}

/** `value [min–max]` over the samples, when there are several: the spread next to the median. */
function withSpread(value: number | null, samples: number[], unit: Figure['unit']): string {
  const text = formatValue(value, unit);
  if (samples.length < 2 || unit === 'MiB') return text;
  const low = Math.min(...samples);
  const high = Math.max(...samples);
  const bound = (bound: number) => (unit === 's' ? bound.toFixed(3) : Math.round(bound).toLocaleString('en-US'));
  return `${text} [${bound(low)}–${bound(high)}]`;
}

function verdict({ pass, target, peer }: Figure): string {
  if (pass !== null) return pass ? 'PASS' : 'FAIL';
  return target && peer === null ? 'skipped' : 'info';
}

function row(figure: Figure): string[] {
  return [
    figure.figure,
    withSpread(figure.ours, figure.samples.ours, figure.unit),
    `${withSpread(figure.peer, figure.samples.peer, figure.unit)} (${figure.peerName})`,
    figure.ratio === null ? 'n/a' : `${figure.ratio.toFixed(2)}×`,
    describeTarget(figure.target, figure.unit),
    verdict(figure),
  ];
}

/** The figures as an aligned plain-text table (for the terminal). */
export function formatTextTable(figures: Figure[]): string {
  const rows = [HEADER, ...figures.map(row)];
  const widths = HEADER.map((_, column) => Math.max(...rows.map((cells) => cells[column].length)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd();
  return [line(rows[0]), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

/** One sentence saying when, where and how busy: the caption of a recorded table. */
export function describeRun({ createdAt, quick, machine }: BenchResults): string {
  const load = `load average ${machine.loadAverage.start.toFixed(1)} → ${machine.loadAverage.end.toFixed(1)}`;
  const curl = machine.curl ? machine.curl.split(' ').slice(0, 2).join(' ') : 'no curl';
  return (
    `${quick ? 'Quick run' : 'Run'} of ${createdAt.slice(0, 16).replace('T', ' ')} UTC on ${machine.cpus} × ${machine.cpuModel}, ` +
    `${(machine.totalMemoryMiB / 1024).toFixed(0)} GiB RAM, Node ${machine.node}, ${curl}, ${machine.platform}; ${load}.`
  );
}

/** The results as a Markdown table under its caption (for the README). */
export function formatMarkdown(results: BenchResults): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const table = [line(HEADER), line(HEADER.map(() => '---')), ...results.figures.map((figure) => line(row(figure)))];
  return [describeRun(results), '', ...table].join('\n');
}
