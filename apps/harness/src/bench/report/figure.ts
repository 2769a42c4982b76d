/** A pass condition on a figure: on the ours/peer ratio, or on our value alone. */
export interface Target {
  on: 'ratio' | 'ours';
  op: '<' | '<=' | '>=';
  value: number;
}

/** One row of the result table. */
export interface Figure {
  /** Stable machine name, e.g. `single_download_vs_curl`. */
  id: string;
  /** What is measured, for people. */
  figure: string;
  /** Unit of `ours` and `peer`. */
  unit: 's' | 'MiB' | 'ops/s';
  /** Our value: the median of the runs (the worst run for RSS). */
  ours: number;
  /** What we are compared with. */
  peerName: string;
  /** The peer's value, measured the same way; `null` when the peer could not run (see `note`). */
  peer: number | null;
  /** `ours / peer`; `null` without a peer, or when the peer's value is 0 (e.g. a peer whose RSS did not grow). */
  ratio: number | null;
  /** The target from the spec, or `null` for an informational figure. */
  target: Target | null;
  /** Whether the target is met; `null` when there is no target or it cannot be decided. */
  pass: boolean | null;
  /** Every measured run, in the order they ran. */
  samples: { ours: number[]; peer: number[] };
  /** Anything a reader must know to trust the row (skips, timing method). */
  note?: string;
}

/** Inputs of a figure; `ratio` and `pass` are derived. */
export type FigureInput = Omit<Figure, 'ratio' | 'pass'>;

const COMPARE: Record<Target['op'], (left: number, right: number) => boolean> = {
  '<': (left, right) => left < right,
  '<=': (left, right) => left <= right,
  '>=': (left, right) => left >= right,
};

/** Complete a figure with its ratio and its pass/fail against the target. */
export function makeFigure(input: FigureInput): Figure {
  const ratio = input.peer === null || input.peer === 0 ? null : input.ours / input.peer;
  const subject = input.target?.on === 'ratio' ? ratio : input.ours;
  const pass = input.target && subject !== null ? COMPARE[input.target.op](subject, input.target.value) : null;
  return { ...input, ratio, pass };
}

/** A target as people read it: `ratio <= 1.10`, `< 64 MiB`, `>= 200000 ops/s`. */
export function describeTarget(target: Target | null, unit: Figure['unit']): string {
  if (!target) return '—';
  return target.on === 'ratio' ? `ratio ${target.op} ${target.value.toFixed(2)}` : `${target.op} ${target.value} ${unit}`;
}
