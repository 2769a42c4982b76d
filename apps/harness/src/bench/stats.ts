/** The median of a non-empty list of numbers (mean of the middle two for an even count). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** `items` rotated left by `by`: round `n` of an alternating schedule starts with a different contender. */
function rotate<T>(items: readonly T[], by: number): T[] {
  const shift = items.length ? by % items.length : 0;
  return [...items.slice(shift), ...items.slice(0, shift)];
}

/** One run of an alternating schedule. */
export interface Turn<T> {
  contender: T;
  /** An untimed warm-up run: done (and verified) like the others, but its numbers are not kept. */
  warmup: boolean;
}

/**
 * The order of runs: `warmupRounds` rounds first, then `runs` timed rounds, each round running
 * every contender once and starting with a different one.
 */
export function alternatingSchedule<T>(contenders: readonly T[], runs: number, warmupRounds = 0): Turn<T>[] {
  const turns: Turn<T>[] = [];
  for (let round = 0; round < warmupRounds + runs; round++) {
    for (const contender of rotate(contenders, round)) turns.push({ contender, warmup: round < warmupRounds });
  }
  return turns;
}

/** Measurements grouped by contender, in the order they were taken. */
export class Samples<K extends string> {
  readonly #values = new Map<K, number[]>();

  /** Record one measurement of `key`. */
  add(key: K, value: number): void {
    const values = this.#values.get(key);
    if (values) values.push(value);
    else this.#values.set(key, [value]);
  }

  /** Every measurement of `key` (empty when it never ran). */
  of(key: K): number[] {
    return this.#values.get(key) ?? [];
  }

  /** The median of `key`'s measurements, or `null` when it never ran. */
  median(key: K): number | null {
    const values = this.of(key);
    return values.length ? median(values) : null;
  }
}
