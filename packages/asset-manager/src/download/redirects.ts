import { isSecretKey } from '@ad-pipeline/errors';
import { permanentDownloadError } from './download-errors.js';
import { safeUrl } from './url-policy.js';

/** Headers that carry the caller's identity whatever the secret-key rule says; never sent to another origin. */
const CREDENTIAL_HEADERS = new Set(['authorization', 'cookie', 'proxy-authorization']);

/**
 * Whether a request header must be dropped on a cross-origin hop: the credential headers of RFC
 * 9110 §15.4 / Fetch, and every name the errors package's one secret-key rule flags (`X-Api-Key`,
 * `Private-Token`, `Ocp-Apim-Subscription-Key`, …).
 */
export function isCredentialHeader(name: string): boolean {
  return CREDENTIAL_HEADERS.has(name.toLowerCase()) || isSecretKey(name);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A `Location` value as a URL string, the way browsers and curl read it. undici hands header bytes
 * over as Latin-1 characters; a value that is valid UTF-8 is decoded as UTF-8 (WHATWG URL then
 * percent-encodes it: the bytes of `/café` become `/caf%C3%A9`), anything else has each byte
 * above 0x7F percent-encoded as is (curl). Characters above U+00FF mean the value was already
 * decoded and are kept.
 */
export function decodeLocation(value: string): string {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(value) || /[^\x00-\xff]/.test(value)) return value;
  const bytes = Buffer.from(value, 'latin1');
  try {
    return utf8.decode(bytes);
  } catch {
    return value.replace(
      /[\x80-\xff]/g,
      (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
    );
  }
}

/**
 * The next hop of a redirect: `location` (decoded by {@link decodeLocation}) resolved against
 * `from`, with every {@link isCredentialHeader} dropped when the origin changes. A URL seen before (a loop) or a hop past `maxRedirects` is a
 * non-retryable `ASSET_DOWNLOAD_FAILED`. The caller re-checks the protocol and host of the hop.
 */
export function nextHop(
  from: URL,
  location: string,
  headers: Record<string, string>,
  limits: { visited: ReadonlySet<string>; maxRedirects: number },
): { url: URL; headers: Record<string, string> } {
  let url: URL;
  try {
    url = new URL(decodeLocation(location), from);
  } catch (error) {
    throw permanentDownloadError(
      'bad-redirect',
      'Download failed: redirect to an invalid URL',
      from,
      {},
      error,
    );
  }
  const redirects = limits.visited.size;
  if (limits.visited.has(url.href)) {
    throw permanentDownloadError('redirect-loop', 'Download failed: redirect loop', from, {
      redirects,
      location: safeUrl(url),
    });
  }
  if (redirects > limits.maxRedirects) {
    throw permanentDownloadError(
      'too-many-redirects',
      `Download failed: more than ${limits.maxRedirects} redirects`,
      from,
      {
        redirects,
        maxRedirects: limits.maxRedirects,
      },
    );
  }
  if (url.origin === from.origin) return { url, headers };
  const forwarded = { ...headers };
  for (const name of Object.keys(forwarded)) if (isCredentialHeader(name)) delete forwarded[name];
  return { url, headers: forwarded };
}
