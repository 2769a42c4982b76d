import type { Socket } from 'node:net';
import { borrowReadMemory, returnReadMemory } from './read-memory.js';
import { TlsSessionCache } from './tls-sessions.js';

/** How long an idle connection is kept when the server says nothing (the undici Agent's figure here). */
export const DEFAULT_KEEP_ALIVE_TIMEOUT_MS = 10_000;
/** Longest idle time kept, whatever a server's `Keep-Alive: timeout` says. */
const MAX_KEEP_ALIVE_TIMEOUT_MS = 60_000;
/** A server's `Keep-Alive: timeout=N` is trusted to N s minus this, so we never send as it closes (undici's threshold). */
const KEEP_ALIVE_THRESHOLD_MS = 1_000;
/** Idle connections kept per origin; more are closed (a burst's connections are not all kept). */
const MAX_IDLE_PER_ORIGIN = 64;
/** Idle connections kept by one pool over all origins (each is a file descriptor). */
const MAX_IDLE_TOTAL = 256;
/**
 * Read memory of a connection while it idles: what a server says unasked lands here (and closes
 * the connection), and so does the first read of the next response on it (Node asked for that
 * read's buffer while the connection was idle); then the connection borrows its full memory again.
 */
export const IDLE_READ_BYTES = 16 * 1024;

/** What the exchange currently using a connection does with its socket's events. */
export interface ConnectionUser {
  /** Bytes read into the connection's buffer (`onread`); return `false` to stop reading. */
  onRead(nread: number, buffer: Buffer): boolean;
  onError(error: Error): void;
  onEnd(): void;
  onClose(): void;
  onTimeout(): void;
}

/**
 * One socket of the socket path with its reused read memory. The socket's events go to `user`, the
 * exchange using it; while it idles in a pool (no user) any byte, end or error closes it: a server
 * may not speak unasked (RFC 9112 §9.3), and a closed idle connection is simply dropped.
 *
 * Each read lands in the free tail of the memory (`nextBuffer`, `onread`'s buffer function), so
 * reads that come in small pieces (TLS hands over one 16 KiB record per read) lie side by side and
 * their body bytes can be written to the file in one batch; the user calls `recycle` once nothing
 * read is still waiting to be written, and the next read starts at the beginning again. The memory
 * is borrowed (`borrowReadMemory`) while a user holds the connection and given back when the pool
 * takes it idle: an idle connection holds only `IDLE_READ_BYTES`.
 */
export class PooledConnection {
  /** The exchange using the connection; `undefined` while idle. */
  user: ConnectionUser | undefined;
  /** Called when the socket closes while idle (the pool forgets it). */
  onIdleClose: (() => void) | undefined;
  #socket: Socket | undefined;
  /** Borrowed while a user holds the connection. */
  #memory: Buffer | undefined;
  #idleBuffer: Buffer | undefined;
  #used = 0;

  /** `memoryBytes`: the read memory a user of this connection reads into. */
  constructor(readonly memoryBytes: number) {}

  get socket(): Socket | undefined {
    return this.#socket;
  }

  /** Bytes of read memory not yet read into since the last `recycle` (0 until the memory is borrowed). */
  get free(): number {
    return this.#memory === undefined ? 0 : this.#memory.length - this.#used;
  }

  /** Bytes of read memory the connection holds now (its borrowed memory and its idle buffer). */
  get heldBytes(): number {
    return (this.#memory?.length ?? 0) + (this.#idleBuffer?.length ?? 0);
  }

  /**
   * `onread`'s buffer function: where the next read goes (Node asks as the socket starts reading
   * and right after each read callback). With a user, the free tail of the borrowed memory; idle,
   * the small idle buffer.
   */
  readonly nextBuffer = (): Buffer => {
    if (this.user === undefined) {
      this.#idleBuffer ??= Buffer.allocUnsafe(IDLE_READ_BYTES);
      return this.#idleBuffer;
    }
    this.#memory ??= borrowReadMemory(this.memoryBytes);
    return this.#memory.subarray(this.#used);
  };

  /**
   * The user is done and every byte it read was used: the memory goes back for another connection,
   * and the next read (Node asks for its buffer as the current read callback returns) goes to the
   * idle buffer. Call it from a read callback only, like `recycle`.
   */
  idle(): void {
    this.user = undefined;
    this.#used = 0;
    if (this.#memory !== undefined) returnReadMemory(this.#memory);
    this.#memory = undefined;
  }

  /**
   * Every byte read so far has been used (parsed, body written): the next read starts at the
   * beginning again. Call it from a read callback only: Node asks for the next read's buffer as the
   * callback returns, and a buffer already handed out must stay valid for the read it was given to.
   */
  recycle(): void {
    this.#used = 0;
  }

  /** The `onread` callback to connect with: reads go to the current user. */
  readonly onRead = (nread: number, buffer: Buffer): boolean => {
    this.#used += nread;
    if (this.user !== undefined) return this.user.onRead(nread, buffer);
    this.destroy();
    return false;
  };

  /** Adopts the connected socket and routes its events to the current user. */
  attach(socket: Socket): void {
    this.#socket = socket;
    socket.on('error', (error) => (this.user ? this.user.onError(error) : this.destroy()));
    socket.on('end', () => (this.user ? this.user.onEnd() : this.destroy()));
    socket.on('close', () => (this.user ? this.user.onClose() : this.onIdleClose?.()));
    socket.on('timeout', () => (this.user ? this.user.onTimeout() : this.destroy()));
  }

  /** Whether the socket can carry another request. */
  get alive(): boolean {
    const socket = this.#socket;
    return socket !== undefined && !socket.destroyed && socket.readable && socket.writable;
  }

  destroy(): void {
    this.user = undefined;
    this.#socket?.destroy();
  }
}

/**
 * Idle keep-alive connections of the socket path, by origin (`http://host:port`). A pool belongs to
 * one address policy (SSRF guard settings), like the undici Agent beside it: a connection was
 * vetted when it was dialled, so reusing it within the same policy dials nothing new.
 *
 * Idle connections do not keep the process alive (`unref`), close after their keep-alive time
 * (the server's `Keep-Alive: timeout` less a second, at most 60 s; default 10 s), number at most
 * 64 per origin and 256 per pool (more are closed rather than kept), and are never
 * handed out once the server closed them. A request on a reused connection may still meet a close
 * the server sent as we wrote: the caller retries such a request once on a fresh connection.
 */
export class ConnectionPool {
  /** TLS sessions of the servers this pool's connections spoke to, for the next new connection. */
  readonly tlsSessions = new TlsSessionCache();
  readonly #idle = new Map<string, PooledConnection[]>();
  #idleCount = 0;

  /** An idle, open connection to `origin` (its user unset, its socket referenced again), or `undefined`. */
  take(origin: string): PooledConnection | undefined {
    const idle = this.#idle.get(origin);
    while (idle !== undefined && idle.length > 0) {
      const connection = idle.pop() as PooledConnection;
      this.#idleCount -= 1;
      if (idle.length === 0) this.#idle.delete(origin);
      connection.onIdleClose = undefined;
      if (!connection.alive) continue;
      const socket = connection.socket as Socket;
      socket.setTimeout(0);
      socket.ref();
      return connection;
    }
    return undefined;
  }

  /**
   * Keeps `connection` for the next request to `origin`, or closes it when it cannot carry one. Its
   * user must be done with it: every byte of the response read and used, nothing past it; and this
   * must run in the read callback that completed the response (its memory is given back here).
   * `keepAliveHeader` is the response's `Keep-Alive` field (RFC 7230 §A.1.2's `timeout=N`).
   */
  release(origin: string, connection: PooledConnection, keepAliveHeader?: string | string[]): void {
    connection.idle();
    const timeoutMs = keepAliveTimeoutMs(keepAliveHeader);
    const idle = this.#idle.get(origin) ?? [];
    if (
      !connection.alive ||
      timeoutMs <= 0 ||
      idle.length >= MAX_IDLE_PER_ORIGIN ||
      this.#idleCount >= MAX_IDLE_TOTAL
    ) {
      connection.destroy();
      return;
    }
    const socket = connection.socket as Socket;
    socket.setTimeout(timeoutMs);
    socket.unref();
    connection.onIdleClose = () => this.#forget(origin, connection);
    idle.push(connection);
    this.#idleCount += 1;
    this.#idle.set(origin, idle);
  }

  /** Bytes of read memory the idle connections hold (each only its idle buffer). */
  idleMemoryBytes(): number {
    let bytes = 0;
    for (const list of this.#idle.values())
      for (const connection of list) bytes += connection.heldBytes;
    return bytes;
  }

  /** Closes every idle connection (in-use ones close when their exchange ends) and forgets the TLS sessions. */
  close(): void {
    this.tlsSessions.clear();
    const all = [...this.#idle.values()].flat();
    this.#idle.clear();
    this.#idleCount = 0;
    for (const connection of all) connection.destroy();
  }

  #forget(origin: string, connection: PooledConnection): void {
    const idle = this.#idle.get(origin);
    const index = idle?.indexOf(connection) ?? -1;
    if (idle === undefined || index === -1) return;
    idle.splice(index, 1);
    this.#idleCount -= 1;
    if (idle.length === 0) this.#idle.delete(origin);
  }
}

/** Idle time to keep a connection after a response with this `Keep-Alive` field; ≤ 0: do not keep it. */
export function keepAliveTimeoutMs(header: string | string[] | undefined): number {
  const value = Array.isArray(header) ? header.join(',') : header;
  const match = value === undefined ? null : /(?:^|[,;\s])timeout\s*=\s*"?(\d{1,9})"?/i.exec(value);
  if (match === null) return DEFAULT_KEEP_ALIVE_TIMEOUT_MS;
  return Math.min(Number(match[1]) * 1000 - KEEP_ALIVE_THRESHOLD_MS, MAX_KEEP_ALIVE_TIMEOUT_MS);
}
