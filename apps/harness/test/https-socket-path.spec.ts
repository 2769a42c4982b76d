import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  LOCALHOST_CERT,
  LOCALHOST_TLS,
  seededBytes,
  sha256Hex,
  startFaultServer,
  type FaultServer,
} from '@ad-pipeline/test-support';
import { runNode } from '../src/index.js';

/**
 * HTTPS through the built package's default network context, as a user runs it: a TLS origin on
 * loopback whose certificate the child trusts through NODE_EXTRA_CA_CERTS (the way a private CA is
 * trusted). The socket path carries HTTPS too (`tls.connect` with `onread`, TLS records written in
 * batches): files of several MiB arrive whole over one kept-alive connection, the request is the
 * socket path's (no `Connection` field: undici sends `connection: keep-alive`), and a file write
 * that fails mid-body (the file size limit: `EFBIG`, as a full disk would fail) is a
 * `STORAGE_ERROR` with no temp file left.
 */

const FILE_BYTES = 3 * 1024 * 1024 + 12_345; // several batches of read memory, not a multiple of a TLS record
const BODY = seededBytes(FILE_BYTES, 'https-socket-path');

let server: FaultServer;
let certDir: string;
let certFile: string;

beforeAll(async () => {
  server = await startFaultServer(
    (req, res) => {
      // Odd paths are sent chunked, even ones with a Content-Length: both framings over TLS.
      const index = Number((req.url ?? '').replace(/\D/g, ''));
      if (index % 2 === 1) res.writeHead(200, { 'transfer-encoding': 'chunked' });
      else res.writeHead(200, { 'content-length': String(BODY.length) });
      res.end(BODY);
    },
    { tls: LOCALHOST_TLS, keepAliveTimeoutMs: 60_000 },
  );
  certDir = await mkdtemp(join(tmpdir(), 'https-ca-'));
  certFile = join(certDir, 'localhost.pem');
  await writeFile(certFile, LOCALHOST_CERT);
});

afterAll(async () => {
  await server.close();
  await rm(certDir, { recursive: true, force: true });
});

beforeEach(() => server.stats.reset());

const origin = () => `https://localhost:${server.port}`;
const fixture = join(__dirname, 'fixtures', 'https-download.mjs');
const cwd = join(__dirname, '..');

it('downloads over HTTPS on the socket path: whole files, both framings, one kept-alive connection', async () => {
  const run = await runNode([fixture, origin(), '4'], {
    cwd,
    env: { NODE_EXTRA_CA_CERTS: certFile },
  });
  expect(run.stderr).toBe('');
  expect(JSON.parse(run.stdout)).toEqual({
    results: Array(4).fill({ sha256: sha256Hex(BODY) }),
    left: [],
  });
  const requests = server.stats.requests;
  expect(requests.map((request) => request.connection)).toEqual(
    Array(4).fill(requests[0]?.connection),
  );
  for (const request of requests) expect(request.headers['connection']).toBeUndefined();
}, 30_000);

it('an untrusted certificate is refused before any request is sent', async () => {
  const run = await runNode([fixture, origin(), '1'], {
    cwd,
    env: { NODE_EXTRA_CA_CERTS: undefined },
  });
  expect(JSON.parse(run.stdout)).toMatchObject({
    results: [{ code: 'ASSET_DOWNLOAD_FAILED', errno: 'DEPTH_ZERO_SELF_SIGNED_CERT' }],
    left: [],
  });
  expect(server.stats.requests).toHaveLength(0);
}, 30_000);

it('a file write failing mid-body (EFBIG under a 1 MiB file size limit) is STORAGE_ERROR, nothing left', async () => {
  const run = await runNode([fixture, origin(), '2'], {
    cwd,
    env: { NODE_EXTRA_CA_CERTS: certFile },
    fileSizeLimitBytes: 1024 * 1024,
  });
  expect(JSON.parse(run.stdout)).toEqual({
    results: Array(2).fill({ code: 'STORAGE_ERROR', errno: 'EFBIG' }),
    left: [],
  });
}, 30_000);
