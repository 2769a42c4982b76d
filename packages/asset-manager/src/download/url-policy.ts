import { ValidationError, redact } from '@ad-pipeline/errors';

/** Why a guarded download refused a host: not on `allowHosts`, or resolving to a non-public address. */
export type BlockReason = 'host-not-allowed' | 'blocked-address';

/** Longest URL text put in an error message or its details (SPEC 6.1): 2 KiB. */
export const MAX_URL_TEXT = 2048;

/**
 * A URL with its credentials and signed query strings removed, safe for messages and details, and
 * cut to {@link MAX_URL_TEXT} characters (ending in `…`): a 200,000-character URL must not bloat
 * every log line. The cap is applied before and after redaction so a huge URL is never scanned whole.
 */
export function safeUrl(url: URL | string): string {
  const text = capUrl(String(url), MAX_URL_TEXT * 2);
  return capUrl(String(redact(text)), MAX_URL_TEXT);
}

function capUrl(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Parses a download URL; anything but `http:`/`https:` is `INVALID_INPUT` (nothing is requested). */
export function parseDownloadUrl(url: string | URL): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (error) {
    throw new ValidationError(
      `Invalid download URL: ${safeUrl(url)}`,
      'url',
      { url: safeUrl(url) },
      { cause: error },
    );
  }
  assertHttpProtocol(parsed);
  return parsed;
}

/** Throws `INVALID_INPUT` unless the URL is `http:` or `https:` (checked again on every redirect hop). */
export function assertHttpProtocol(url: URL): void {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ValidationError(
      `Only http and https URLs can be downloaded, got ${url.protocol}`,
      'url',
      {
        url: safeUrl(url),
        protocol: url.protocol,
      },
    );
  }
}

/** The `INVALID_INPUT` error of a host the SSRF guard refuses; never retryable. */
export function blockedHostError(
  host: string,
  reason: BlockReason,
  extra: Record<string, unknown> = {},
): ValidationError {
  const why =
    reason === 'host-not-allowed'
      ? 'is not in allowHosts'
      : 'resolves to a private or reserved address (see blockPrivateNetworks)';
  return new ValidationError(`Download blocked: host ${host} ${why}`, 'url', {
    host,
    reason,
    ...extra,
  });
}
