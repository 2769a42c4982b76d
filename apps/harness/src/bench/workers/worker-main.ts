/**
 * A bench worker process: `node worker-main.js '<WorkerTask JSON>'` runs one task in isolation
 * and prints its report as one JSON line on stdout.
 */
import { performance } from 'node:perf_hooks';
import type { Contender, DownloadAll } from '../contenders/contender.js';
import { runLoop } from '../loops/run-loop.js';
import { peakRssBytes } from './peak-rss.js';
import type { FanOutContender, IdleReport, LoopReport, NodeContender, TransferReport, WorkerTask } from './task.js';

/** Each contender is imported only when asked for, so an idle process loads exactly one library. */
const CONTENDERS: Record<NodeContender, () => Promise<Contender>> = {
  ours: async () => (await import('../contenders/ours.js')).oursContender,
  'ours-sha256': async () => (await import('../contenders/ours.js')).oursSha256Contender,
  fetch: async () => (await import('../contenders/fetch.js')).fetchContender,
  got: async () => (await import('../contenders/got.js')).gotContender,
  minimal: async () => (await import('../contenders/minimal-node.js')).minimalNodeContender,
};

/** The fan-out's contenders, imported the same way. */
const FAN_OUT_CONTENDERS: Record<FanOutContender, (dir: string) => Promise<DownloadAll>> = {
  ours: async (dir) => (await import('../contenders/ours.js')).prepareOursMany(dir),
  minimal: async (dir) => (await import('../contenders/minimal-node.js')).prepareMinimalMany(dir),
};

async function run(task: WorkerTask): Promise<IdleReport | TransferReport | LoopReport> {
  switch (task.kind) {
    case 'idle':
      await CONTENDERS[task.contender]();
      return { peakRssBytes: peakRssBytes() };
    case 'download': {
      const download = await (await CONTENDERS[task.contender]()).prepare(task.dir);
      const start = performance.now();
      const file = await download(task.item);
      return { elapsedMs: performance.now() - start, peakRssBytes: peakRssBytes(), paths: [file] };
    }
    case 'fan-out': {
      const downloadAll = await FAN_OUT_CONTENDERS[task.contender](task.dir);
      const start = performance.now();
      const paths = await downloadAll(task.items, task.concurrency);
      return { elapsedMs: performance.now() - start, peakRssBytes: peakRssBytes(), paths };
    }
    case 'loop':
      return { opsPerSecond: await runLoop(task.loop, task) };
  }
}

const report = await run(JSON.parse(process.argv[2] ?? '{}') as WorkerTask);
// Exit explicitly: idle keep-alive sockets of an HTTP client must not keep the worker alive.
process.stdout.write(`${JSON.stringify(report)}\n`, () => process.exit(0));
