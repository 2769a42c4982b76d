import type { Dispatcher } from 'undici';
import { createBodySink, type BodySink, type CountingWritable } from './body-sink.js';
import { fastExchange, fastPathApplies } from './fast/fast-exchange.js';
import { startDeadline, type Deadline } from './deadline.js';
import { fileTooLargeError, toDownloadError, truncatedBodyError } from './download-errors.js';
import type { NetworkContext } from './network-context.js';
import { planResponse, type ResponsePlan } from './response-plan.js';
import { nextHop } from './redirects.js';
import { assertHttpProtocol } from './url-policy.js';
import type { DownloadOptions } from './types.js';

/** Default of `timeoutMs`: five minutes for the whole download. */
export const DEFAULT_TIMEOUT_MS = 300_000;
/** Default of `maxRedirects`. */
export const DEFAULT_MAX_REDIRECTS = 5;

/** The partial file a transfer writes, and what a resume needs; updated as the transfer learns. */
export interface TransferState {
  tempPath: string;
  /** Bytes already in the temp file to continue from; 0 asks for the whole body. */
  offset: number;
  /** `ETag`/`Last-Modified` of the response the partial bytes came from, for `If-Range`. */
  validator?: string;
  /** Stream the body here instead of into `tempPath` (object storage); see `BodySinkOptions.destination`. */
  destination?: CountingWritable;
}

/** What one successful transfer wrote. */
export interface TransferResult {
  /** Size of the temp file now. */
  bytes: number;
  /** Hex SHA-256 of the whole file when asked for and the transfer started at byte 0. */
  digest?: string;
}

interface Exchange {
  url: URL;
  headers: Record<string, string>;
  state: TransferState;
  options: DownloadOptions;
  source: string;
  signal: AbortSignal;
}

// Thrown from the response factory to stop a response without reading its body.
const STOP_BODY = new Error('response body not wanted');

/**
 * Fetches `url` into `state.tempPath`, following redirects, from `state.offset` on when it is > 0
 * (`Range`, honoured only if the server answers with a matching 206). Every failure is a
 * `PipelineError`; the temp file is left for the caller to keep (resume) or remove.
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
  try {
    return await followRedirects(url, state, options, ctx, source, deadline);
  } catch (error) {
    throw toDownloadError(error, url, deadline, timeoutMs);
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
    const request: Exchange = { url, headers, state, options, source, signal: deadline.signal };
    // Plain HTTP without a caller's dispatcher takes the socket path (fast/); the rest, undici.
    // The fast path writes to the temp file itself; a destination stream takes the undici path.
    const outcome = state.destination === undefined && fastPathApplies(url, ctx.connectorFor)
      ? await fastExchange(ctx.connectorFor as NonNullable<NetworkContext['connectorFor']>, {
          ...request,
          headers: withRange(headers, state),
        })
      : await exchange(ctx.dispatcher, request);
    if (outcome.kind === 'done') return outcome.result;
    if (outcome.kind === 'restart') {
      // The partial bytes cannot be continued: start over from byte 0 at the same URL.
      state.offset = 0;
      delete state.validator;
      continue;
    }
    ({ url, headers } = nextHop(url, outcome.location, headers, { visited, maxRedirects }));
  }
}

type ExchangeOutcome =
  Exclude<ResponsePlan, { kind: 'body' }> | { kind: 'done'; result: TransferResult };

async function exchange(dispatcher: Dispatcher, request: Exchange): Promise<ExchangeOutcome> {
  const { url, state, options, signal } = request;
  let plan: ResponsePlan | undefined;
  let sink: BodySink | undefined;
  try {
    await dispatcher.stream(
      {
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method: 'GET',
        headers: withRange(request.headers, state),
        signal,
        ...(options.headersTimeoutMs === undefined
          ? {}
          : { headersTimeout: options.headersTimeoutMs }),
        ...(options.bodyTimeoutMs === undefined ? {} : { bodyTimeout: options.bodyTimeoutMs }),
      },
      ({ statusCode, headers }) => {
        plan = planResponse(statusCode, headers, state.offset, url);
        if (plan.kind !== 'body') throw STOP_BODY;
        // Throwing here makes undici abort the connection before a body byte is read.
        if (
          options.maxBytes !== undefined &&
          plan.total !== undefined &&
          plan.total > options.maxBytes
        ) {
          throw fileTooLargeError(options.maxBytes, { declared: plan.total });
        }
        if (!plan.append) state.offset = 0;
        if (plan.validator === undefined) delete state.validator;
        else state.validator = plan.validator;
        sink = createBodySink({
          tempPath: state.tempPath,
          append: plan.append,
          offset: state.offset,
          hash: options.sha256 !== undefined && state.offset === 0,
          source: request.source,
          ...pick(options, 'maxBytes', 'kind', 'onProgress'),
          ...(state.destination === undefined ? {} : { destination: state.destination }),
          ...(plan.total === undefined ? {} : { total: plan.total }),
        });
        return sink.writable;
      },
    );
  } catch (error) {
    if (error === STOP_BODY && plan !== undefined && plan.kind !== 'body') return plan;
    // Wait for the file to close so the caller can remove or resume it.
    await sink?.done.catch(() => undefined);
    throw error;
  }
  return {
    kind: 'done',
    result: await finish(sink as BodySink, plan as ResponsePlan & { kind: 'body' }, request),
  };
}

async function finish(
  sink: BodySink,
  plan: ResponsePlan & { kind: 'body' },
  request: Exchange,
): Promise<TransferResult> {
  await sink.done;
  const bytes = sink.bytes();
  if (plan.total !== undefined && bytes < plan.total)
    throw truncatedBodyError(request.url, bytes, plan.total);
  request.options.onProgress?.({ bytes, total: plan.total ?? bytes });
  const digest = sink.digest();
  return digest === undefined ? { bytes } : { bytes, digest };
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

function withRange(headers: Record<string, string>, state: TransferState): Record<string, string> {
  if (state.offset === 0) return headers;
  const range: Record<string, string> = { ...headers, range: `bytes=${state.offset}-` };
  if (state.validator !== undefined) range['if-range'] = state.validator;
  return range;
}

function pick<T extends object, K extends keyof T>(source: T, ...keys: K[]): Partial<Pick<T, K>> {
  const picked: Partial<Pick<T, K>> = {};
  for (const key of keys) if (source[key] !== undefined) picked[key] = source[key];
  return picked;
}
