import { performance } from 'node:perf_hooks';

/** How long a throughput loop warms up and then runs. */
export interface LoopTiming {
  /** Untimed warm-up, so the JIT has optimised the operation. */
  warmupMs: number;
  /** Timed run; the loop keeps going until at least this much time has passed. */
  durationMs: number;
}

/** Operations between clock reads, so reading the clock stays out of the measurement. */
const BATCH = 64;

/** Keeps results reachable so the optimiser cannot drop the work. */
let sink: unknown;

/** Run `operation` in a loop and return how many times per second it completes. */
export function measureOpsPerSecond(operation: () => unknown, { warmupMs, durationMs }: LoopTiming): number {
  runFor(operation, warmupMs);
  const { ops, elapsedMs } = runFor(operation, durationMs);
  if (sink === undefined) throw new TypeError('the measured operation returned nothing');
  return ops / (elapsedMs / 1000);
}

function runFor(operation: () => unknown, durationMs: number): { ops: number; elapsedMs: number } {
  const start = performance.now();
  let ops = 0;
  let elapsedMs = 0;
  do {
    for (let index = 0; index < BATCH; index++) sink = operation();
    ops += BATCH;
    elapsedMs = performance.now() - start;
  } while (elapsedMs < durationMs);
  return { ops, elapsedMs };
}
