import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { alternatingSchedule, Samples } from '../stats.js';
import type { BenchContext } from './context.js';

/** What one contender's run reports: its own timing, plus whatever the suite keeps. */
export interface TimedRun {
  elapsedMs: number;
}

/** How `timeRounds` runs a suite's contenders. */
export interface RoundsOptions<C extends string> {
  contenders: readonly C[];
  /** Timed rounds (after `context.config.warmupRounds` untimed ones). */
  runs: number;
  /** Prefix of each run's scratch directory under `context.workDir`. */
  dirPrefix: string;
}

/**
 * Every contender `runs` times in alternating order (`alternatingSchedule`) after the warm-up
 * rounds, each run in a fresh scratch directory removed afterwards. `runOnce` downloads and
 * verifies (outside its own timing); each run is logged. Returns the seconds of the timed runs and
 * the timed runs themselves, in order.
 */
export async function timeRounds<C extends string, R extends TimedRun>(
  context: BenchContext,
  { contenders, runs, dirPrefix }: RoundsOptions<C>,
  runOnce: (contender: C, dir: string) => Promise<R>,
): Promise<{ seconds: Samples<C>; timed: { contender: C; run: R }[] }> {
  const seconds = new Samples<C>();
  const timed: { contender: C; run: R }[] = [];
  const width = Math.max(...contenders.map((contender) => contender.length));
  for (const { contender, warmup } of alternatingSchedule(contenders, runs, context.config.warmupRounds)) {
    const dir = await mkdtemp(path.join(context.workDir, `${dirPrefix}${contender}-`));
    try {
      const run = await runOnce(contender, dir);
      context.log(`  ${contender.padEnd(width)} ${(run.elapsedMs / 1000).toFixed(3)} s${warmup ? ' (warm-up)' : ''}`);
      if (warmup) continue;
      seconds.add(contender, run.elapsedMs / 1000);
      timed.push({ contender, run });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  return { seconds, timed };
}
