import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { benchError } from './bench-error.js';

/** What a finished bench child process printed, and how long it ran. */
export interface ProcessRun {
  stdout: string;
  /** Spawn to exit, in milliseconds. */
  wallMs: number;
}

/** Options of {@link runProcess}. */
export interface RunProcessOptions {
  /** Kill the child (SIGKILL) and fail after this long. Default 180 000 ms: no bench run may hang the bench. */
  timeoutMs?: number;
  /** Variables added to this process's environment for the child. Default: none. */
  env?: Readonly<Record<string, string>>;
}

/** Run `command args` (no shell) to completion; throws unless it exits with 0 in time. */
export async function runProcess(command: string, args: string[], { timeoutMs = 180_000, env }: RunProcessOptions = {}): Promise<ProcessRun> {
  const start = performance.now();
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...(env ? { env: { ...process.env, ...env } } : {}) });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  try {
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (exitCode, exitSignal) => resolve([exitCode, exitSignal]));
    });
    const wallMs = performance.now() - start;
    if (code !== 0) {
      const why = signal === 'SIGKILL' ? `was killed after ${timeoutMs} ms` : `exited with ${String(code ?? signal)}`;
      throw benchError(`${command} ${why}: ${stderr.trim() || stdout.trim()}`);
    }
    return { stdout, wallMs };
  } finally {
    clearTimeout(timer);
  }
}
