import { join } from 'node:path';
import { startFaultServer, type FaultServer } from '@ad-pipeline/test-support';
import { runNode } from '../src/index.js';

/**
 * The built package's socket path keeps connections alive (one connection for sequential
 * downloads from an origin) and its idle connections never hold a process open: the child must
 * exit by itself well before the 10 s keep-alive time, or the run is killed and fails.
 */

let server: FaultServer;

beforeAll(async () => {
  // The server keeps idle connections longer than the client would: only the client can let go.
  server = await startFaultServer(
    (req, res) => {
      const body = Buffer.from(`body of ${req.url ?? ''}`);
      res.writeHead(200, { 'content-length': String(body.length) });
      res.end(body);
    },
    { keepAliveTimeoutMs: 60_000 },
  );
});

afterAll(() => server.close());

it('reuses one connection for sequential downloads and exits with the connection still idle', async () => {
  const started = performance.now();
  const run = await runNode(
    [join(__dirname, 'fixtures', 'keep-alive-exit.mjs'), server.origin, '3'],
    { cwd: join(__dirname, '..'), timeoutMs: 8_000 },
  );
  expect(run.stderr).toBe('');
  expect({ code: run.code, signal: run.signal }).toEqual({ code: 0, signal: null });
  expect(JSON.parse(run.stdout)).toEqual(['f0.bin', 'f1.bin', 'f2.bin']);
  expect(server.stats.requests.map((request) => request.connection)).toEqual([0, 0, 0]);
  expect(performance.now() - started).toBeLessThan(8_000);
});
