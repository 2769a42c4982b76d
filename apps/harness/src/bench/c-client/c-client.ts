import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { benchError } from '../bench-error.js';
import { runProcess } from '../run-process.js';
import { C_CLIENT_SOURCE } from './c-client-source.js';

/** The compiled C reference client, or why there is none. */
export type CClient = { binary: string } | { skipped: string };

/**
 * Compile the C reference client into `dir` with the system compiler (`$CC`, else `cc`), `-O2`.
 * Resolves with `{ skipped }` (never throws) when no compiler is installed or it fails.
 */
export async function buildCClient(dir: string): Promise<CClient> {
  const compiler = process.env['CC'] || 'cc';
  const source = path.join(dir, 'c-client.c');
  const binary = path.join(dir, 'c-client');
  await writeFile(source, C_CLIENT_SOURCE);
  try {
    await runProcess(compiler, ['-O2', '-o', binary, source], { timeoutMs: 60_000 });
    return { binary };
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).message ?? String(error);
    return { skipped: `skipped: no C compiler (${compiler}) could build the C client: ${why.split('\n')[0]}` };
  }
}

/** Download `url` to `file` with the C client; it times itself (connect to file closed). */
export async function cDownload(binary: string, url: string, file: string): Promise<{ path: string; elapsedMs: number }> {
  const { hostname, port, pathname, search } = new URL(url);
  const { stdout } = await runProcess(binary, [hostname, port || '80', pathname + search, file]);
  const elapsedMs = Number(stdout.trim());
  if (!Number.isFinite(elapsedMs)) throw benchError(`the C client printed no time: ${stdout}`);
  return { path: file, elapsedMs };
}
