import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { benchError } from '../bench-error.js';
import { runProcess } from '../run-process.js';
import { C_CLIENT_SOURCE } from './c-client-source.js';

/** The compiled C reference client, or why there is none. */
export type CClient = { binary: string } | { skipped: string };

/**
 * Which C client to build: `plain` (blocking reads, the floor), `sha256` (hashing on a second
 * thread) or `nonblocking` (libuv's read pattern, a reference for what the event loop's I/O model
 * costs without Node's per-read work). See `C_CLIENT_SOURCE`.
 */
export type CClientVariant = 'plain' | 'sha256' | 'nonblocking';

/** Every variant, in build order (`plain` first: without it the others' notes are noise). */
export const C_CLIENT_VARIANTS: readonly CClientVariant[] = ['plain', 'sha256', 'nonblocking'];

const VARIANTS: Record<CClientVariant, { name: string; flags: (source: string) => string[]; needs: string }> = {
  plain: { name: 'c-client', flags: (source) => [source], needs: '' },
  sha256: {
    name: 'c-client-sha256',
    flags: (source) => ['-DWITH_SHA256', source, '-lcrypto', '-lpthread'],
    needs: " with SHA-256 (needs OpenSSL's libcrypto and headers, e.g. libssl-dev)",
  },
  nonblocking: { name: 'c-client-nonblocking', flags: (source) => ['-DNONBLOCKING', source], needs: ' with non-blocking reads (needs epoll: Linux)' },
};

/**
 * Compile a C reference client (`variant`, default `plain`) into `dir` with the system compiler
 * (`$CC`, else `cc`), `-O2`. Resolves with `{ skipped }` (never throws) when no compiler is
 * installed or it fails.
 */
export async function buildCClient(dir: string, variant: CClientVariant = 'plain'): Promise<CClient> {
  const compiler = process.env['CC'] || 'cc';
  const { name, flags, needs } = VARIANTS[variant];
  const source = path.join(dir, `${name}.c`);
  const binary = path.join(dir, name);
  await writeFile(source, C_CLIENT_SOURCE);
  try {
    await runProcess(compiler, ['-O2', '-o', binary, ...flags(source)], { timeoutMs: 60_000 });
    return { binary };
  } catch (error) {
    const why = ((error as NodeJS.ErrnoException).message ?? String(error)).split('\n')[0];
    // No compiler at all is the same reason for every variant.
    return variant === 'plain' || (error as NodeJS.ErrnoException).code === 'ENOENT'
      ? { skipped: `skipped: no C compiler (${compiler}) could build the C client: ${why}` }
      : { skipped: `skipped: ${compiler} could not build the C client${needs}: ${why}` };
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
