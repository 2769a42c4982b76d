import { ErrorCode, PipelineError } from '@ad-pipeline/errors';
import type { Dispatcher } from 'undici';
import type { FileIdentity } from '../temp-files.js';
import { createBodySink, type BodySink, type CountingWritable } from './body-sink.js';
import { isBodyOverflow } from './body-watch.js';
import { startDeadline, type Deadline, type DownloadPhase } from './deadline.js';
import { permanentDownloadError, toDownloadError } from './download-errors.js';
import { fastExchange, fastPathApplies } from './fast/fast-exchange.js';
import type { NetworkContext } from './network-context.js';
import {
  adoptPlan,
  openMode,
  overflowOutcome,
  rangeRequest,
  settleBody,
  watchOptions,
  withRange,
  type ExchangeOutcome,
} from './range-state.js';
import {
  planResponse,
  type BodyPlan,
  type InconsistentReason,
  type ResponsePlan,
} from './response-plan.js';
import { nextHop } from './redirects.js';
import { assertHttpProtocol, safeUrl } from './url-policy.js';
import type { DownloadOptions } from './types.js';

/** Default of `timeoutMs`: five minutes for the whole download. */
export const DEFAULT_TIMEOUT_MS = 300_000;
/** Default of `maxRedirects`. */
export const DEFAULT_MAX_REDIRECTS = 5;
/** Restarts from byte 0 after an inconsistent partial response, per download, before failing (SPEC 6.1). */
export const MAX_INCONSISTENT_RESTARTS = 1;

/** The partial file a transfer writes, and what a resume needs; updated as the transfer learns. */
export interface TransferState {
  tempPath: string;
  /** Bytes already in the temp file to continue from; 0 asks for the whole body. */
  offset: number;
  /** `ETag`/`Last-Modified` of the response the partial bytes came from, for `If-Range`. */
  validator?: string;
  /** Complete length of the representation, as the responses so far declared it. */
  total?: number;
  /** The temp file this download created: a resume appends only to it. */
  identity?: FileIdentity;
  /** Restarts after an inconsistent partial response so far (the whole download, all attempts). */
  restarts: number;
  /** Stream the body here instead of into `tempPath` (object storage); see `BodySinkOptions.destination`. */
  destination?: CountingWritable;
}

/** What one successful transfer wrote. */
export interface TransferResult {
  /** Size of the temp file now. */
  bytes: number;
  /** Hex SHA-256 of the whole file when asked for and the whole file came in one response. */
  digest?: string;
}

/** Where the attempt is, for the error of a deadline. */
export interface Progress {
  url: URL;
  phase?: DownloadPhase;
}

interface Exchange {
  url: URL;
  headers: Record<string, string>;
  state: TransferState;
  options: DownloadOptions;
  source: string;
  deadline: Deadline;
  ctx: NetworkContext;
  progress: Progress;
}

// Thrown from the response factory to stop a response without reading its body.
const STOP_BODY = new Error('response body not wanted');

/**
 * Fetches `url` into `state.tempPath`, following redirects, from `state.offset` on when it is > 0
 * (`Range`, with `If-Range` when a strong validator is known). Partial responses are checked by
 * the rules of `planResponse`/`planAfterBody`: a slice is appended and the next range requested;
 * an inconsistent one restarts from byte 0 once per download, then fails. `timeoutMs` and
 * `signal` end the attempt on time in every phase (DNS, connect, TLS, headers, body). HTTP and
 * HTTPS without a caller's dispatcher go over the socket path (`fast/`), the rest through undici; both
 * feed this loop the same outcomes, so every rule above holds whichever carries the bytes. Every
 * failure is a `PipelineError`; the temp file is left for the caller to keep (resume) or remove.
 */
export async function transfer(
  url: URL,
  state: TransferState,
  options: DownloadOptions,
  ctx: NetworkContext,
  source: string,
): Promise<TransferResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const deadline = startDeadline(timeoutMs, options.signal);
  const progress: Progress = { url };
  try {
    return await followRedirects(url, state, options, ctx, source, deadline, progress);
  } catch (error) {
    throw toDownloadError(error, progress.url, deadline, timeoutMs, progress.phase);
  } finally {
    deadline.clear();
  }
}

async function followRedirects(
  start: URL,
  state: TransferState,
  options: DownloadOptions,
  ctx: NetworkContext,
  source: string,
  deadline: Deadline,
  progress: Progress,
): Promise<TransferResult> {
  const maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  const visited = new Set<string>();
  let url = start;
  let headers = normalizeHeaders(options.headers);
  for (;;) {
    deadline.signal.throwIfAborted();
    assertHttpProtocol(url);
    ctx.assertHostAllowed(url);
    visited.add(url.href);
    progress.url = url;
    const request: Exchange = { url, headers, state, options, source, deadline, ctx, progress };
    // HTTP and HTTPS without a caller's dispatcher take the socket path (fast/); the rest, undici.
    // The fast path writes to the temp file itself; a destination stream takes the undici path.
    const route = ctx.socketRoute;
    const outcome = state.destination === undefined && fastPathApplies(url, route)
      ? await fastExchange(route, {
          url,
          headers,
          state,
          options,
          source,
          signal: deadline.signal,
          progress,
        })
      : await exchange(ctx.dispatcher, request);
    switch (outcome.kind) {
      case 'done':
        return outcome.result;
      case 'next-range':
        // A complete slice: ask the same URL for the rest. Progress is strictly forward, so this ends.
        state.offset = outcome.offset;
        continue;
      case 'restart':
        if (state.destination !== undefined) throw cannotStartOverError(url, state);
        startOver(state);
        continue;
      case 'inconsistent':
        if (state.destination !== undefined)
          throw inconsistentRangeError(url, outcome.reason, outcome.details, state);
        if (state.restarts >= MAX_INCONSISTENT_RESTARTS)
          throw inconsistentRangeError(url, outcome.reason, outcome.details, state);
        state.restarts += 1;
        startOver(state);
        continue;
      case 'redirect':
        ({ url, headers } = nextHop(url, outcome.location, headers, { visited, maxRedirects }));
    }
  }
}

/** The partial bytes cannot be continued: the next request asks for the whole body, without `If-Range`. */
function startOver(state: TransferState): void {
  state.offset = 0;
  delete state.validator;
  delete state.total;
}

async function exchange(dispatcher: Dispatcher, request: Exchange): Promise<ExchangeOutcome> {
  const { url, state, options, deadline, progress } = request;
  const range = rangeRequest(state);
  let plan: ResponsePlan | undefined;
  let sink: BodySink | undefined;
  progress.phase = undefined;
  const streaming = dispatcher.stream(
    {
      origin: url.origin,
      path: `${url.pathname}${url.search}`,
      method: 'GET',
      headers: withRange(request.headers, range),
      signal: deadline.signal,
      ...(options.headersTimeoutMs === undefined
        ? {}
        : { headersTimeout: options.headersTimeoutMs }),
      ...(options.bodyTimeoutMs === undefined ? {} : { bodyTimeout: options.bodyTimeoutMs }),
    },
    ({ statusCode, headers }) => {
      progress.phase = 'body';
      plan = planResponse(statusCode, headers, range, url);
      if (plan.kind !== 'body') throw STOP_BODY;
      // A stream cannot take back what it was sent: a body that starts over is refused, not appended.
      if (state.destination !== undefined && plan.start !== state.offset)
        throw cannotStartOverError(url, state);
      // Throwing here (maxBytes) makes undici abort the connection before a body byte is read.
      adoptPlan(state, plan, options);
      sink = createBodySink({
        ...watchOptions(plan, headers, options, request.source),
        tempPath: state.tempPath,
        open: openMode(state, plan),
        ...(state.destination === undefined ? {} : { destination: state.destination }),
      });
      return sink.writable;
    },
  );
  // The race below may leave it behind: its late rejection is expected, never unhandled.
  streaming.catch(() => undefined);
  try {
    await Promise.race([streaming, deadline.expired]);
  } catch (error) {
    if (deadline.signal.aborted) await endOnDeadline(request, sink);
    // Wait for the file to close so the caller can remove or resume it.
    await sink?.done.catch(() => undefined);
    if (sink !== undefined) state.identity = sink.identity() ?? state.identity;
    if (error === STOP_BODY && plan !== undefined && plan.kind !== 'body') return plan;
    if (isBodyOverflow(error) || isBodyOverflow((error as { cause?: unknown } | null)?.cause))
      return overflowOutcome(plan as BodyPlan);
    throw error;
  }
  return finish(sink as BodySink, plan as BodyPlan, request);
}

/**
 * The deadline fired: name the phase it stopped in, end a connection still being opened (undici
 * would only notice at its own 10 s connect timeout) and the body being written.
 */
async function endOnDeadline(request: Exchange, sink: BodySink | undefined): Promise<void> {
  const { ctx, url, progress, deadline } = request;
  if (progress.phase === undefined) {
    const stage = ctx.connectStage(url);
    progress.phase = stage ?? 'headers';
    if (stage !== undefined) ctx.abandonConnect(url, asError(deadline.signal.reason));
  }
  sink?.writable.destroy(asError(deadline.signal.reason));
}

async function finish(sink: BodySink, plan: BodyPlan, request: Exchange): Promise<ExchangeOutcome> {
  const { state, url, options } = request;
  await sink.done;
  state.identity = sink.identity() ?? state.identity;
  return settleBody(plan, sink.bytes(), sink.digest(), url, options);
}

/** A destination stream (object storage) already holds bytes the server now wants to send again from 0. */
function cannotStartOverError(url: URL, state: TransferState): PipelineError {
  return permanentDownloadError(
    'restart-not-possible',
    `Download failed: the server sent the body again from byte 0 after ${state.offset} bytes were streamed on, which a destination stream cannot take back: ${safeUrl(url)}`,
    url,
    { offset: state.offset },
  );
}

function inconsistentRangeError(
  url: URL,
  reason: InconsistentReason,
  details: Record<string, unknown>,
  state: TransferState,
): PipelineError {
  return permanentDownloadError(
    'inconsistent-range',
    `Download failed: the server's partial responses are inconsistent (${reason}) after ${state.restarts} restart from byte 0: ${safeUrl(url)}`,
    url,
    { range: reason, restarts: state.restarts, ...details },
  );
}

function asError(reason: unknown): Error {
  return reason instanceof Error
    ? reason
    : new PipelineError(ErrorCode.JOB_CANCELLED, String(reason));
}

/** Headers the transfer manages itself (resume); the caller's values are ignored. */
const MANAGED_HEADERS = new Set(['range', 'if-range']);

/** Lower-cased header names, so the credential headers are found on a cross-origin hop whatever their case. */
function normalizeHeaders(headers: Record<string, string> | undefined): Record<string, string> {
  const normalized: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const lower = name.toLowerCase();
    if (!MANAGED_HEADERS.has(lower)) normalized[lower] = value;
  }
  return normalized;
}
