import { readFileSync } from 'node:fs';

/**
 * This process's peak resident set size, in bytes.
 *
 * On Linux it is `VmHWM` of `/proc/self/status`, not `process.resourceUsage().maxRSS`: the kernel
 * keeps `ru_maxrss` across fork and exec, so a child's `maxRSS` starts at its parent's RSS at
 * spawn time (a busy bench parent would set every idle baseline). `VmHWM` belongs to the process's
 * own address space. Elsewhere `maxRSS` is the best there is.
 */
export function peakRssBytes(): number {
  try {
    const match = /^VmHWM:\s*(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match?.[1]) return Number(match[1]) * 1024;
  } catch {
    // No procfs (not Linux): fall through.
  }
  return process.resourceUsage().maxRSS * 1024;
}
