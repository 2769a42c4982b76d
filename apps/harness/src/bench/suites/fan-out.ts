import path from 'node:path';
import { benchError } from '../bench-error.js';
import { formatBytes } from '../config.js';
import type { DownloadItem } from '../contenders/contender.js';
import { curlParallel, curlStartupMs } from '../contenders/curl.js';
import { verifyFile } from '../hash.js';
import { makeFigure, type Figure } from '../report/figure.js';
import { median } from '../stats.js';
import { runWorker } from '../workers/run-worker.js';
import type { BenchContext } from './context.js';
import { timeRounds } from './timed-rounds.js';

type Contender = 'ours' | 'curl';

/**
 * Many small files at a fixed concurrency: ours (`downloadMany`, in its own process) against
 * `curl --parallel --parallel-max <n> -K <config>`, alternating, every file verified after timing.
 */
export async function benchFanOut(context: BenchContext): Promise<Figure[]> {
  const { config, fixtures, server } = context;
  const items: DownloadItem[] = fixtures.fanOut.map((fixture) => ({
    url: context.origin + fixture.urlPath,
    filename: path.posix.basename(fixture.urlPath),
  }));
  const contenders: Contender[] = context.curl ? ['ours', 'curl'] : ['ours'];
  const startupMs = context.curl ? await curlStartupMs() : 0;
  const { seconds } = await timeRounds(
    context,
    { contenders, runs: config.fanOutRuns, dirPrefix: 'fan-' },
    async (contender, dir) => {
      const run =
        contender === 'ours'
          ? await runWorker({ kind: 'fan-out', dir, items, concurrency: config.fanOutConcurrency })
          : await curlParallel(items, dir, config.fanOutConcurrency, startupMs);
      if (run.paths.length !== fixtures.fanOut.length) throw benchError(`${contender} returned ${run.paths.length} files`);
      await Promise.all(run.paths.map((file, index) => verifyFile(file, fixtures.fanOut[index], `${contender} fan-out`)));
      return run;
    },
  );

  const ours = seconds.of('ours');
  const curl = seconds.of('curl');
  return [
    makeFigure({
      id: `${server.idPrefix}fan_out_vs_curl_parallel`,
      figure: `${config.fanOutCount} × ${formatBytes(config.fanOutFileBytes)} at concurrency ${config.fanOutConcurrency} from ${server.label}, median time`,
      unit: 's',
      ours: median(ours),
      peerName: `curl --parallel --parallel-max ${config.fanOutConcurrency}`,
      peer: seconds.median('curl'),
      target: { on: 'ratio', op: '<=', value: 0.85 },
      samples: { ours, peer: curl },
      note: context.curl
        ? `curl timed as process wall time minus its start-up (${startupMs.toFixed(1)} ms, best of 5 \`curl --version\`)`
        : 'skipped: curl is not installed',
    }),
  ];
}
