/** Small value formatters shared by the human-readable output. */

const UNITS = ['B', 'KiB', 'MiB', 'GiB'] as const;

/** Bytes in binary units: `512 B`, `256.1 KiB`, `1.5 MiB`. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} ${UNITS[0]}` : `${value.toFixed(1)} ${UNITS[unit]}`;
}

/** US dollars with two decimals (`$1.31`), or more when a value is smaller than a cent. */
export function formatUsd(amount: number): string {
  return amount !== 0 && Math.abs(amount) < 0.01
    ? `$${amount.toFixed(4)}`
    : `$${amount.toFixed(2)}`;
}
