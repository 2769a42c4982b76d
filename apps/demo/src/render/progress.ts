import type { Colors } from './colors.js';
import { formatBytes } from './format.js';
import { displayWidth, pad, truncate } from './text-width.js';

/** Live progress of a batch of transfers, addressed by their index in the batch. */
export interface Progress {
  /** Bytes received so far; `total` when the server announced a length. */
  update(index: number, bytes: number, total: number | undefined): void;
  /** The transfer ended; `note` is a short outcome (a size, an error code). */
  complete(index: number, ok: boolean, note: string): void;
  /** Draws the final state; call once, after every transfer completed. */
  close(): void;
}

/** Where progress is drawn: `process.stdout` or any stream with `write`. */
export interface ProgressStream {
  write(chunk: string): unknown;
  readonly columns?: number | undefined;
}

interface ItemState {
  bytes: number;
  total: number | undefined;
  outcome?: { ok: boolean; note: string };
}

/** Options of {@link createBarProgress}. */
export interface BarOptions {
  /** Bar width in columns; default 24. */
  readonly barWidth?: number;
  /** Minimum milliseconds between redraws; default 50 (completion always redraws). */
  readonly intervalMs?: number;
}

const LABEL_WIDTH = 18;
/** Columns assumed when the stream does not say (a pseudo-terminal with no size, a test double). */
const DEFAULT_COLUMNS = 80;

/** A piece of a bar line: plain text, measured and cut before it is painted. */
interface Part {
  readonly text: string;
  readonly paint?: (text: string) => string;
}

/**
 * Joins `parts` into one line of at most `maxWidth` columns: the rightmost parts are cut first (with `…`),
 * so the label and bar survive on a narrow terminal. A line that fits never wraps, so moving the cursor
 * up one row per bar always lands on the board's first line.
 */
function fitLine(parts: readonly Part[], maxWidth: number): string {
  let room = Math.max(0, maxWidth);
  let line = '';
  for (const part of parts) {
    if (room <= 0) break;
    const text = truncate(part.text, room);
    room -= displayWidth(text);
    line += part.paint === undefined || text === '' ? text : part.paint(text);
  }
  return line;
}

/**
 * One progress bar per transfer, redrawn in place with `\r` and ANSI cursor movement: for a TTY only
 * (not `TERM=dumb`: see {@link supportsCursorControl}). Every line fits the stream's current `columns`
 * (read at each redraw, so a resized terminal is followed): the bar narrows first, then the status and
 * label are cut. The board takes `labels.length` lines; output printed while it is open would be overwritten.
 */
export function createBarProgress(
  stream: ProgressStream,
  labels: readonly string[],
  colors: Colors,
  options: BarOptions = {},
): Progress {
  const { barWidth = 24, intervalMs = 50 } = options;
  const items: ItemState[] = labels.map(() => ({ bytes: 0, total: undefined }));
  let drawn = false;
  let lastDraw = 0;

  const renderLine = (label: string, item: ItemState, columns: number): string => {
    const ratio = item.total ? Math.min(1, item.bytes / item.total) : item.outcome?.ok ? 1 : 0;
    const percent = `${Math.floor(ratio * 100)}%`.padStart(4);
    const amount =
      item.total === undefined
        ? formatBytes(item.bytes)
        : `${formatBytes(item.bytes)} / ${formatBytes(item.total)}`;
    const status =
      item.outcome === undefined
        ? { text: amount, paint: colors.dim }
        : item.outcome.ok
          ? { text: `✔ ${item.outcome.note}`, paint: colors.green }
          : { text: `✖ ${item.outcome.note}`, paint: colors.red };
    const labelText = pad(truncate(label, LABEL_WIDTH), LABEL_WIDTH);
    // The last column is left free: writing into it makes some terminals wrap early.
    const width = columns - 1;
    const fixed = 2 + displayWidth(labelText) + 1 + 1 + percent.length + 2 + displayWidth(status.text);
    const bar = Math.max(0, Math.min(barWidth, width - fixed));
    const filled = Math.round(ratio * bar);
    const paintBar =
      item.outcome === undefined ? colors.cyan : item.outcome.ok ? colors.green : colors.red;
    const parts: Part[] = [{ text: `  ${labelText} ` }];
    // A bar narrower than a few cells says nothing the percentage does not: drop it.
    if (bar >= 4) parts.push({ text: '█'.repeat(filled) + '░'.repeat(bar - filled), paint: paintBar }, { text: ' ' });
    parts.push({ text: `${percent}  ` }, status);
    return fitLine(parts, width);
  };

  const draw = (force: boolean): void => {
    const now = Date.now();
    if (!force && now - lastDraw < intervalMs) return;
    lastDraw = now;
    const columns = stream.columns !== undefined && stream.columns > 0 ? stream.columns : DEFAULT_COLUMNS;
    // Move back to the board's first line, then rewrite every line in place.
    let frame = drawn ? `\u001B[${labels.length}A` : '';
    labels.forEach((label, i) => {
      frame += `\r\u001B[2K${renderLine(label, items[i] as ItemState, columns)}\n`;
    });
    stream.write(frame);
    drawn = true;
  };

  draw(true);
  return {
    update(index, bytes, total) {
      const item = items[index];
      if (item === undefined || item.outcome !== undefined) return;
      item.bytes = bytes;
      item.total = total;
      draw(false);
    },
    complete(index, ok, note) {
      const item = items[index];
      if (item === undefined) return;
      item.outcome = { ok, note };
      if (ok && item.total !== undefined) item.bytes = item.total;
      draw(true);
    },
    close() {
      draw(true);
    },
  };
}

/**
 * Whether live bars can be drawn on `stream`: a TTY whose terminal understands cursor movement.
 * `TERM=dumb` (Emacs shells, some CI consoles) gets the plain line output instead.
 */
export function supportsCursorControl(
  stream: { isTTY?: boolean },
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  return stream.isTTY === true && env['TERM'] !== 'dumb';
}

/**
 * One plain line per finished transfer (`[2/5] scene_2.mp4 ok 256.1 KiB`): for logs, pipes and CI. Lines
 * come in the batch's order, whatever order the transfers finish in, so two runs give the same log.
 */
export function createLineProgress(stream: ProgressStream, labels: readonly string[]): Progress {
  const outcomes: ({ ok: boolean; note: string } | undefined)[] = labels.map(() => undefined);
  let next = 0;
  const flush = (): void => {
    for (let outcome = outcomes[next]; outcome !== undefined; outcome = outcomes[next]) {
      stream.write(
        `  [${next + 1}/${labels.length}] ${labels[next] ?? `#${next}`} ${outcome.ok ? 'ok' : 'failed'} ${outcome.note}\n`,
      );
      next += 1;
    }
  };
  return {
    update() {
      // Intermediate byte counts would only flood a log.
    },
    complete(index, ok, note) {
      if (index < 0 || index >= outcomes.length || outcomes[index] !== undefined) return;
      outcomes[index] = { ok, note };
      flush();
    },
    close() {
      // Every transfer completed before close: anything still held back is printed in order.
      flush();
    },
  };
}

/** Progress that draws nothing (for `--json`). */
export function createSilentProgress(): Progress {
  const nothing = (): void => undefined;
  return { update: nothing, complete: nothing, close: nothing };
}
