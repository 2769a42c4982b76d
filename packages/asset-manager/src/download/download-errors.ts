import {
  ErrorCode,
  PipelineError,
  categorizeError,
  isPipelineError,
  retryAfterMs,
  shouldRetry,
  toPipelineError,
} from '@ad-pipeline/errors';
import type { Deadline, DownloadPhase } from './deadline.js';
import { safeUrl } from './url-policy.js';

/** Response headers as undici parses them. */
export type ResponseHeaders = Record<string, string | string[] | undefined>;

/** The first value of a response header, if present. */
export function headerValue(headers: ResponseHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * `ASSET_DOWNLOAD_FAILED` for an HTTP error status, with `details.upstreamStatus` (the name the errors package gives an upstream's status); retryable as the errors
 * package judges the status (408, 425, 429, 5xx but 501/505). `Retry-After` becomes `details.retryAfterMs`.
 */
export function httpStatusError(status: number, headers: ResponseHeaders, url: URL): PipelineError {
  const details: Record<string, unknown> = { url: safeUrl(url), upstreamStatus: status };
  const retryAfter = headerValue(headers, 'retry-after');
  const waitMs = retryAfter === undefined ? undefined : retryAfterMs(retryAfter);
  if (waitMs !== undefined) details['retryAfterMs'] = waitMs;
  return new PipelineError(
    ErrorCode.ASSET_DOWNLOAD_FAILED,
    `Download failed: HTTP ${status} from ${safeUrl(url)}`,
    details,
    {
      retryable: shouldRetry({ status }),
    },
  );
}

/** A non-retryable `ASSET_DOWNLOAD_FAILED` (bad redirect, checksum mismatch, …) with `details.reason`. */
export function permanentDownloadError(
  reason: string,
  message: string,
  url: URL,
  extra: Record<string, unknown> = {},
  cause?: unknown,
): PipelineError {
  return new PipelineError(
    ErrorCode.ASSET_DOWNLOAD_FAILED,
    message,
    { url: safeUrl(url), reason, ...extra },
    {
      retryable: false,
      ...(cause === undefined ? {} : { cause }),
    },
  );
}

/**
 * `FILE_TOO_LARGE` for a body over `maxBytes`: by its declared length (then the body is never read)
 * or by the bytes received so far (no or a false `Content-Length`).
 */
export function fileTooLargeError(
  maxBytes: number,
  size: { declared: number } | { received: number },
): PipelineError {
  return new PipelineError(
    ErrorCode.FILE_TOO_LARGE,
    `Download exceeds maxBytes (${maxBytes} bytes)`,
    {
      maxBytes,
      ...size,
    },
  );
}

/** A retryable `ASSET_DOWNLOAD_FAILED`: the body ended before its declared length. */
export function truncatedBodyError(url: URL, received: number, expected: number): PipelineError {
  return new PipelineError(
    ErrorCode.ASSET_DOWNLOAD_FAILED,
    `Download truncated: received ${received} of ${expected} bytes from ${safeUrl(url)}`,
    { url: safeUrl(url), reason: 'truncated', received, expected },
    { retryable: true },
  );
}

/** How each phase reads in a message: "timed out after 1000 ms while connecting". */
const PHASE_TEXT: Record<DownloadPhase, string> = {
  dns: 'while resolving the host name',
  connect: 'while connecting',
  tls: 'during the TLS handshake',
  headers: 'waiting for the response headers',
  body: 'while reading the body',
};

/** undici's own timeouts, by the phase they guard. */
const UNDICI_TIMEOUT_PHASES: Record<string, DownloadPhase> = {
  UND_ERR_CONNECT_TIMEOUT: 'connect',
  UND_ERR_HEADERS_TIMEOUT: 'headers',
  UND_ERR_BODY_TIMEOUT: 'body',
};

/**
 * Turns whatever a transfer threw into the right `PipelineError`: ours pass through; the caller's
 * abort is `JOB_CANCELLED` (never retried); the whole-download timeout and undici's header/body/connect
 * timeouts are `API_TIMEOUT`; both name the phase they stopped in (`details.phase`: `dns`,
 * `connect`, `tls`, `headers`, `body`). Transport faults are retryable `ASSET_DOWNLOAD_FAILED`
 * with `details.reason: 'transport'`, the phase, and the fault's `details.code` (`ECONNRESET`, …);
 * file-system faults keep their own codes (`DISK_FULL`, `PERMISSION_DENIED`, `STORAGE_ERROR`).
 */
export function toDownloadError(
  error: unknown,
  url: URL,
  deadline: Deadline,
  timeoutMs: number,
  phase?: DownloadPhase,
): PipelineError {
  const where = phase === undefined ? '' : ` ${PHASE_TEXT[phase]}`;
  const phaseDetail = phase === undefined ? {} : { phase };
  if (deadline.cancelled) {
    return new PipelineError(
      ErrorCode.JOB_CANCELLED,
      `Download cancelled${where}: ${safeUrl(url)}`,
      { url: safeUrl(url), ...phaseDetail },
      {
        cause: isPipelineError(error) ? error : (deadline.signal.reason ?? error),
      },
    );
  }
  if (deadline.timedOut) {
    return new PipelineError(
      ErrorCode.API_TIMEOUT,
      `Download timed out after ${timeoutMs} ms${where}: ${safeUrl(url)}`,
      { url: safeUrl(url), timeoutMs, ...phaseDetail },
      { cause: error },
    );
  }
  if (isPipelineError(error)) return error;
  const code = categorizeError(error);
  if (code === ErrorCode.API_TIMEOUT) {
    const undiciCode = (error as { code?: unknown } | null)?.code;
    // undici's connect timeout covers the lookup and the TLS handshake too: the tracked phase says which.
    const timedOutPhase =
      undiciCode === 'UND_ERR_CONNECT_TIMEOUT' && (phase === 'dns' || phase === 'tls')
        ? phase
        : typeof undiciCode === 'string'
          ? UNDICI_TIMEOUT_PHASES[undiciCode]
          : undefined;
    const text = timedOutPhase === undefined ? '' : ` ${PHASE_TEXT[timedOutPhase]}`;
    return new PipelineError(
      ErrorCode.API_TIMEOUT,
      `Download timed out${text}: ${safeUrl(url)}`,
      { url: safeUrl(url), ...(timedOutPhase === undefined ? {} : { phase: timedOutPhase }) },
      {
        cause: error,
      },
    );
  }
  if (isFileSystemCode(code)) return toPipelineError(error);
  // A transport fault says where it struck (a reset mid-body vs a refused connect) and what Node or
  // undici called it (`details.code`).
  const details: Record<string, unknown> = {
    url: safeUrl(url),
    reason: 'transport',
    ...phaseDetail,
  };
  const errorCode = (error as { code?: unknown } | null)?.code;
  if (typeof errorCode === 'string') details['code'] = errorCode;
  return new PipelineError(
    ErrorCode.ASSET_DOWNLOAD_FAILED,
    `Download failed: ${safeUrl(url)}`,
    details,
    {
      cause: error,
      retryable: shouldRetry(error),
    },
  );
}

function isFileSystemCode(code: ErrorCode): boolean {
  return (
    code === ErrorCode.DISK_FULL ||
    code === ErrorCode.PERMISSION_DENIED ||
    code === ErrorCode.STORAGE_ERROR
  );
}
