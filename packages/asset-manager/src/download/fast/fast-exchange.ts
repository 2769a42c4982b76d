import { closeSync, unlinkSync } from 'node:fs';
import { isIP, type Socket } from 'node:net';
import { errors, type buildConnector } from 'undici';
import { createTempFileFd, openTempFileSync, type FileIdentity } from '../../temp-files.js';
import { BodyWatch, isBodyOverflow } from '../body-watch.js';
import { OverlappedFileHash } from '../checksum.js';
import {
  adoptPlan,
  openMode,
  overflowOutcome,
  rangeRequest,
  settleBody,
  watchOptions,
  withRange,
  type ExchangeOutcome,
} from '../range-state.js';
import { planResponse, type BodyPlan } from '../response-plan.js';
import type { Progress, TransferState } from '../transfer.js';
import type { DownloadOptions } from '../types.js';
import { writeAllSync } from '../write-all.js';
import { PooledConnection, type ConnectionPool, type ConnectionUser } from './connection-pool.js';
import { requestHead } from './request-head.js';
import { ResponseParser, type ResponseHead } from './response-parser.js';

/**
 * Read memory of a plain TCP connection (`onread`): a read takes what the socket holds, up to this,
 * and its body bytes are written before the next read (one `write(2)` per read).
 */
export const READ_BUFFER_BYTES = 256 * 1024;
/**
 * Read memory of a TLS connection. TLS hands over one record (≤ 16 KiB) per read; written one by one
 * that is ~65,000 `write(2)` calls per GiB (1 GiB took 2× as long, measured), so records lie side by
 * side here and their body bytes are written in batches (`writev`), at the end of the event loop's
 * turn or when less than `MIN_FREE_BYTES` is left.
 */
export const TLS_READ_BUFFER_BYTES = 1024 * 1024;
/** A batch is written when less read memory than this is left: room for more than one TLS record. */
const MIN_FREE_BYTES = 64 * 1024;
/** A batch is written at this many pieces (`IOV_MAX` on Linux: one `writev` takes them all). */
const MAX_PENDING_PIECES = 1024;
/**
 * Bodies from this size on (or of unknown size) are hashed on a worker thread that follows the file
 * (`OverlappedFileHash`); smaller ones inline, where a thread's start-up (~30 ms) would cost more.
 */
const OVERLAPPED_HASH_MIN_BYTES = 16 * 1024 * 1024;
/** undici's defaults for the header and between-reads body timeouts. */
const DEFAULT_PHASE_TIMEOUT_MS = 300_000;

/** One request of a transfer, as `transfer.ts` describes it. */
export interface FastRequest {
  url: URL;
  /** The request headers; `Range`/`If-Range` are added here from `state`. */
  headers: Record<string, string>;
  state: TransferState;
  options: DownloadOptions;
  source: string;
  /** The download's deadline: the caller's `signal` or the whole-download timeout. */
  signal: AbortSignal;
  /** Where the exchange is (`dns`, `connect`, `headers`, `body`), for the error of a deadline. */
  progress: Progress;
}

/** What one exchange ended with: the same outcomes as the undici path. */
export type FastOutcome = ExchangeOutcome;

// Thrown from the head handler to stop parsing a response whose body is not wanted (redirect, restart).
const STOP_BODY = new Error('response body not wanted');

/** How the socket path reaches an origin: a connector with the address guard, and the idle connections. */
export interface SocketRoute {
  /**
   * Builds a connector applying the context's address guard, with extra socket options (`onread`).
   * `onSocket` sees each socket it opens as soon as it exists (before TCP or TLS completes), with the
   * host it dials (an address once the guard resolved it), so a deadline can name the phase and end it.
   */
  connectorFor: (
    connect: buildConnector.BuildOptions,
    onSocket: (socket: Socket, hostname: string) => void,
  ) => buildConnector.connector;
  /** Idle keep-alive connections of the same address policy. */
  pool: ConnectionPool;
}

/** Whether the socket path can carry `url` on `route` (HTTP or HTTPS, no caller's dispatcher). */
export function fastPathApplies(url: URL, route: SocketRoute | undefined): route is SocketRoute {
  return route !== undefined && (url.protocol === 'http:' || url.protocol === 'https:');
}

// A reused connection the server had closed before answering: the request goes again on a new one.
const STALE_CONNECTION = new Error('idle connection closed by the server');

/**
 * One `GET` (HTTP or HTTPS) on a kept-alive connection of `route.pool` when one is idle, else on a
 * new one: the response read with `onread` into the connection's reused read memory
 * (`READ_BUFFER_BYTES`; `TLS_READ_BUFFER_BYTES` over TLS), parsed by `ResponseParser`, and the body
 * bytes written to the temp file straight from that memory (no per-read allocation, no stream
 * machinery): each TCP read's with one `write(2)`, TLS records' in batches with one `writev(2)`
 * (at the end of the event loop's turn, or when the memory runs short). A response
 * read whole, with nothing after it, that allows it (`ResponseParser.keepAlive`) leaves its
 * connection in the pool for the next request to the origin; every other ending closes it. A
 * request whose reused connection closes before any byte of the answer (the server dropped it
 * while idle) is sent once more on a new connection, as undici does for idempotent requests.
 *
 * Same contract as the undici exchange: the address guard runs in the connector (connect time),
 * `planResponse` decides redirects/restarts/204-205/inconsistent 206s from the head and
 * `planAfterBody` (via `settleBody`) what a finished body means (done, next range, truncated),
 * `maxBytes` is checked against the declared length before the body and while it streams,
 * `kind`/`sha256`/`onProgress` and a chunked 206's range limit via `BodyWatch`, the temp file is
 * opened by `openTempFileSync` (exclusive, no symlink, a resume only into this download's own
 * file), `headersTimeoutMs`/`bodyTimeoutMs` raise undici's own timeout errors, the deadline
 * `signal` ends the exchange in any phase (named in `progress.phase`), 1xx heads are skipped by
 * the parser, and the temp file is closed before this settles.
 */
export async function fastExchange(route: SocketRoute, request: FastRequest): Promise<FastOutcome> {
  const { state, options } = request;
  // A fresh download (nothing written, no file of ours yet) creates its temp file first, off the
  // event loop (an ext4 inode allocation is ~1 ms); every attempt below shares it, so a request
  // sent again never races its own file, and whatever no response adopted is removed here.
  const created: CreatedFile = {};
  if (state.offset === 0 && state.identity === undefined) {
    created.file = await createTempFileFd(state.tempPath, {
      readable: options.sha256 !== undefined,
    });
  }
  try {
    // Taken only now, and written to at once: no byte can arrive between taking and asking.
    const idle = route.pool.take(request.url.origin);
    if (idle !== undefined) {
      try {
        return await exchangeOn(route, request, idle, created);
      } catch (error) {
        if (error !== STALE_CONNECTION) throw error;
      }
    }
    return await exchangeOn(route, request, undefined, created);
  } finally {
    if (created.file !== undefined) discardCreated(created.file.fd, state.tempPath);
  }
}

/** The temp file `fastExchange` created for a fresh download, until a response adopts it. */
interface CreatedFile {
  file?: { fd: number; identity: FileIdentity };
}

function exchangeOn(
  route: SocketRoute,
  request: FastRequest,
  reused: PooledConnection | undefined,
  created: CreatedFile,
): Promise<FastOutcome> {
  return new Promise((resolve, reject) => {
    const { url, state, options, signal, progress } = request;
    const range = rangeRequest(state);
    const secure = url.protocol === 'https:';
    const connection =
      reused ?? new PooledConnection(secure ? TLS_READ_BUFFER_BYTES : READ_BUFFER_BYTES);
    let connecting: Socket | undefined;
    let fd: number | undefined;
    // Body bytes read but not yet written: views of the connection's read memory (see `flush`).
    const pending: Buffer[] = [];
    let written = 0;
    let flushScheduled = false;
    let watch: BodyWatch | undefined;
    let plan: BodyPlan | undefined;
    let hasher: OverlappedFileHash | undefined;
    let keepAliveHeader: string | string[] | undefined;
    let requestWritten = false;
    let received = false;
    let kept = false;
    let finishing = false;
    let stopWith: FastOutcome | undefined;
    let settled = false;

    const release = () => {
      signal.removeEventListener('abort', onAbort);
      if (!kept) connection.destroy();
      connecting?.destroy();
      hasher?.dispose();
      if (fd !== undefined) {
        const open = fd;
        fd = undefined;
        closeSync(open);
      }
    };
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      try {
        release();
      } catch (closeError) {
        error ??= closeError;
      }
      reject(error);
    };
    const succeed = (outcome: FastOutcome) => {
      if (settled) return;
      try {
        release();
      } catch (error) {
        fail(error);
        return;
      }
      settled = true;
      resolve(outcome);
    };
    const onAbort = () => fail(signal.reason);
    // A reused connection that ends before answering was closed while idle: not this request's fault.
    const failOrRetry = (error: unknown) =>
      fail(reused !== undefined && !received && !signal.aborted ? STALE_CONNECTION : error);

    const onHead = ({ status, headers }: ResponseHead) => {
      progress.phase = 'body';
      const planned = planResponse(status, headers, range, url);
      if (planned.kind !== 'body') {
        stopWith = planned;
        throw STOP_BODY;
      }
      adoptPlan(state, planned, options);
      plan = planned;
      keepAliveHeader = headers['keep-alive'];
      const watching = watchOptions(planned, headers, options, request.source);
      // Large or unknown-length bodies are hashed by a thread following the file, the rest inline.
      const overlapped =
        watching.hash &&
        (planned.total === undefined || planned.total >= OVERLAPPED_HASH_MIN_BYTES);
      const mode = openMode(state, planned);
      let opened = created.file;
      created.file = undefined;
      if (opened === undefined || mode.mode !== 'create') {
        if (opened !== undefined) discardCreated(opened.fd, state.tempPath);
        opened = openTempFileSync(state.tempPath, mode, { readable: overlapped });
      }
      fd = opened.fd;
      state.identity = opened.identity;
      if (overlapped) hasher = new OverlappedFileHash(fd);
      watch = new BodyWatch({ ...watching, hash: watching.hash && !overlapped });
      connection.socket?.setTimeout(options.bodyTimeoutMs ?? DEFAULT_PHASE_TIMEOUT_MS);
    };

    const onBody = (chunk: Buffer, start: number, end: number) => {
      const piece = chunk.subarray(start, end);
      (watch as BodyWatch).watch(piece);
      pending.push(piece);
    };

    /** Writes the pending body bytes (one `writev`). */
    const writePending = () => {
      if (pending.length === 0) return;
      written += writeAllSync(fd as number, pending);
      pending.length = 0;
      hasher?.advance(written);
    };
    /**
     * `writePending`, then the next read may start at the beginning of the read memory. Only from a
     * read callback (or the end of the response): Node asks for the next read's buffer right after
     * the callback returns, so a buffer already handed out is never moved under a read.
     */
    const flush = () => {
      writePending();
      connection.recycle();
    };
    /** After a read: plain TCP writes at once; TLS batches records until the loop's turn ends or memory runs short. */
    const afterRead = () => {
      if (!secure || connection.free < MIN_FREE_BYTES || pending.length >= MAX_PENDING_PIECES) {
        flush();
      } else if (!flushScheduled && pending.length > 0) {
        flushScheduled = true;
        setImmediate(() => {
          flushScheduled = false;
          if (settled || finishing) return;
          try {
            writePending(); // the memory is recycled by the next read callback, not here
          } catch (error) {
            fail(error);
          }
        });
      } else if (pending.length === 0) {
        connection.recycle();
      }
    };

    /** The response is whole: `reusable` when its connection may carry the next request. */
    const complete = async (reusable: boolean) => {
      if (finishing) return;
      finishing = true;
      try {
        flush(); // every body byte on disk before the connection (and its memory) can serve another request
      } catch (error) {
        fail(error);
        return;
      }
      if (reusable && !signal.aborted) {
        kept = true;
        route.pool.release(url.origin, connection, keepAliveHeader);
      } else {
        connection.destroy();
      }
      try {
        const body = watch as BodyWatch;
        body.finish();
        const digest = hasher ? await hasher.digest(body.bytes) : body.digest;
        succeed(settleBody(plan as BodyPlan, body.bytes, digest, url, options));
      } catch (error) {
        fail(error);
      }
    };

    const parser = new ResponseParser({ onHead, onBody });
    const user: ConnectionUser = {
      onRead: (nread, chunk) => {
        if (settled || finishing) return false;
        if (!requestWritten) {
          // A server talking before it was asked: nothing it says can be this request's answer.
          failOrRetry(new errors.SocketError('bytes received before the request was sent'));
          return false;
        }
        received = true;
        let ended: number;
        try {
          ended = parser.execute(chunk, 0, nread);
          if (!parser.complete && stopWith === undefined) afterRead();
        } catch (error) {
          if (error === STOP_BODY) succeed(stopWith as FastOutcome);
          // Bytes past a 206's range never reached the file: the transfer restarts or fails.
          else if (isBodyOverflow(error)) succeed(overflowOutcome(plan as BodyPlan));
          else fail(error);
          return false;
        }
        if (stopWith) succeed(stopWith);
        // Bytes after the response (a server talking out of turn) make the connection unusable.
        else if (parser.complete) void complete(parser.keepAlive && ended === nread);
        // A kept connection keeps reading: the pool closes it if anything arrives while idle.
        return kept || (!settled && !finishing);
      },
      onError: (error) => {
        if (!finishing) failOrRetry(error);
      },
      onEnd: () => {
        try {
          parser.end();
        } catch (error) {
          failOrRetry(error);
          return;
        }
        if (stopWith) succeed(stopWith);
        else void complete(false);
      },
      onClose: () => {
        if (!finishing) failOrRetry(new errors.SocketError('other side closed'));
      },
      onTimeout: () =>
        fail(
          parser.framing === undefined
            ? new errors.HeadersTimeoutError()
            : new errors.BodyTimeoutError(),
        ),
    };

    if (signal.aborted) {
      fail(signal.reason);
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    let head: string;
    try {
      head = requestHead(url, withRange(request.headers, range));
    } catch (error) {
      fail(error);
      return;
    }
    connection.user = user;
    const send = (socket: Socket) => {
      progress.phase = 'headers';
      socket.setTimeout(options.headersTimeoutMs ?? DEFAULT_PHASE_TIMEOUT_MS);
      requestWritten = true;
      socket.write(head);
    };
    if (reused !== undefined) {
      send(reused.socket as Socket);
      return;
    }

    const hostname = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
    // `onread` reaches `net.connect`/`tls.connect` through undici's connector options; the buffer
    // function hands each read the free tail of the connection's memory. Over TLS the pool's last
    // session for this server name (undici's key) lets the handshake resume.
    const session = secure ? route.pool.tlsSessions.get(hostname) : undefined;
    const connect = route.connectorFor(
      {
        onread: { buffer: connection.nextBuffer, callback: connection.onRead },
        ...(session === undefined ? {} : { session }),
      } as buildConnector.BuildOptions,
      (socket, dialled) => {
        if (settled) {
          socket.destroy(); // aborted while resolving: nothing to connect for
          return;
        }
        connecting = socket;
        if (isIP(dialled) !== 0 && progress.phase === 'dns') progress.phase = 'connect';
        socket.once('lookup', () => {
          if (progress.phase === 'dns') progress.phase = 'connect';
        });
        if (secure) {
          // A TLS socket emits `connect` when TCP is up, `secureConnect` when the handshake is done.
          socket.once('connect', () => {
            if (progress.phase === 'connect') progress.phase = 'tls';
          });
          socket.on('session', (ticket: Buffer) => route.pool.tlsSessions.set(hostname, ticket));
        }
      },
    );
    progress.phase = isIP(hostname) === 0 ? 'dns' : 'connect';
    connect(
      {
        hostname,
        host: url.host,
        protocol: url.protocol,
        port: url.port || (secure ? '443' : '80'),
      },
      (error, connected) => {
        if (error || !connected) {
          fail(error ?? new errors.SocketError('connect failed'));
          return;
        }
        const opened = connected as Socket;
        if (settled) {
          opened.destroy(); // aborted while connecting
          return;
        }
        connecting = undefined; // the connection owns it now (and may keep it)
        connection.attach(opened);
        send(opened);
      },
    );
  });
}

/** Closes and removes a temp file this exchange created but never wrote (the response had no body for it). */
function discardCreated(fd: number, tempPath: string): void {
  closeSync(fd);
  try {
    unlinkSync(tempPath);
  } catch {
    // Already gone: what matters is that nothing of ours is left.
  }
}
