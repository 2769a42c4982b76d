import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { join } from 'node:path';
import { DEMO_MAIN, outputOf, type CliRun } from './run-cli.js';

/**
 * Runs `node dist/main.js ...args` on a pseudo-terminal of `columns` × `rows`, through util-linux
 * `script` (present wherever Debian's bsdutils is): the demo sees a real TTY, as in a person's terminal.
 * `stdout` is what the terminal received (the typescript), with `\r\n` line ends.
 */
export function runOnTerminal(
  args: readonly string[],
  { columns, rows = 60, env = {} }: { columns: number; rows?: number; env?: Record<string, string> },
): Promise<CliRun> {
  const quoted = [process.execPath, DEMO_MAIN, ...args].map((arg) => `'${arg.replace(/'/g, `'\\''`)}'`);
  const command = `stty cols ${columns} rows ${rows}; exec ${quoted.join(' ')}`;
  const baseEnv = { ...process.env };
  delete baseEnv['NO_COLOR'];
  delete baseEnv['FORCE_COLOR'];
  return outputOf(
    spawn('script', ['-qfec', command, '/dev/null'], {
      env: { TERM: 'xterm-256color', ...baseEnv, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
}

/** Whether util-linux `script` is on the PATH (the TTY tests need it). */
export function hasScript(): boolean {
  const dirs = (process.env['PATH'] ?? '').split(':');
  return dirs.some((dir) => {
    try {
      accessSync(join(dir, 'script'), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}
