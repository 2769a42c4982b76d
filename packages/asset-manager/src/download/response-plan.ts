import { safeUrl } from './url-policy.js';
import {
  headerValue,
  httpStatusError,
  permanentDownloadError,
  type ResponseHeaders,
} from './download-errors.js';

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** What the request asked for, and what earlier responses of this download established. */
export interface RangeRequest {
  /** First byte asked for: 0 sends no `Range`; more sends `Range: bytes=<offset>-`. */
  offset: number;
  /** The `If-Range` sent with the `Range` (a strong ETag or an HTTP-date), if any. */
  ifRange?: string;
  /** The complete length an earlier response of this download declared. */
  knownTotal?: number;
}

/** Why a partial response cannot be trusted (RFC 9110 §14.4, §15.3.7). */
export type InconsistentReason =
  | 'bad-content-range'
  | 'wrong-first-byte'
  | 'wrong-last-byte'
  | 'length-changed'
  | 'length-mismatch'
  | 'body-too-long'
  | 'validator-changed';

/** What to do with a response, decided from its status and headers before any body byte is read. */
export type ResponsePlan =
  | { kind: 'redirect'; location: string }
  /** 416 to a resume: the partial bytes cannot be continued; ask again for the whole body. */
  | { kind: 'restart' }
  /** A 206 that does not fit the request or the earlier responses: its bytes must never be kept. */
  | { kind: 'inconsistent'; reason: InconsistentReason; details: Record<string, unknown> }
  | BodyPlan;

/** A response whose body is written to the temp file. */
export interface BodyPlan {
  kind: 'body';
  /** True when the body continues the partial file at `offset` (a matching 206). */
  append: boolean;
  /** File offset of the body's first byte. */
  start: number;
  /** Bytes this body must have (from `Content-Range` or `Content-Length`), when known. */
  length?: number;
  /** Complete length of the representation, when known. */
  total?: number;
  /** Strong `ETag`, else `Last-Modified`: what a later `If-Range` quotes (never a weak ETag). */
  validator?: string;
}

/** What to do once a body has been read in full. */
export type BodyOutcome =
  | { kind: 'complete' }
  /** A slice of a longer representation (a CDN capping 206s): ask for the bytes from `offset` on. */
  | { kind: 'next-range'; offset: number }
  /** The body stopped before its declared length: retryable, resumable from the bytes received. */
  | { kind: 'truncated'; received: number; expected: number }
  | { kind: 'inconsistent'; reason: InconsistentReason; details: Record<string, unknown> };

/**
 * Plans a response to a request for the bytes from `request.offset` on (RFC 9110 §15.3.7, §14.4).
 * Pure: the same rules serve any transport. A `206` must start at the byte asked for, end inside
 * the complete length, keep the complete length an earlier response declared, carry a
 * `Content-Length` equal to its range, and (when `If-Range` was sent) the same validator;
 * otherwise it is `inconsistent`. `204`/`205` (no body to keep) and HTTP error statuses throw
 * `ASSET_DOWNLOAD_FAILED` with `details.upstreamStatus`.
 */
export function planResponse(
  status: number,
  headers: ResponseHeaders,
  request: RangeRequest,
  url: URL,
): ResponsePlan {
  const location = headerValue(headers, 'location');
  if (REDIRECT_STATUSES.has(status) && location !== undefined)
    return { kind: 'redirect', location };
  if (status === 204 || status === 205) {
    throw permanentDownloadError(
      'no-content',
      `Download failed: HTTP ${status} has no content to save, from ${safeUrl(url)}`,
      url,
      { upstreamStatus: status },
    );
  }
  const validator = validatorOf(headers);
  if (request.offset > 0 && status === 416) return { kind: 'restart' };
  if (status === 206) return planPartial(headers, request, validator);
  if (status >= 200 && status < 300) {
    // A 200 to a resume is the whole representation again (the server ignored Range, or If-Range failed).
    const length = declaredLength(headers);
    return body(false, 0, length, length, validator);
  }
  throw httpStatusError(status, headers, url);
}

function planPartial(
  headers: ResponseHeaders,
  request: RangeRequest,
  validator: string | undefined,
): ResponsePlan {
  const inconsistent = (
    reason: InconsistentReason,
    details: Record<string, unknown> = {},
  ): ResponsePlan => ({
    kind: 'inconsistent',
    reason,
    details: {
      offset: request.offset,
      contentRange: headerValue(headers, 'content-range'),
      ...details,
    },
  });
  const range = parseContentRange(headerValue(headers, 'content-range'));
  if (range === undefined) return inconsistent('bad-content-range');
  if (range.first !== request.offset) return inconsistent('wrong-first-byte');
  if (range.total !== undefined && range.last >= range.total)
    return inconsistent('wrong-last-byte');
  if (
    range.total !== undefined &&
    request.knownTotal !== undefined &&
    range.total !== request.knownTotal
  ) {
    return inconsistent('length-changed', { knownTotal: request.knownTotal });
  }
  const length = range.last - range.first + 1;
  const declared = declaredLength(headers);
  if (declared !== undefined && declared !== length) {
    return inconsistent('length-mismatch', { contentLength: declared });
  }
  if (request.ifRange !== undefined && !sameValidator(request.ifRange, headers)) {
    return inconsistent('validator-changed', {
      ifRange: request.ifRange,
      etag: headerValue(headers, 'etag'),
    });
  }
  return body(
    request.offset > 0,
    request.offset,
    length,
    range.total ?? request.knownTotal,
    validator ?? request.ifRange,
  );
}

/**
 * What a body that ended cleanly with `received` bytes means: `complete`, the `next-range` of a
 * sliced representation, a truncation, or (more bytes than its range) an inconsistency.
 */
export function planAfterBody(plan: BodyPlan, received: number): BodyOutcome {
  const end = plan.start + received;
  if (plan.length !== undefined && received > plan.length) {
    return {
      kind: 'inconsistent',
      reason: 'body-too-long',
      details: { expected: plan.length, received },
    };
  }
  if (plan.length !== undefined && received < plan.length) {
    return { kind: 'truncated', received: end, expected: plan.start + plan.length };
  }
  if (plan.total !== undefined && end < plan.total) {
    // Only a 206 gets here (a 200's length is its total): a complete slice, so ask for the rest.
    return { kind: 'next-range', offset: end };
  }
  return { kind: 'complete' };
}

function body(
  append: boolean,
  start: number,
  length: number | undefined,
  total: number | undefined,
  validator: string | undefined,
): BodyPlan {
  return {
    kind: 'body',
    append,
    start,
    ...(length === undefined ? {} : { length }),
    ...(total === undefined ? {} : { total }),
    ...(validator === undefined ? {} : { validator }),
  };
}

/** `Content-Length` as a number, when it is a plain decimal. */
function declaredLength(headers: ResponseHeaders): number | undefined {
  const declared = headerValue(headers, 'content-length');
  if (declared === undefined || !/^\d+$/.test(declared.trim())) return undefined;
  return Number(declared);
}

/** `bytes <first>-<last>/<complete-length|*>` (RFC 9110 §14.4) → its numbers; anything else → undefined. */
export function parseContentRange(
  value: string | undefined,
): { first: number; last: number; total?: number } | undefined {
  const match = value === undefined ? null : /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(value.trim());
  if (!match) return undefined;
  const first = Number(match[1]);
  const last = Number(match[2]);
  if (!Number.isSafeInteger(last) || last < first) return undefined;
  return match[3] === '*' ? { first, last } : { first, last, total: Number(match[3]) };
}

/**
 * Whether the 206 is of the representation `If-Range` named: an ETag must match strongly (the same
 * opaque tag, not weak); a date must equal the response's `Last-Modified`. A response that omits
 * the validator is taken at its word (RFC 9110 §13.1.5 makes the server do the comparison).
 */
function sameValidator(ifRange: string, headers: ResponseHeaders): boolean {
  if (ifRange.startsWith('"')) {
    const etag = headerValue(headers, 'etag');
    return etag === undefined || etag === ifRange;
  }
  const lastModified = headerValue(headers, 'last-modified');
  return lastModified === undefined || lastModified === ifRange;
}

/** `If-Range` takes a strong ETag or a date; a weak ETag (`W/"…"`) cannot be used (RFC 9110 §13.1.5). */
function validatorOf(headers: ResponseHeaders): string | undefined {
  const etag = headerValue(headers, 'etag');
  if (etag !== undefined && etag.startsWith('"')) return etag;
  return headerValue(headers, 'last-modified');
}
