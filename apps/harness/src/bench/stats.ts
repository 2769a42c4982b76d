/** The median of a non-empty list of numbers (mean of the middle two for an even count). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** `items` rotated left by `by`: round `n` of an alternating schedule starts with a different contender. */
export function rotate<T>(items: readonly T[], by: number): T[] {
  const shift = items.length ? by % items.length : 0;
  return [...items.slice(shift), ...items.slice(0, shift)];
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
