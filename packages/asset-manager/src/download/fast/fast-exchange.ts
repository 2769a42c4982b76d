import { closeSync, unlinkSync, writeSync } from 'node:fs';
import { isIP, type Socket } from 'node:net';
import { errors, type buildConnector } from 'undici';
import { createTempFileFd, openTempFileSync, type FileIdentity } from '../../temp-files.js';
import { BodyWatch, isBodyOverflow } from '../body-watch.js';
import { isSocket } from '../connect-tracker.js';
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
import { PooledConnection, type ConnectionPool, type ConnectionUser } from './connection-pool.js';
import { requestHead } from './request-head.js';
import { ResponseParser, type ResponseHead } from './response-parser.js';

/** Size of the one read buffer a download reuses for every socket read (`onread`). */
export const READ_BUFFER_BYTES = 256 * 1024;
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
  /** Builds a connector applying the context's address guard, with extra socket options (`onread`). */
  connectorFor: (connect: buildConnector.BuildOptions) => buildConnector.connector;
  /** Idle keep-alive connections of the same address policy. */
  pool: ConnectionPool;
}

/** Whether the socket path can carry `url` on `route` (plain HTTP, no caller's dispatcher). */
export function fastPathApplies(url: URL, route: SocketRoute | undefined): route is SocketRoute {
  return route !== undefined && url.protocol === 'http:';
}

// A reused connection the server had closed before answering: the request goes again on a new one.
const STALE_CONNECTION = new Error('idle connection closed by the server');

/**
 * One `GET` on a kept-alive connection of `route.pool` when one is idle, else on a new one: the
 * response read with `onread` into the connection's one reused buffer of `READ_BUFFER_BYTES`,
 * parsed by `ResponseParser`, and each read's body bytes written to the temp file with one
 * `write(2)` straight from that buffer (no per-read allocation, no stream machinery). A response
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
    const connection = reused ?? new PooledConnection(Buffer.allocUnsafe(READ_BUFFER_BYTES));
    let connecting: Socket | undefined;
    let fd: number | undefined;
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
      (watch as BodyWatch).watch(chunk.subarray(start, end));
      // write(2) may write less than asked (a full disk about to fail, a signal): loop until done.
      for (let at = start; at < end;) at += writeSync(fd as number, chunk, at, end - at);
      hasher?.advance((watch as BodyWatch).bytes);
    };

    /** The response is whole: `reusable` when its connection may carry the next request. */
    const complete = async (reusable: boolean) => {
      if (finishing) return;
      finishing = true;
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

    // `onread` reaches `net.connect` through undici's connector options (TcpNetConnectOpts).
    const connect = route.connectorFor({
      onread: { buffer: connection.buffer, callback: connection.onRead },
    } as buildConnector.BuildOptions);
    const hostname = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
    progress.phase = isIP(hostname) === 0 ? 'dns' : 'connect';
    const returned: unknown = connect(
      { hostname, host: url.host, protocol: 'http:', port: url.port || '80' },
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
    // A connector that hands back its socket at once (undici's own; the guarded one resolves first)
    // shows when the lookup ends, and is ended by a deadline while it connects.
    if (isSocket(returned) && !settled) {
      connecting = returned;
      returned.once('lookup', () => {
        if (progress.phase === 'dns') progress.phase = 'connect';
      });
    }
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
