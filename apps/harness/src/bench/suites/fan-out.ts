import path from 'node:path';
import { benchError } from '../bench-error.js';
import { formatBytes } from '../config.js';
import type { DownloadItem } from '../contenders/contender.js';
import { curlParallel, curlStartupMs } from '../contenders/curl.js';
import { MINIMAL_CLIENT_DESIGN } from '../contenders/minimal-node.js';
import { verifyFile } from '../hash.js';
import { makeFigure, type Figure } from '../report/figure.js';
import { median } from '../stats.js';
import { runWorker } from '../workers/run-worker.js';
import type { BenchContext } from './context.js';
import { timeRounds } from './timed-rounds.js';

type Contender = 'ours' | 'curl' | 'minimal';

/**
 * Many small files at a fixed concurrency: ours (`downloadMany`, in its own process) against
 * `curl --parallel --parallel-max <n> -K <config>` and, as a reference, the minimal Node client
 * over as many kept-alive connections (`prepareMinimalMany`), alternating, every file verified after
 * timing.
 */
export async function benchFanOut(context: BenchContext): Promise<Figure[]> {
  const { config, fixtures, server } = context;
  const items: DownloadItem[] = fixtures.fanOut.map((fixture) => ({
    url: context.origin + fixture.urlPath,
    filename: path.posix.basename(fixture.urlPath),
  }));
  const contenders: Contender[] = context.curl ? ['ours', 'curl', 'minimal'] : ['ours', 'minimal'];
  const startupMs = context.curl ? await curlStartupMs() : 0;
  const { seconds } = await timeRounds(
    context,
    { contenders, runs: config.fanOutRuns, dirPrefix: 'fan-' },
    async (contender, dir) => {
      const run =
        contender === 'curl'
          ? await curlParallel(items, dir, config.fanOutConcurrency, startupMs)
          : await runWorker({ kind: 'fan-out', contender, dir, items, concurrency: config.fanOutConcurrency });
      if (run.paths.length !== fixtures.fanOut.length) throw benchError(`${contender} returned ${run.paths.length} files`);
      await Promise.all(run.paths.map((file, index) => verifyFile(file, fixtures.fanOut[index], `${contender} fan-out`)));
      return run;
    },
  );

  const ours = seconds.of('ours');
  const figure = `${config.fanOutCount} × ${formatBytes(config.fanOutFileBytes)} at concurrency ${config.fanOutConcurrency} from ${server.label}, median time`;
  return [
    makeFigure({
      id: `${server.idPrefix}fan_out_vs_curl_parallel`,
      figure,
      unit: 's',
      ours: median(ours),
      peerName: `curl --parallel --parallel-max ${config.fanOutConcurrency}`,
      peer: seconds.median('curl'),
      target: { on: 'ratio', op: '<=', value: 0.85 },
      samples: { ours, peer: seconds.of('curl') },
      note: context.curl
        ? `curl timed as process wall time minus its start-up (${startupMs.toFixed(1)} ms, best of 5 \`curl --version\`)`
        : 'skipped: curl is not installed',
    }),
    // A reference, no target: what `downloadMany` adds to the smallest Node client of its design.
    makeFigure({
      id: `${server.idPrefix}fan_out_vs_minimal_node`,
      figure,
      unit: 's',
      ours: median(ours),
      peerName: `minimal Node client over ${config.fanOutConcurrency} kept-alive connections (${MINIMAL_CLIENT_DESIGN})`,
      peer: seconds.median('minimal'),
      target: null,
      samples: { ours, peer: seconds.of('minimal') },
    }),
  ];
}
