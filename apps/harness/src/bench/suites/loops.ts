import { makeFigure, type Figure, type Target } from '../report/figure.js';
import { alternatingSchedule, median, Samples } from '../stats.js';
import { runWorker } from '../workers/run-worker.js';
import type { LoopName } from '../workers/task.js';
import type { BenchContext } from './context.js';

interface LoopPair {
  id: string;
  figure: string;
  ours: LoopName;
  peer: LoopName;
  peerName: string;
  target: Target | null;
}

const PAIRS: LoopPair[] = [
  {
    id: 'template_fills_per_second',
    figure: 'getSceneTemplate + fillTemplate',
    ours: 'fills',
    peer: 'fills-peer',
    peerName: 'naive deep copy + split/join, no validation',
    target: { on: 'ours', op: '>=', value: 200_000 },
  },
  {
    id: 'pipeline_error_json_per_second',
    figure: 'PipelineError create + toJSON (stringified)',
    ours: 'errors',
    peer: 'errors-peer',
    peerName: 'new Error + JSON.stringify of the same body',
    target: null,
  },
];

/** The in-memory throughput loops, ours and peer alternating, each run in a fresh process. */
export async function benchLoops(context: Pick<BenchContext, 'config' | 'log'>): Promise<Figure[]> {
  const { loopWarmupMs: warmupMs, loopDurationMs: durationMs, loopRuns: runs } = context.config;
  const figures: Figure[] = [];
  for (const pair of PAIRS) {
    const samples = new Samples<LoopName>();
    for (const { contender: loop } of alternatingSchedule([pair.ours, pair.peer], runs)) {
      const { opsPerSecond } = await runWorker({ kind: 'loop', loop, warmupMs, durationMs });
      samples.add(loop, opsPerSecond);
      context.log(`  ${loop.padEnd(11)} ${Math.round(opsPerSecond).toLocaleString('en-US')} ops/s`);
    }
    const ours = samples.of(pair.ours);
    const peer = samples.of(pair.peer);
    figures.push(
      makeFigure({
        id: pair.id,
        figure: pair.figure,
        unit: 'ops/s',
        ours: median(ours),
        peerName: pair.peerName,
        peer: median(peer),
        target: pair.target,
        samples: { ours, peer },
      }),
    );
  }
  return figures;
}
