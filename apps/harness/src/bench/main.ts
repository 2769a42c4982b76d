/**
 * `nx run harness:bench`: our downloads against curl, a C reference client, fetch and got, from a
 * Node file server and from nginx when it is installed, and the in-memory
 * throughput loops, in one run on one machine. Prints the table and writes it as JSON.
 *
 * Flags: `--quick` (small smoke run), `--out <file>` (default `<workspace>/dist/bench/results.json`),
 * `--tmp-dir <dir>` (parent of the reused file cache `ad-pipeline-bench/` and of the scratch
 * directory, default the OS temp dir), `--markdown` (also print the table as Markdown).
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildCClient, C_CLIENT_VARIANTS, type CClient, type CClientVariant } from './c-client/c-client.js';
import { FULL_CONFIG, QUICK_CONFIG } from './config.js';
import { curlVersion } from './contenders/curl.js';
import { CACHE_DIR_NAME, prepareFixtures } from './fixtures.js';
import type { Figure } from './report/figure.js';
import { describeMachine, writeResults, type BenchResults } from './report/results.js';
import { describeRun, formatMarkdown, formatTextTable } from './report/table.js';
import { createSelfSignedCert } from './server/self-signed.js';
import { findNginx, startNginx, type TlsFiles } from './server/start-nginx.js';
import { startFileServer, type FileServer } from './server/start-server.js';
import type { BenchContext, ServerInfo } from './suites/context.js';
import { benchFanOut } from './suites/fan-out.js';
import { benchHttpsDownload } from './suites/https-download.js';
import { benchLoops } from './suites/loops.js';
import { benchPersistJob } from './suites/persist-job.js';
import { benchSingleDownload } from './suites/single-download.js';

const METHOD =
  'Every contender runs in its own child process against one file server process on 127.0.0.1 (node:http, 1 MiB reads into reused buffers, ' +
  'then nginx with sendfile when installed), in alternating order, and every download is verified by size and SHA-256 ' +
  'outside the timed region. Node contenders and the C client (read/write, one 256 KiB buffer, built with the system cc) ' +
  'time the transfer inside their process, from request start to the last file closed; ' +
  "`curl -o` is timed by curl itself (`-w '%{time_total}'`); `curl --parallel` by its process wall time minus curl's " +
  'start-up. Times and rates are medians; RSS growth is the worst peak (VmHWM on Linux) over the median idle peak. ' +
  'Ratios are ours / peer (below 1 is faster for times, above 1 is faster for ops/s); [min–max] is the spread of the runs.';

/** The workspace root: four levels above `apps/harness/dist/bench/main.js`, else the working directory. */
function workspaceRoot(): string {
  const candidate = fileURLToPath(new URL('../../../../', import.meta.url));
  return existsSync(path.join(candidate, 'nx.json')) ? candidate : process.cwd();
}

const log = (message: string) => process.stderr.write(`${message}\n`);

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      markdown: { type: 'boolean', default: false },
      out: { type: 'string', default: path.join(workspaceRoot(), 'dist', 'bench', 'results.json') },
      'tmp-dir': { type: 'string', default: os.tmpdir() },
    },
  });
  const config = values.quick ? QUICK_CONFIG : FULL_CONFIG;
  const startLoad = os.loadavg()[0] ?? 0;
  const curl = await curlVersion();
  if (!curl) log('note: curl is not installed; its rows are skipped');

  const nginx = findNginx();
  if (!nginx) log('note: nginx is not installed; its rows are skipped');

  // The CPU loops run first, before the fixtures and the download suites leave the kernel writing back
  // and reclaiming gigabytes of page cache (kworker, kdamond) for minutes, which a loop measured then
  // would compete with. Their rows still print after the downloads'.
  log('throughput loops');
  const loopFigures = await benchLoops({ config, log });

  const cacheDir = path.join(values['tmp-dir'], CACHE_DIR_NAME);
  log(`preparing files in ${cacheDir}`);
  const fixtures = await prepareFixtures(config, cacheDir);
  const workDir = await mkdtemp(path.join(values['tmp-dir'], `${CACHE_DIR_NAME}-run-`));
  const figures: Figure[] = [];
  try {
    const cClients = {} as Record<CClientVariant, CClient>;
    for (const variant of C_CLIENT_VARIANTS) {
      const client = await buildCClient(workDir, variant);
      cClients[variant] = client;
      // Without a compiler the plain client's note says it all.
      if ('skipped' in client && (variant === 'plain' || 'binary' in cClients.plain)) log(`note: ${client.skipped}`);
    }
    const servers: { info: ServerInfo; start: () => Promise<FileServer>; tls?: TlsFiles }[] = [
      { info: { idPrefix: '', label: 'Node server' }, start: () => startFileServer(fixtures.root) },
    ];
    if (nginx) {
      const prefix = path.join(workDir, 'nginx');
      // nginx also serves the files over HTTPS for the HTTPS row, when openssl can make a certificate.
      const tls = await createSelfSignedCert(workDir);
      if ('skipped' in tls) log(`note: ${tls.skipped}`);
      servers.push({
        info: { idPrefix: 'nginx_', label: 'nginx' },
        start: () => startNginx(nginx, fixtures.root, prefix, 'skipped' in tls ? undefined : tls),
        ...('skipped' in tls ? {} : { tls }),
      });
    }
    for (const { info, start, tls } of servers) {
      const server = await start();
      const context: BenchContext = { config, origin: server.origin, server: info, fixtures, workDir, curl, cClients, log };
      try {
        log(`single download (${info.label})`);
        figures.push(...(await benchSingleDownload(context)));
        log(`fan-out (${info.label})`);
        figures.push(...(await benchFanOut(context)));
        if (server.secureOrigin && tls) {
          log(`HTTPS download (${info.label})`);
          figures.push(...(await benchHttpsDownload(context, server.secureOrigin, tls)));
        }
      } finally {
        await server.stop();
      }
    }
    figures.push(...loopFigures);
    // Full runs only: the --quick run is part of `npm test`, and this suite needs the S3 server.
    if (!config.quick) {
      log('persistJob vs SDK Upload');
      figures.push(...(await benchPersistJob({ config, fixtures, workDir, log })));
    }
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }

  const results: BenchResults = {
    schemaVersion: 1,
    createdAt: new Date().toISOString(),
    quick: config.quick,
    machine: describeMachine(curl, startLoad),
    method: METHOD,
    figures,
  };
  await writeResults(values.out, results);
  process.stdout.write(`${formatTextTable(figures)}\n`);
  if (values.markdown) process.stdout.write(`\n${formatMarkdown(results)}\n`);
  log(describeRun(results));
  log(`results written to ${values.out}`);
}

await main();
