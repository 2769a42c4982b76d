import type { LoopName } from '../workers/task.js';
import { measureOpsPerSecond, type LoopTiming } from './measure.js';

/** Each loop's operation factory, imported on demand so a worker loads only what it measures. */
const LOOPS: Record<LoopName, () => Promise<() => unknown>> = {
  fills: async () => (await import('./fills.js')).createFill(),
  'fills-peer': async () => (await import('./fills.js')).createNaiveFill(),
  errors: async () => (await import('./errors.js')).createPipelineErrorJson(),
  'errors-peer': async () => (await import('./errors.js')).createPlainErrorJson(),
};

/** Build the named operation, then measure its operations per second. */
export async function runLoop(loop: LoopName, timing: LoopTiming): Promise<number> {
  return measureOpsPerSecond(await LOOPS[loop](), timing);
}
