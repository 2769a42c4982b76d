import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { formatBytes } from '../config.js';
import { curlDownload } from '../contenders/curl.js';
import { verifyFile } from '../hash.js';
import { makeFigure, type Figure } from '../report/figure.js';
import { alternatingSchedule, median, Samples } from '../stats.js';
import { runWorker } from '../workers/run-worker.js';
import type { NodeContender } from '../workers/task.js';
import type { BenchContext } from './context.js';

type Contender = NodeContender | 'curl';

const MiB = 1024 * 1024;
const FILENAME = 'big.bin';
const NODE_CONTENDERS: NodeContender[] = ['ours', 'fetch', 'got'];
const PEER_NAMES: Record<Contender, string> = {
  ours: 'AssetManager.downloadFile',
  fetch: 'fetch + pipeline',
  got: 'got.stream',
  curl: 'curl -o',
};

interface Run {
  path: string;
  elapsedMs: number;
  peakRssBytes?: number;
}

async function downloadOnce(context: BenchContext, contender: Contender, dir: string): Promise<Run> {
  const url = context.origin + context.fixtures.big.urlPath;
  if (contender === 'curl') return curlDownload(url, path.join(dir, FILENAME));
  const report = await runWorker({ kind: 'download', contender, dir, item: { url, filename: FILENAME } });
  return { path: report.paths[0], elapsedMs: report.elapsedMs, peakRssBytes: report.peakRssBytes };
}

/**
 * One large file downloaded by ours, `fetch`, `got` and `curl -o`, each run in its own
 * process, in alternating order; every download verified (size and SHA-256) after its timing.
 * Also the peak RSS growth of the download processes over idle processes that only import.
 */
export async function benchSingleDownload(context: BenchContext): Promise<Figure[]> {
  const { config, fixtures } = context;
  const contenders: Contender[] = [...NODE_CONTENDERS, ...(context.curl ? (['curl'] as const) : [])];
  const seconds = new Samples<Contender>();
  const peakRss = new Samples<NodeContender>();
  const idleRss = new Samples<NodeContender>();

  for (const { contender, warmup } of alternatingSchedule(contenders, config.bigFileRuns, config.warmupRounds)) {
    const dir = await mkdtemp(path.join(context.workDir, `${contender}-`));
    try {
      const run = await downloadOnce(context, contender, dir);
      await verifyFile(run.path, fixtures.big, `${contender} single download`);
      context.log(`  ${contender.padEnd(5)} ${(run.elapsedMs / 1000).toFixed(3)} s${warmup ? ' (warm-up)' : ''}`);
      if (warmup) continue;
      seconds.add(contender, run.elapsedMs / 1000);
      if (contender !== 'curl' && run.peakRssBytes !== undefined) peakRss.add(contender, run.peakRssBytes / MiB);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  for (const { contender } of alternatingSchedule(NODE_CONTENDERS, config.bigFileRuns)) {
    idleRss.add(contender, (await runWorker({ kind: 'idle', contender })).peakRssBytes / MiB);
  }

  const size = formatBytes(fixtures.big.size);
  const ours = seconds.of('ours');
  const versus = (peer: Contender, target: Figure['target'], note?: string): Figure =>
    makeFigure({
      id: `single_download_vs_${peer}`,
      figure: `${size} download, median time`,
      unit: 's',
      ours: median(ours),
      peerName: PEER_NAMES[peer],
      peer: seconds.median(peer),
      target,
      samples: { ours, peer: seconds.of(peer) },
      ...(note ? { note } : {}),
    });
  const growth = (contender: NodeContender) => Math.max(...peakRss.of(contender)) - median(idleRss.of(contender));

  return [
    versus('curl', { on: 'ratio', op: '<=', value: 1.1 }, context.curl ? undefined : 'skipped: curl is not installed'),
    versus('fetch', { on: 'ratio', op: '<', value: 1 }),
    versus('got', { on: 'ratio', op: '<', value: 1 }),
    makeFigure({
      id: 'single_download_rss_growth',
      figure: `${size} download, peak RSS over idle`,
      unit: 'MiB',
      ours: growth('ours'),
      peerName: PEER_NAMES.fetch,
      peer: growth('fetch'),
      target: { on: 'ours', op: '<', value: 64 },
      samples: { ours: peakRss.of('ours'), peer: peakRss.of('fetch') },
      note: 'worst peak RSS (VmHWM) of the download processes minus the median of processes that only import the same code',
    }),
  ];
}
