import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { closeSharedAgents } from '../../src/download/network-context.js';
import { makeTempDir, removeDir } from '../helpers.js';

// The download suites import every test helper from here; the generic ones live in ../helpers.ts.
export { LOOPBACK, makeTempDir, rejectsWith, removeDir } from '../helpers.js';

/** A request as the test server saw it. */
export interface SeenRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
  at: number;
}

/** A real HTTP server on 127.0.0.1, port 0, that records what reaches it. */
export interface FaultServer {
  readonly origin: string;
  readonly port: number;
  readonly requests: SeenRequest[];
  /** Most requests in flight at once since the start or the last `resetPeak()`. */
  readonly maxInFlight: number;
  resetPeak(): void;
  url(pathname: string): string;
  /** Resolves when the response to the n-th request (from 1) has closed, with whether it finished. */
  closed(n: number): Promise<{ finished: boolean }>;
  close(): Promise<void>;
}

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

/** Starts a server answering with `handler`; `close()` also destroys open sockets. */
export async function startFaultServer(handler: Handler): Promise<FaultServer> {
  const requests: SeenRequest[] = [];
  const outcomes: Promise<{ finished: boolean }>[] = [];
  const sockets = new Set<Socket>();
  let inFlight = 0;
  let maxInFlight = 0;
  const server = http.createServer((req, res) => {
    requests.push({ path: req.url ?? '', headers: req.headers, at: performance.now() });
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    outcomes.push(
      new Promise((resolve) => {
        res.once('close', () => {
          inFlight -= 1;
          resolve({ finished: res.writableFinished });
        });
      }),
    );
    handler(req, res);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    port,
    requests,
    get maxInFlight() {
      return maxInFlight;
    },
    resetPeak: () => {
      maxInFlight = inFlight;
    },
    url: (pathname) => `${origin}${pathname}`,
    closed: async (n) => {
      if (outcomes[n - 1] === undefined) throw new Error(`request ${n} never arrived`);
      return outcomes[n - 1] as Promise<{ finished: boolean }>;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Deterministic pseudo-random bytes (so a resumed file can be compared byte for byte). */
export function payload(size: number, seed = 1): Buffer {
  const bytes = Buffer.alloc(size);
  let state = seed >>> 0 || 1;
  for (let i = 0; i < size; i += 1) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    bytes[i] = state & 0xff;
  }
  return bytes;
}

/** Hex SHA-256 of some bytes. */
export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A valid 1×1 PNG. */
export const PNG_1X1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/** In-progress (`.tmp-*`) files left in a directory. */
export async function leftoverTempFiles(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((name) => name.startsWith('.tmp-'));
}

/**
 * Registers the usual hooks of a download suite: a fault server for the whole file (closed after it,
 * with the shared keep-alive agents), and a fresh temp directory per test that must hold no `.tmp-*`
 * file afterwards. Returns getters, valid inside tests.
 */
export function useDownloadFixture(handler: Handler): {
  server: () => FaultServer;
  dir: () => string;
} {
  let server: FaultServer | undefined;
  let dir = '';
  beforeAll(async () => {
    server = await startFaultServer(handler);
  });
  afterAll(async () => {
    await server?.close();
    await closeSharedAgents();
  });
  beforeEach(async () => {
    dir = await makeTempDir();
  });
  afterEach(async () => {
    expect(await leftoverTempFiles(dir)).toEqual([]);
    await removeDir(dir);
  });
  return { server: () => server as FaultServer, dir: () => dir };
}
