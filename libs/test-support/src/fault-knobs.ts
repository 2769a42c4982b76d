import { isPayloadKind, type PayloadKind } from './payload.js';

/**
 * How the fault server answers one URL. Knobs travel in the query string, so a URL alone
 * describes its behaviour and any client (the package, curl, a child process) sees the same.
 *
 * "Faulty" knobs apply to the first `times` asset requests of the URL's key (default: every
 * request); later requests are served cleanly. Redirect hops never consume `times`.
 */
export interface FaultKnobs {
  /** Payload kind. Default: from the path's extension, else `bin`. */
  kind?: PayloadKind;
  /** Payload size in bytes. Default 65 536. */
  size?: number;
  /** Payload seed. Default: the path. */
  seed?: string;
  /** Request-count key. Default: the path. */
  key?: string;
  /** How many asset requests the faulty knobs hit. Default: all of them. */
  times?: number;
  /** Faulty: answer with this HTTP status (and a short text body) instead of the payload. */
  status?: number;
  /** Faulty, with `status`: a `Retry-After` header; a number of seconds, or `{ dateInSeconds }` for an HTTP date. */
  retryAfter?: number | { dateInSeconds: number };
  /** Faulty: send the headers and this many body bytes, then reset the connection (TCP RST). */
  resetAfter?: number;
  /** Faulty: send the full `Content-Length` but only this many body bytes, then close cleanly (FIN). */
  truncateAfter?: number;
  /** Faulty: wait this long before sending the headers. */
  headersDelayMs?: number;
  /** Faulty: send the body `trickleBytes` at a time, every `trickleMs` (default 50 ms). */
  trickleBytes?: number;
  /** Interval of the trickle. Default 50 ms. */
  trickleMs?: number;
  /** `Content-Type` to send instead of the payload kind's own. */
  contentType?: string;
  /** Send the body chunked, with no `Content-Length`. Default false. */
  chunked?: boolean;
  /** Honour `Range` requests (206 + `Accept-Ranges`). Default true. */
  ranges?: boolean;
  /** Answer with this many 302 hops before the asset, or `'loop'` to redirect forever. */
  redirects?: number | 'loop';
  /** Answer every request with a 302 to this absolute URL (e.g. another origin). */
  redirectTo?: string;
  /** A CDN slicing its answers: every asset response is a 206 of at most this many bytes (plain GETs too). */
  slice?: number;
  /** Answer a plain GET with `206 bytes 0-<n-1>/<n>` (the whole representation as a partial response). */
  wholeAs206?: boolean;
  /**
   * Faulty, on requests with `Range` only: answer with an inconsistent 206 (RFC 9110 §14.4):
   * `long-body` (Content-Length and body 200 bytes past the range), `long-chunked` (the same, chunked),
   * `wrong-first` (starts 100 bytes before the byte asked), `total-changed` (complete length + 1),
   * `etag-changed` (another strong ETag than the If-Range sent), or `short-chunked` (a chunked body
   * ending 100 bytes before its range: a truncation, not an inconsistency).
   */
  badRange?: BadRange;
}

/** The inconsistent partial responses `badRange` can send. */
export const BAD_RANGES = [
  'long-body',
  'long-chunked',
  'wrong-first',
  'total-changed',
  'etag-changed',
  'short-chunked',
] as const;
/** One of {@link BAD_RANGES}. */
export type BadRange = (typeof BAD_RANGES)[number];

const NUMBER_KNOBS = [
  'size',
  'times',
  'status',
  'resetAfter',
  'truncateAfter',
  'headersDelayMs',
  'trickleBytes',
  'trickleMs',
  'slice',
] as const;

/** Encodes knobs as URL query parameters (the inverse of `parseKnobs`). */
export function knobsToQuery(knobs: FaultKnobs): URLSearchParams {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(knobs)) {
    if (value === undefined) continue;
    if (name === 'retryAfter' && typeof value === 'object') {
      query.set(name, `date:${value.dateInSeconds}`);
    } else {
      query.set(name, String(value));
    }
  }
  return query;
}

function parseNumber(name: string, raw: string): number {
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0)
    throw new RangeError(`knob ${name} must be a number >= 0, got ${raw}`);
  return value;
}

/** Reads knobs back from a query string; unknown or malformed knobs throw (a test bug, not a fault). */
export function parseKnobs(query: URLSearchParams): FaultKnobs {
  const knobs: FaultKnobs = {};
  for (const [name, raw] of query) {
    if ((NUMBER_KNOBS as readonly string[]).includes(name)) {
      knobs[name as (typeof NUMBER_KNOBS)[number]] = parseNumber(name, raw);
    } else if (name === 'kind') {
      if (!isPayloadKind(raw)) throw new RangeError(`unknown payload kind ${raw}`);
      knobs.kind = raw;
    } else if (
      name === 'seed' ||
      name === 'key' ||
      name === 'contentType' ||
      name === 'redirectTo'
    ) {
      knobs[name] = raw;
    } else if (name === 'badRange') {
      if (!(BAD_RANGES as readonly string[]).includes(raw))
        throw new RangeError(`unknown badRange ${raw}`);
      knobs.badRange = raw as BadRange;
    } else if (name === 'chunked' || name === 'ranges' || name === 'wholeAs206') {
      knobs[name] = raw === 'true';
    } else if (name === 'retryAfter') {
      knobs.retryAfter = raw.startsWith('date:')
        ? { dateInSeconds: parseNumber(name, raw.slice(5)) }
        : parseNumber(name, raw);
    } else if (name === 'redirects') {
      knobs.redirects = raw === 'loop' ? 'loop' : parseNumber(name, raw);
    } else if (name !== 'hop') {
      throw new RangeError(`unknown fault knob ${name}`);
    }
  }
  return knobs;
}
