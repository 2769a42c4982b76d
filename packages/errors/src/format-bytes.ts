import prettyBytes from 'pretty-bytes';

const YOBIBYTE_LIMIT = 1024 ** 9;

/**
 * A byte count for people, in binary units labelled as such (IEC 80000-13: `B`, `KiB`, `MiB`, … `YiB`,
 * as the demo prints them), at most one decimal: `1` → `"1 B"`, `1536` → `"1.5 KiB"`, `10485760` →
 * `"10 MiB"`, `2 ** 60` → `"1 EiB"`. Formatting by pretty-bytes; negative counts keep their sign, counts
 * beyond 1023 YiB are written in exponent form, and NaN or an infinity gives `"unknown size"`. Never throws.
 */
export function formatBytes(bytes: number): string {
  if (typeof bytes !== 'number' || !Number.isFinite(bytes)) return 'unknown size';
  if (Math.abs(bytes) >= YOBIBYTE_LIMIT) return `${(bytes / 1024 ** 8).toExponential(1)} YiB`;
  return prettyBytes(bytes, { binary: true, maximumFractionDigits: 1 });
}
