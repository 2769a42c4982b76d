import type { Colors } from './colors.js';
import { formatBytes } from './format.js';
import { pad, truncate } from './text-width.js';

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
  readonly columns?: number;
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

/**
 * One progress bar per transfer, redrawn in place with `\r` and ANSI cursor movement: for a TTY only.
 * The board takes `labels.length` lines; output printed while it is open would be overwritten.
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

  const renderLine = (label: string, item: ItemState): string => {
    const ratio = item.total ? Math.min(1, item.bytes / item.total) : item.outcome?.ok ? 1 : 0;
    const filled = Math.round(ratio * barWidth);
    const bar = '█'.repeat(filled) + '░'.repeat(barWidth - filled);
    const paintBar =
      item.outcome === undefined ? colors.cyan : item.outcome.ok ? colors.green : colors.red;
    const percent = `${Math.floor(ratio * 100)}%`.padStart(4);
    const amount =
      item.total === undefined
        ? formatBytes(item.bytes)
        : `${formatBytes(item.bytes)} / ${formatBytes(item.total)}`;
    const status =
      item.outcome === undefined
        ? colors.dim(amount)
        : item.outcome.ok
          ? colors.green(`✔ ${item.outcome.note}`)
          : colors.red(`✖ ${item.outcome.note}`);
    return `  ${pad(truncate(label, LABEL_WIDTH), LABEL_WIDTH)} ${paintBar(bar)} ${percent}  ${status}`;
  };

  const draw = (force: boolean): void => {
    const now = Date.now();
    if (!force && now - lastDraw < intervalMs) return;
    lastDraw = now;
    // Move back to the board's first line, then rewrite every line in place.
    let frame = drawn ? `\u001B[${labels.length}A` : '';
    labels.forEach((label, i) => {
      frame += `\r\u001B[2K${renderLine(label, items[i] as ItemState)}\n`;
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

/** One plain line per finished transfer (`[2/5] scene_2.mp4 ok 256.1 KiB`): for logs, pipes and CI. */
export function createLineProgress(stream: ProgressStream, labels: readonly string[]): Progress {
  let finished = 0;
  return {
    update() {
      // Intermediate byte counts would only flood a log.
    },
    complete(index, ok, note) {
      finished += 1;
      stream.write(
        `  [${finished}/${labels.length}] ${labels[index] ?? `#${index}`} ${ok ? 'ok' : 'failed'} ${note}\n`,
      );
    },
    close() {
      // Every line was written on completion.
    },
  };
}

/** Progress that draws nothing (for `--json`). */
export function createSilentProgress(): Progress {
  const nothing = (): void => undefined;
  return { update: nothing, complete: nothing, close: nothing };
}
