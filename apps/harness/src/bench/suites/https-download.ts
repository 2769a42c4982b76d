import path from 'node:path';
import { formatBytes } from '../config.js';
import { curlDownload } from '../contenders/curl.js';
import { verifyFile } from '../hash.js';
import { makeFigure, type Figure } from '../report/figure.js';
import { median } from '../stats.js';
import type { TlsFiles } from '../server/start-nginx.js';
import { runWorker } from '../workers/run-worker.js';
import type { BenchContext } from './context.js';
import { timeRounds } from './timed-rounds.js';

type Contender = 'ours' | 'curl';
const FILENAME = 'big.bin';

/**
 * The large file over HTTPS (TLS from the same server, a self-signed `localhost` certificate that
 * both trust explicitly: `NODE_EXTRA_CA_CERTS` for ours, `--cacert` for curl): ours
 * (`downloadFile`, the socket path with TLS records written in batches) against `curl -o`,
 * alternating, every file verified after timing. Informational: the spec's targets are for HTTP.
 */
export async function benchHttpsDownload(context: BenchContext, secureOrigin: string, tls: TlsFiles): Promise<Figure[]> {
  const { config, fixtures, server } = context;
  const url = secureOrigin + fixtures.big.urlPath;
  const contenders: Contender[] = context.curl ? ['ours', 'curl'] : ['ours'];
  const { seconds } = await timeRounds(
    context,
    { contenders, runs: config.bigFileRuns, dirPrefix: 'https-' },
    async (contender, dir) => {
      const run =
        contender === 'curl'
          ? await curlDownload(url, path.join(dir, FILENAME), tls.cert)
          : await runWorker({ kind: 'download', contender: 'ours', dir, item: { url, filename: FILENAME } }, { NODE_EXTRA_CA_CERTS: tls.cert }).then(
              (report) => ({ path: report.paths[0] as string, elapsedMs: report.elapsedMs }),
            );
      await verifyFile(run.path, fixtures.big, `${contender} HTTPS download`);
      return run;
    },
  );
  const ours = seconds.of('ours');
  return [
    makeFigure({
      id: `${server.idPrefix}https_download_vs_curl`,
      figure: `${formatBytes(fixtures.big.size)} download over HTTPS from ${server.label}, median time`,
      unit: 's',
      ours: median(ours),
      peerName: 'curl -o --cacert',
      peer: seconds.median('curl'),
      target: null,
      samples: { ours, peer: seconds.of('curl') },
      note: context.curl
        ? 'informational (the spec targets are for HTTP): TLS from the same server, a self-signed localhost certificate trusted by both'
        : 'skipped: curl is not installed',
    }),
  ];
}
