import type { DownloadItem } from '../contenders/contender.js';

/**
 * The Node download implementations the bench compares (curl and the C client run as their own
 * binaries). `ours-sha256` is `downloadFile` asked to check the file's SHA-256; `minimal` is the
 * smallest Node client of the same design, a reference (`minimalNodeContender`).
 */
export type NodeContender = 'ours' | 'ours-sha256' | 'fetch' | 'got' | 'minimal';

/** The Node fan-out implementations: `downloadMany`, and the minimal client's (a reference). */
export type FanOutContender = 'ours' | 'minimal';

/** The throughput loops: ours and the peer of each. */
export type LoopName = 'fills' | 'fills-peer' | 'errors' | 'errors-peer';

/** What a worker process does; passed as JSON in `argv[2]`. */
export type WorkerTask =
  | { kind: 'idle'; contender: NodeContender }
  | { kind: 'download'; contender: NodeContender; dir: string; item: DownloadItem }
  | { kind: 'fan-out'; contender: FanOutContender; dir: string; items: DownloadItem[]; concurrency: number }
  | { kind: 'loop'; loop: LoopName; warmupMs: number; durationMs: number };

/** Peak RSS of a process that imported a contender and did nothing else (see `peakRssBytes`). */
export interface IdleReport {
  peakRssBytes: number;
}

/** A timed transfer: request start to last file closed, measured inside the worker. */
export interface TransferReport {
  elapsedMs: number;
  peakRssBytes: number;
  paths: string[];
}

/** A throughput loop's result. */
export interface LoopReport {
  opsPerSecond: number;
}

/** The report a worker prints for a task. */
export type ReportOf<T extends WorkerTask> = T extends { kind: 'idle' }
  ? IdleReport
  : T extends { kind: 'loop' }
    ? LoopReport
    : TransferReport;
