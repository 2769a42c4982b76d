const MiB = 1024 * 1024;

/** What one bench run measures, and how much of it. */
export interface BenchConfig {
  /** `true` for the `--quick` smoke run. */
  quick: boolean;
  /** Size of the single large download. */
  bigFileBytes: number;
  /** Timed runs of each single-download contender (alternated). */
  bigFileRuns: number;
  /**
   * Untimed rounds of every download contender before the timed ones: the first transfers after
   * the bench starts were measured several times slower for everyone (cold caches, a settling machine).
   */
  warmupRounds: number;
  /** Number of files in the fan-out. */
  fanOutCount: number;
  /** Size of each fan-out file. */
  fanOutFileBytes: number;
  /** Downloads in flight at once during the fan-out. */
  fanOutConcurrency: number;
  /** Timed runs of each fan-out contender (alternated). */
  fanOutRuns: number;
  /** Warm-up time of each throughput loop. */
  loopWarmupMs: number;
  /** Timed duration of each throughput loop. */
  loopDurationMs: number;
  /** Timed runs of each throughput loop, ours and peer alternating. */
  loopRuns: number;
}

/** The full run: 1 GiB single download and 256 × 4 MiB at concurrency 16 (5 runs each), 1 s loops. */
export const FULL_CONFIG: BenchConfig = {
  quick: false,
  bigFileBytes: 1024 * MiB,
  bigFileRuns: 5,
  warmupRounds: 1,
  fanOutCount: 256,
  fanOutFileBytes: 4 * MiB,
  fanOutConcurrency: 16,
  fanOutRuns: 5,
  loopWarmupMs: 500,
  loopDurationMs: 1000,
  loopRuns: 3,
};

/** The `--quick` smoke run CI can afford: same figures, small sizes, one run each. */
export const QUICK_CONFIG: BenchConfig = {
  quick: true,
  bigFileBytes: 32 * MiB,
  bigFileRuns: 1,
  warmupRounds: 0,
  fanOutCount: 16,
  fanOutFileBytes: 1 * MiB,
  fanOutConcurrency: 4,
  fanOutRuns: 1,
  loopWarmupMs: 100,
  loopDurationMs: 200,
  loopRuns: 1,
};

/** Format a byte count as the largest whole binary unit (`1 GiB`, `4 MiB`). */
export function formatBytes(bytes: number): string {
  for (const [unit, size] of [['GiB', 1024 * MiB], ['MiB', MiB], ['KiB', 1024]] as const) {
    if (bytes >= size && bytes % size === 0) return `${bytes / size} ${unit}`;
  }
  return `${bytes} B`;
}
