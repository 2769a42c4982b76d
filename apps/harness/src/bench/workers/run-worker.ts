import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { benchError } from '../bench-error.js';
import type { ReportOf, WorkerTask } from './task.js';

/** Extra `node` flags for every worker, e.g. `--cpu-prof` (from `BENCH_NODE_OPTIONS`). */
const EXTRA_NODE_FLAGS = (process.env['BENCH_NODE_OPTIONS'] ?? '').split(' ').filter(Boolean);

/** Run `task` in a fresh Node process and return the report it prints. */
export async function runWorker<T extends WorkerTask>(task: T): Promise<ReportOf<T>> {
  const workerPath = new URL('./worker-main.js', import.meta.url);
  const child = spawn(process.execPath, [...EXTRA_NODE_FLAGS, fileURLToPath(workerPath), JSON.stringify(task)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  const lastLine = stdout.trim().split('\n').at(-1) ?? '';
  if (code !== 0 || !lastLine) {
    throw benchError(`bench worker (${task.kind}) exited with ${String(code)}: ${stderr.trim() || stdout.trim()}`);
  }
  return JSON.parse(lastLine) as ReportOf<T>;
}
