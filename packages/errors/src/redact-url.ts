import { isSecretKey } from './secret-keys.js';
import { redactText } from './redact-text.js';

export { redactText } from './redact-text.js';

/** What replaces a secret value, a credential-carrying query string or fragment. */
export const REDACTED = '[REDACTED]';

// Query parameters that are credentials in a URL although `isSecretKey` leaves them alone as property
// names: Google's `key` (API key) and OAuth's `code` (RFC 6749 §4.1.2). Signed URLs (S3 `X-Amz-*`, GCS
// `X-Goog-*`, CloudFront, Azure SAS) always carry a parameter `isSecretKey` flags (`…Signature`, `sig`).
const CREDENTIAL_PARAMS = new Set(['key', 'code']);

/**
 * Well-known URLs whose path is the credential: whoever has the URL can post as the bot or webhook.
 * Each keeps what identifies the service and replaces the secret part.
 */
const SECRET_PATHS: ReadonlyArray<{ host: RegExp; path: RegExp; keep: string }> = [
  // Slack incoming webhooks and workflow triggers: /services/T…/B…/secret
  {
    host: /^hooks\.slack(?:-gov)?\.com$/,
    path: /^\/(services|workflows|triggers)\/.+$/,
    keep: '/$1/',
  },
  // Discord webhooks: /api[/v10]/webhooks/<id>/<token>
  {
    host: /^(?:(?:canary|ptb)\.)?discord(?:app)?\.com$/,
    path: /^(\/api(?:\/v\d+)?\/webhooks\/[^/]+\/)[^/]+/,
    keep: '$1',
  },
  // Telegram Bot API: /bot<token>/<method> and /file/bot<token>/<path>
  { host: /^api\.telegram\.org$/, path: /^(\/(?:file\/)?bot)[^/]+/, keep: '$1' },
  // Microsoft Teams / Office 365 incoming webhooks
  { host: /(?:^|\.)webhook\.office\.com$/, path: /^(\/webhookb2\/).+$/, keep: '$1' },
  // Zapier catch hooks: /hooks/catch/<account>/<secret>/
  { host: /^hooks\.zapier\.com$/, path: /^(\/hooks\/catch\/).+$/, keep: '$1' },
];

function isCredentialParam(name: string): boolean {
  return isSecretKey(name) || CREDENTIAL_PARAMS.has(name.toLowerCase());
}

/** Whether a query string or fragment carries a credential: by parameter name, or in a value (a nested signed URL). */
function carriesCredentials(query: string): boolean {
  for (const [name, value] of new URLSearchParams(query)) {
    if (isCredentialParam(name) || redactText(value) !== value) return true;
  }
  return false;
}

/** The path with its secret part replaced, for the well-known webhook and bot URL shapes. */
function redactPath(hostname: string, pathname: string): string {
  let result = pathname;
  for (const { host, path, keep } of SECRET_PATHS) {
    if (host.test(hostname)) result = result.replace(path, `${keep}${REDACTED}`);
  }
  // Matrix parameters such as `;jsessionid=…` put a session in the path itself.
  return result.replace(/;([^/;=]+)=[^/;]*/g, (match, name: string) =>
    isSecretKey(name) ? `;${name}=${REDACTED}` : match,
  );
}

/**
 * Strip the secrets out of one URL: user info (`user:pass@`) is removed; a query string or fragment
 * that carries any credential parameter (or a nested URL that does) is dropped whole (replaced by
 * `[REDACTED]`); the secret path of well-known webhook and bot URLs (Slack, Discord, Telegram, Teams,
 * Zapier) and `;jsessionid=`-style path parameters are replaced. A URL with nothing secret is returned
 * unchanged, byte for byte.
 */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Not parseable: keep only what precedes any query or fragment, minus user info.
    const cut = url.search(/[?#]/);
    const head = (cut === -1 ? url : url.slice(0, cut)).replace(
      /^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i,
      '$1',
    );
    return cut === -1 ? head : `${head}?${REDACTED}`;
  }
  const hasUserInfo = parsed.username !== '' || parsed.password !== '';
  const secretQuery = parsed.search !== '' && carriesCredentials(parsed.search);
  const secretHash = parsed.hash.length > 1 && carriesCredentials(parsed.hash.slice(1));
  const path = redactPath(parsed.hostname, parsed.pathname);
  if (!hasUserInfo && !secretQuery && !secretHash && path === parsed.pathname) return url;

  const query = secretQuery ? `?${REDACTED}` : parsed.search;
  const hash = secretHash ? `#${REDACTED}` : parsed.hash;
  // Rebuilt by hand: the URL setters would percent-encode the brackets of `[REDACTED]`.
  const slashes = parsed.host !== '' || /^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? '//' : '';
  const origin = `${parsed.protocol}${slashes}${parsed.host}`;
  return `${origin}${path}${query}${hash}`;
}
