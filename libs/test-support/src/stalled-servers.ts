import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import tls from 'node:tls';

/** A loopback TCP listener: a stalled one, or a raw server that writes its own HTTP bytes. */
export interface StalledListener {
  readonly port: number;
  /** Drops every accepted connection, so a client still waiting sees it end (a no-op when none is ever accepted). */
  dropConnections(): void;
  close(): Promise<void>;
}

// A child process listens with the smallest backlog and then blocks its event loop, so nothing is
// ever accepted; a few filler connections fill the kernel's accept queue.
const LISTENER = `
const net = require('node:net');
const server = net.createServer();
server.listen({ port: 0, host: '127.0.0.1', backlog: 1 }, () => {
  process.stdout.write(server.address().port + '\\n', () => {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
  });
});
`;

/** Starts a listener on 127.0.0.1 (port 0) whose backlog is full: connects to it hang. */
export async function startBacklogFullListener(): Promise<StalledListener> {
  const child: ChildProcess = spawn(process.execPath, ['-e', LISTENER], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.stdout?.once('data', (data: Buffer) => resolve(Number(String(data).trim())));
  });
  const fillers: net.Socket[] = [];
  for (let i = 0; i < 4; i += 1) {
    const socket = net.connect(port, '127.0.0.1');
    socket.on('error', () => undefined);
    fillers.push(socket);
  }
  // Give the kernel time to queue the fillers before the socket under test dials.
  await new Promise((resolve) => setTimeout(resolve, 200));
  return {
    port,
    dropConnections: () => undefined,
    close: async () => {
      for (const socket of fillers) socket.destroy();
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Options of {@link startRawServer}. */
export interface RawServerOptions {
  /** Speak TLS with this certificate and key (e.g. `LOCALHOST_TLS`): `onSocket` gets the decrypted socket. Default: plain TCP. */
  tls?: tls.SecureContextOptions;
}

/**
 * A plain TCP (or, with `options.tls`, TLS) server on 127.0.0.1 (port 0) handing each accepted
 * socket to `onSocket`, for a test that writes the HTTP bytes itself (interim 1xx responses,
 * malformed heads). Socket errors are ignored (a reset is what such tests provoke); `close()`
 * destroys every open socket.
 */
export async function startRawServer(
  onSocket: (socket: net.Socket) => void = () => undefined,
  options: RawServerOptions = {},
): Promise<StalledListener> {
  const sockets = new Set<net.Socket>();
  const accept = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.once('close', () => sockets.delete(socket));
    onSocket(socket);
  };
  const server =
    options.tls === undefined
      ? net.createServer(accept)
      : tls.createServer(options.tls, accept).on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    dropConnections: () => {
      for (const socket of sockets) socket.destroy();
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** A TCP server that accepts and then never says a word (a TLS server that never answers the hello). */
export function startSilentServer(): Promise<StalledListener> {
  return startRawServer();
}
