const UNITS = ['bytes', 'KB', 'MB', 'GB', 'TB'];

/**
 * A byte count for people: binary multiples printed with the familiar labels, at most one decimal
 * (`10485760` → `"10 MB"`, `1536` → `"1.5 KB"`, `512` → `"512 bytes"`).
 */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const rounded = unit === 0 ? Math.round(value) : Math.round(value * 10) / 10;
  return `${rounded} ${UNITS[unit]}`;
}
