import { spawn } from 'node:child_process';

/** What a finished child process left behind. */
export interface NodeRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options of `runNode`. */
export interface RunNodeOptions {
  /** Working directory. Default: this process's. */
  cwd?: string;
  /** Kill the child (SIGKILL) after this long. Default 20 000 ms. */
  timeoutMs?: number;
}

/** Runs `node <args>` to completion and collects its output (no shell involved). */
export function runNode(args: readonly string[], { cwd, timeoutMs = 20_000 }: RunNodeOptions = {}): Promise<NodeRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}
