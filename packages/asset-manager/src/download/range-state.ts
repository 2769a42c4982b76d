import type { TempFileMode } from '../temp-files.js';
import type { BodyWatchOptions } from './body-watch.js';
import {
  fileTooLargeError,
  headerValue,
  truncatedBodyError,
  type ResponseHeaders,
} from './download-errors.js';
import {
  planAfterBody,
  type BodyPlan,
  type RangeRequest,
  type ResponsePlan,
} from './response-plan.js';
import type { DownloadOptions } from './types.js';
import type { TransferResult, TransferState } from './transfer.js';

/**
 * What one exchange (either transport: undici or the socket path) ends with; `transfer` loops on
 * everything but `done`: a redirect, a restart from byte 0, an inconsistent 206, the next range.
 */
export type ExchangeOutcome =
  | Exclude<ResponsePlan, BodyPlan>
  | { kind: 'next-range'; offset: number }
  | { kind: 'done'; result: TransferResult };

/** The `Range`/`If-Range` the next request sends, from what the state knows. */
export function rangeRequest(state: TransferState): RangeRequest {
  return {
    offset: state.offset,
    ...(state.offset > 0 && state.validator !== undefined ? { ifRange: state.validator } : {}),
    ...(state.total === undefined ? {} : { knownTotal: state.total }),
  };
}

/** `Range: bytes=<offset>-`, with `If-Range` only ever a strong ETag or a date (never a weak ETag). */
export function withRange(
  headers: Record<string, string>,
  range: RangeRequest,
): Record<string, string> {
  if (range.offset === 0) return headers;
  const withRangeHeaders: Record<string, string> = { ...headers, range: `bytes=${range.offset}-` };
  if (range.ifRange !== undefined) withRangeHeaders['if-range'] = range.ifRange;
  return withRangeHeaders;
}

/**
 * Checks a body plan before a body byte is read (a declared size over `maxBytes` throws
 * `FILE_TOO_LARGE`) and records what the response established: where the file continues, its
 * validator and complete length.
 */
export function adoptPlan(state: TransferState, plan: BodyPlan, options: DownloadOptions): void {
  if (options.maxBytes !== undefined && plan.total !== undefined && plan.total > options.maxBytes)
    throw fileTooLargeError(options.maxBytes, { declared: plan.total });
  state.offset = plan.start;
  if (plan.validator === undefined) delete state.validator;
  else state.validator = plan.validator;
  if (plan.total !== undefined) state.total = plan.total;
  else if (!plan.append) delete state.total;
}

/** How the temp file opens for `plan`: appended to (only our own file), created, or re-created. */
export function openMode(state: TransferState, plan: BodyPlan): TempFileMode {
  if (plan.append) return { mode: 'append', expected: state.identity };
  return state.identity === undefined ? { mode: 'create' } : { mode: 'recreate' };
}

/**
 * The byte the body must not go past when its framing cannot stop it: a body framed by
 * `Content-Length` ends there (both parsers stop), a chunked or read-until-close one is watched.
 */
function bodyLimit(plan: BodyPlan, headers: ResponseHeaders): number | undefined {
  return plan.length !== undefined && headerValue(headers, 'content-length') === undefined
    ? plan.start + plan.length
    : undefined;
}

/**
 * What a body's `BodyWatch` checks, for either transport: from the plan its offset, complete length
 * and range limit; from the options `maxBytes`, `kind`, `onProgress`; `source` names the file in
 * errors. `hash` is true when a `sha256` was asked for and the body starts at byte 0 (a resumed or
 * sliced file is hashed whole afterwards).
 */
export function watchOptions(
  plan: BodyPlan,
  headers: ResponseHeaders,
  options: DownloadOptions,
  source: string,
): BodyWatchOptions {
  const limit = bodyLimit(plan, headers);
  return {
    offset: plan.start,
    hash: options.sha256 !== undefined && plan.start === 0,
    source,
    ...(options.maxBytes === undefined ? {} : { maxBytes: options.maxBytes }),
    ...(options.kind === undefined ? {} : { kind: options.kind }),
    ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
    ...(plan.total === undefined ? {} : { total: plan.total }),
    ...(limit === undefined ? {} : { limit }),
  };
}

/** The outcome of a body that overran its `Content-Range` (a body overflow). */
export function overflowOutcome(plan: BodyPlan): ExchangeOutcome {
  return { kind: 'inconsistent', reason: 'body-too-long', details: { expected: plan.length } };
}

/**
 * What a body that ended cleanly means (`planAfterBody`), with the final progress report: done,
 * the next range of a sliced representation, an inconsistency; a truncation throws (retryable).
 * `digest` counts only when the whole file came in this one body.
 */
export function settleBody(
  plan: BodyPlan,
  bytes: number,
  digest: string | undefined,
  url: URL,
  options: DownloadOptions,
): ExchangeOutcome {
  const after = planAfterBody(plan, bytes - plan.start);
  switch (after.kind) {
    case 'truncated':
      throw truncatedBodyError(url, after.received, after.expected);
    case 'inconsistent':
      return after;
    case 'next-range':
      options.onProgress?.({ bytes, ...(plan.total === undefined ? {} : { total: plan.total }) });
      return after;
    case 'complete': {
      options.onProgress?.({ bytes, total: plan.total ?? bytes });
      const whole = plan.start === 0 ? digest : undefined;
      return { kind: 'done', result: whole === undefined ? { bytes } : { bytes, digest: whole } };
    }
  }
}
