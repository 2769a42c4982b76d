import { headerValue, httpStatusError, type ResponseHeaders } from './download-errors.js';

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** What to do with a response, decided from its status and headers before any body byte is read. */
export type ResponsePlan =
  | { kind: 'redirect'; location: string }
  /** The server ignored or refused our `Range` (416, or a 206 for other bytes): ask again for the whole body. */
  | { kind: 'restart' }
  | {
      kind: 'body';
      /** True when the body continues the partial file (a matching 206). */
      append: boolean;
      /** Complete length of the resource when declared. */
      total?: number;
      /** Strong `ETag`, else `Last-Modified`: what a later `If-Range` quotes. */
      validator?: string;
    };

/**
 * Plans a response to a request that asked for the bytes from `offset` on (0: the whole body).
 * HTTP error statuses throw `ASSET_DOWNLOAD_FAILED` with `details.status`.
 */
export function planResponse(
  status: number,
  headers: ResponseHeaders,
  offset: number,
  url: URL,
): ResponsePlan {
  const location = headerValue(headers, 'location');
  if (REDIRECT_STATUSES.has(status) && location !== undefined)
    return { kind: 'redirect', location };
  const validator = validatorOf(headers);

  if (offset > 0 && status === 416) return { kind: 'restart' };
  if (status === 206 && offset > 0) {
    const range = parseContentRange(headerValue(headers, 'content-range'));
    if (range?.start !== offset) return { kind: 'restart' };
    return withOptional(
      { kind: 'body', append: true },
      range.total ?? lengthFrom(headers, offset),
      validator,
    );
  }
  if (status >= 200 && status < 300 && status !== 206) {
    return withOptional({ kind: 'body', append: false }, lengthFrom(headers, 0), validator);
  }
  throw httpStatusError(status, headers, url);
}

function withOptional(
  plan: { kind: 'body'; append: boolean },
  total: number | undefined,
  validator: string | undefined,
): ResponsePlan {
  return {
    ...plan,
    ...(total === undefined ? {} : { total }),
    ...(validator === undefined ? {} : { validator }),
  };
}

/** The complete length: `offset` plus the declared `Content-Length`, when there is one. */
function lengthFrom(headers: ResponseHeaders, offset: number): number | undefined {
  const declared = headerValue(headers, 'content-length');
  if (declared === undefined || !/^\d+$/.test(declared)) return undefined;
  return offset + Number(declared);
}

/** `bytes <start>-<end>/<total|*>` → its start and total. */
function parseContentRange(
  value: string | undefined,
): { start: number; total?: number } | undefined {
  const match = value === undefined ? null : /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(value.trim());
  if (!match) return undefined;
  const start = Number(match[1]);
  return match[3] === '*' ? { start } : { start, total: Number(match[3]) };
}

/** `If-Range` takes a strong ETag or a date; a weak ETag (`W/"…"`) cannot be used. */
function validatorOf(headers: ResponseHeaders): string | undefined {
  const etag = headerValue(headers, 'etag');
  if (etag !== undefined && !etag.startsWith('W/')) return etag;
  return headerValue(headers, 'last-modified');
}
