import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { benchError } from '../bench-error.js';
import { runProcess } from '../run-process.js';
import type { DownloadItem } from './contender.js';

/**
 * `-q` first (ignore any ~/.curlrc), fail on HTTP errors, never go through a proxy, and no
 * progress meter (`--silent` alone leaves the `--parallel` meter on in curl 7.88).
 */
const COMMON_ARGS = ['-q', '--silent', '--show-error', '--no-progress-meter', '--fail', '--noproxy', '*'];

const runCurl = (args: string[]) => runProcess('curl', args);

/** The installed curl's version line, or `undefined` when curl is not on PATH. */
export async function curlVersion(): Promise<string | undefined> {
  try {
    return (await runCurl(['--version'])).stdout.split('\n')[0];
  } catch {
    return undefined;
  }
}

/**
 * Wall time of a curl process that transfers nothing (`curl --version`, best of 5): what a
 * process-timed curl run spends on start-up and exit.
 */
export async function curlStartupMs(): Promise<number> {
  const times: number[] = [];
  for (let run = 0; run < 5; run++) times.push((await runCurl(['--version'])).wallMs);
  return Math.min(...times);
}

/**
 * `curl -o <file> <url>`, timed by curl itself (`-w '%{time_total}'`). Resolves with the file path and milliseconds.
 * `caCert`: a PEM file curl trusts for HTTPS (`--cacert`).
 */
export async function curlDownload(url: string, file: string, caCert?: string): Promise<{ path: string; elapsedMs: number }> {
  const trust = caCert === undefined ? [] : ['--cacert', caCert];
  const { stdout } = await runCurl([...COMMON_ARGS, ...trust, '-o', file, '-w', '%{time_total}', url]);
  const seconds = Number(stdout.trim());
  if (!Number.isFinite(seconds)) throw benchError(`curl printed no time_total: ${stdout}`);
  return { path: file, elapsedMs: seconds * 1000 };
}

/**
 * `curl --parallel --parallel-max <concurrency> -K <config>` over `items`, saving into `dir`.
 * Timed as the process's wall time minus `startupMs` (curl has no total for parallel transfers).
 */
export async function curlParallel(
  items: DownloadItem[],
  dir: string,
  concurrency: number,
  startupMs: number,
): Promise<{ paths: string[]; elapsedMs: number }> {
  const paths = items.map((item) => path.join(dir, item.filename));
  const config = items.map((item, index) => `url = "${item.url}"\noutput = "${paths[index]}"\n`).join('');
  const configFile = path.join(dir, '.curl-config');
  await writeFile(configFile, config);
  const { wallMs } = await runCurl([...COMMON_ARGS, '--parallel', '--parallel-max', String(concurrency), '-K', configFile]);
  return { paths, elapsedMs: Math.max(0, wallMs - startupMs) };
}
