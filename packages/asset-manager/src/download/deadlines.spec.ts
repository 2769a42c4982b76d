import { getEventListeners } from 'node:events';
import path from 'node:path';
import {
  startBacklogFullListener,
  startSilentServer,
  type StalledListener,
} from '@ad-pipeline/test-support';
import { payload, rejectsWith, useDownloadFixture } from '../../test/download/fault-server.js';
import { downloadToFile } from './download-to-file.js';
import { downloadToFileWithRetry } from './download-with-retry.js';
import { createNetworkContext } from './network-context.js';
import type { DownloadTarget } from './types.js';

// Deadlines cover every phase (SPEC 6.1): timeoutMs and signal end an attempt on time even while
// the TCP connection or the TLS handshake never completes, and the error names the phase.

const BODY = payload(200_000, 11);
const fixture = useDownloadFixture((req, res) => {
  switch (new URL(req.url ?? '/', 'http://x').pathname) {
    case '/never-answers':
      return; // accepts the request, never sends headers
    case '/stalls-mid-body':
      res.writeHead(200, { 'content-length': BODY.length });
      res.write(BODY.subarray(0, 1000));
      return;
    case '/slow':
      setTimeout(() => res.writeHead(200, { 'content-length': BODY.length }).end(BODY), 100);
      return;
    default:
      res.writeHead(200, { 'content-length': BODY.length }).end(BODY);
  }
});
const { server, dir } = fixture;
const ctx = createNetworkContext({ blockPrivateNetworks: false });
const target = (): DownloadTarget => ({ dir: dir(), finalPath: path.join(dir(), 'asset.bin') });
// Generous against a 2-core machine under load, and far below undici's 10 s connect timeout.
const SLACK_MS = 2500;

let backlogFull: StalledListener;
let silent: StalledListener;
beforeAll(async () => {
  backlogFull = await startBacklogFullListener();
  silent = await startSilentServer();
});
afterAll(async () => {
  await backlogFull.close();
  await silent.close();
});

/** Runs `work` to completion and measures it; `outcome` replays its result. */
async function timed<T>(start: () => Promise<T>): Promise<{ ms: number; outcome: Promise<T> }> {
  // The clock starts before the download does: its deadline starts synchronously inside the call.
  const started = performance.now();
  const outcome = await start().then(
    (value) => () => Promise.resolve(value),
    (error: unknown) => () => Promise.reject(error),
  );
  return { ms: performance.now() - started, outcome: outcome() };
}

describe('timeoutMs ends an attempt in every phase', () => {
  const cases: Array<[string, () => string, string]> = [
    [
      'a connect that never completes (listen backlog full)',
      () => `http://127.0.0.1:${backlogFull.port}/a`,
      'connect',
    ],
    [
      'a TLS server that never answers the hello',
      () => `https://127.0.0.1:${silent.port}/a`,
      'tls',
    ],
    ['a server that never sends headers', () => server().url('/never-answers'), 'headers'],
    ['a body that stalls', () => server().url('/stalls-mid-body'), 'body'],
  ];

  it.each(cases)('%s: API_TIMEOUT on time, naming the phase', async (_name, url, phase) => {
    const { ms, outcome } = await timed(() =>
      downloadToFile(url(), target(), { timeoutMs: 1000 }, ctx),
    );
    const error = await rejectsWith(outcome, 'API_TIMEOUT');
    expect(ms).toBeLessThan(1000 + SLACK_MS);
    expect(ms).toBeGreaterThanOrEqual(900);
    expect(error.details).toMatchObject({ timeoutMs: 1000, phase });
    expect(error.message).toContain('timed out after 1000 ms');
  });

  it.each(cases)('%s: an abort at 500 ms is JOB_CANCELLED at once', async (_name, url, phase) => {
    const { ms, outcome } = await timed(() =>
      downloadToFile(url(), target(), { signal: AbortSignal.timeout(500) }, ctx),
    );
    const error = await rejectsWith(outcome, 'JOB_CANCELLED');
    expect(ms).toBeLessThan(500 + SLACK_MS);
    expect(error.details['phase']).toBe(phase);
  });

  it('3 attempts at timeoutMs 500 against a dead connect take about 1.5 s, not 31.5 s', async () => {
    const { ms, outcome } = await timed(() =>
      downloadToFileWithRetry(
        `http://127.0.0.1:${backlogFull.port}/retry`,
        target(),
        { timeoutMs: 500, retries: 2, minDelayMs: 10, maxDelayMs: 10 },
        ctx,
      ),
    );
    const error = await rejectsWith(outcome, 'API_TIMEOUT');
    expect(error.details).toMatchObject({ attempts: 3, phase: 'connect' });
    expect(ms).toBeLessThan(1500 + SLACK_MS);
  });

  it('the same through the SSRF-guarded connector (allowHosts lets loopback through)', async () => {
    const guarded = createNetworkContext({ blockPrivateNetworks: true, allowHosts: ['127.0.0.1'] });
    const { ms, outcome } = await timed(() =>
      downloadToFile(`https://127.0.0.1:${silent.port}/g`, target(), { timeoutMs: 800 }, guarded),
    );
    const error = await rejectsWith(outcome, 'API_TIMEOUT');
    expect(ms).toBeLessThan(800 + SLACK_MS);
    // The guarded connector shows the socket it dials once the address is vetted: the phase is
    // the handshake's, and the socket path ends that handshake with the deadline.
    expect(error.details['phase']).toBe('tls');
    silent.dropConnections();
  });
});

describe("the caller's signal", () => {
  it('20 concurrent downloads sharing one signal: no MaxListenersExceededWarning, no listener left', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error): void => {
      warnings.push(warning);
    };
    process.on('warning', onWarning);
    try {
      const controller = new AbortController();
      const downloads = Array.from({ length: 20 }, (_, i) =>
        downloadToFileWithRetry(
          server().url(`/slow?i=${i}`),
          { dir: dir(), finalPath: path.join(dir(), `a${i}.bin`) },
          { signal: controller.signal },
          ctx,
        ),
      );
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
      await Promise.all(downloads);
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
      // Warnings are emitted on the next tick.
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings.filter((warning) => warning.name === 'MaxListenersExceededWarning')).toEqual(
      [],
    );
  });

  it('an abort while 20 share it cancels them all', async () => {
    const controller = new AbortController();
    const downloads = Array.from({ length: 20 }, (_, i) =>
      downloadToFile(
        server().url(`/never-answers?i=${i}`),
        { dir: dir(), finalPath: path.join(dir(), `c${i}.bin`) },
        { signal: controller.signal },
        ctx,
      ).catch((error: unknown) => error),
    );
    setTimeout(() => controller.abort(), 100);
    const errors = await Promise.all(downloads);
    expect(errors.map((error) => (error as { code?: string }).code)).toEqual(
      Array(20).fill('JOB_CANCELLED'),
    );
  });
});
