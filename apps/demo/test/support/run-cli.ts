import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';

/** The built CLI, as `npx nx run demo` runs it. */
export const DEMO_MAIN = join(__dirname, '..', '..', 'dist', 'main.js');

/** What a run printed and how it ended. */
export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Collects a piped child's stdout and stderr (UTF-8) until it closes, with its exit code. */
export function outputOf(child: ChildProcessByStdio<null, Readable, Readable>): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Runs `node dist/main.js ...args` with a clean colour environment plus `env`; stdout and stderr are pipes (not a TTY). */
export function runCli(args: readonly string[], env: Record<string, string> = {}): Promise<CliRun> {
  if (!existsSync(DEMO_MAIN)) {
    throw new Error(
      `${DEMO_MAIN} is missing: build first (npx tsc -b apps/demo/tsconfig.app.json)`,
    );
  }
  const baseEnv = { ...process.env };
  delete baseEnv['NO_COLOR'];
  delete baseEnv['FORCE_COLOR'];
  return outputOf(
    spawn(process.execPath, [DEMO_MAIN, ...args], {
      env: { ...baseEnv, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
}

/** A fresh temporary directory for `--base-dir`; `remove()` deletes it. */
export async function tempBaseDir(): Promise<{ readonly path: string; remove(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'demo-test-'));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

const ESC = '\u001B';

/** Every ANSI escape sequence in `text`, without its ESC: `[32m` (colour), `[4A` (cursor up), `[2K` (erase line). */
export function ansiSequences(text: string): string[] {
  return text
    .split(ESC)
    .slice(1)
    .map((rest) => /^\[[0-9;?]*[A-Za-z]/.exec(rest)?.[0] ?? rest.slice(0, 1));
}

/** Matches a Node stack frame line. */
export const STACK_FRAME = /^\s+at .+[(:]/m;
