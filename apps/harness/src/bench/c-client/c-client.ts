import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { benchError } from '../bench-error.js';
import { runProcess } from '../run-process.js';
import { C_CLIENT_SOURCE } from './c-client-source.js';

/** The compiled C reference client, or why there is none. */
export type CClient = { binary: string } | { skipped: string };

/**
 * Compile the C reference client into `dir` with the system compiler (`$CC`, else `cc`), `-O2`;
 * with `sha256`, the variant that hashes the body on a second thread (OpenSSL's libcrypto and its
 * headers, Debian's `libssl-dev`). Resolves with `{ skipped }` (never throws) when no compiler is
 * installed or it fails.
 */
export async function buildCClient(dir: string, options: { sha256?: boolean } = {}): Promise<CClient> {
  const compiler = process.env['CC'] || 'cc';
  const name = options.sha256 ? 'c-client-sha256' : 'c-client';
  const source = path.join(dir, `${name}.c`);
  const binary = path.join(dir, name);
  await writeFile(source, C_CLIENT_SOURCE);
  const flags = options.sha256 ? ['-DWITH_SHA256', source, '-lcrypto', '-lpthread'] : [source];
  try {
    await runProcess(compiler, ['-O2', '-o', binary, ...flags], { timeoutMs: 60_000 });
    return { binary };
  } catch (error) {
    const why = ((error as NodeJS.ErrnoException).message ?? String(error)).split('\n')[0];
    return options.sha256
      ? { skipped: `skipped: ${compiler} could not build the C client with SHA-256 (needs OpenSSL's libcrypto and headers, e.g. libssl-dev): ${why}` }
      : { skipped: `skipped: no C compiler (${compiler}) could build the C client: ${why}` };
  }
}

/**
 * Download `url` to `file` with the C client; it times itself (connect to file closed). The SHA-256
 * variant's digest (its second line) must be `expectedSha256`.
 */
export async function cDownload(
  binary: string,
  url: string,
  file: string,
  expectedSha256?: string,
): Promise<{ path: string; elapsedMs: number }> {
  const { hostname, port, pathname, search } = new URL(url);
  const { stdout } = await runProcess(binary, [hostname, port || '80', pathname + search, file]);
  const [time = '', digest] = stdout.trim().split('\n');
  const elapsedMs = Number(time);
  if (!Number.isFinite(elapsedMs)) throw benchError(`the C client printed no time: ${stdout}`);
  if (expectedSha256 !== undefined && digest !== expectedSha256) {
    throw benchError(`the C client's SHA-256 is ${String(digest)}, not ${expectedSha256}`);
  }
  return { path: file, elapsedMs };
}
