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
  /** Environment variables added to (or, when `undefined`, removed from) this process's. Default: none. */
  env?: Readonly<Record<string, string | undefined>>;
  /**
   * Run the child under this file size limit (`RLIMIT_FSIZE`, set with the shell's `ulimit -f`, in
   * whole 512-byte blocks): a write past it fails with `EFBIG`, as a disk filling up mid-file would
   * fail, without filling a disk. Default: no limit.
   */
  fileSizeLimitBytes?: number;
}

/** Runs `node <args>` to completion and collects its output (no shell involved, but for `fileSizeLimitBytes`). */
export function runNode(
  args: readonly string[],
  { cwd, timeoutMs = 20_000, env, fileSizeLimitBytes }: RunNodeOptions = {},
): Promise<NodeRun> {
  const [command, commandArgs] =
    fileSizeLimitBytes === undefined
      ? [process.execPath, args]
      : // `sh -c 'ulimit -f N && exec "$0" "$@"' node args…`: the arguments never pass through the shell's parser.
        [
          '/bin/sh',
          [
            '-c',
            `ulimit -f ${Math.floor(fileSizeLimitBytes / 512)} && exec "$0" "$@"`,
            process.execPath,
            ...args,
          ],
        ];
  return new Promise((resolve, reject) => {
    const child = spawn(command, commandArgs, {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
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
