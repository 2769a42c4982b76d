import { permanentDownloadError } from './download-errors.js';
import { safeUrl } from './url-policy.js';

/** Headers that carry the caller's identity; never sent to another origin. */
const CREDENTIAL_HEADERS = ['authorization', 'cookie', 'proxy-authorization'];

/**
 * The next hop of a redirect: `location` resolved against `from`, with credential headers dropped
 * when the origin changes. A URL seen before (a loop) or a hop past `maxRedirects` is a
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
    url = new URL(location, from);
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
  for (const name of CREDENTIAL_HEADERS) delete forwarded[name];
  return { url, headers: forwarded };
}
