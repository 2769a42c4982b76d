import { fileURLToPath } from 'node:url';
import { runProcess } from '../run-process.js';
import type { ReportOf, WorkerTask } from './task.js';

/** Extra `node` flags for every worker, e.g. `--cpu-prof` (from `BENCH_NODE_OPTIONS`). */
const EXTRA_NODE_FLAGS = (process.env['BENCH_NODE_OPTIONS'] ?? '').split(' ').filter(Boolean);
const WORKER_PATH = fileURLToPath(new URL('./worker-main.js', import.meta.url));

/**
 * Run `task` in a fresh Node process and return the report it prints (its last stdout line). `env`
 * is added to the worker's environment (e.g. `NODE_EXTRA_CA_CERTS`, read by Node at start-up).
 */
export async function runWorker<T extends WorkerTask>(task: T, env?: Readonly<Record<string, string>>): Promise<ReportOf<T>> {
  const { stdout } = await runProcess(process.execPath, [...EXTRA_NODE_FLAGS, WORKER_PATH, JSON.stringify(task)], env ? { env } : {});
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as ReportOf<T>;
}
