import { isSecretKey } from './secret-keys.js';

/** What replaces a secret value, a credential-carrying query string or fragment. */
export const REDACTED = '[REDACTED]';

// Query parameters of signed URLs (S3, GCS, CloudFront) not caught by isSecretKey, which already catches
// `sig` (Azure SAS), `signature`, `token`, `api_key`, `access_token`, ….
const CREDENTIAL_PARAMS = new Set(['key', 'key-pair-id', 'policy']);
const CREDENTIAL_PARAM_PREFIXES = ['x-amz-', 'x-goog-'];

// Stops at whitespace, quotes and brackets so URLs embedded in prose or JSON text are found whole.
const URL_PATTERN = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>`]+/gi;

function isCredentialParam(name: string): boolean {
  const lower = name.toLowerCase();
  return (
    isSecretKey(lower) ||
    CREDENTIAL_PARAMS.has(lower) ||
    CREDENTIAL_PARAM_PREFIXES.some((prefix) => lower.startsWith(prefix))
  );
}

function carriesCredentials(query: string): boolean {
  for (const name of new URLSearchParams(query).keys()) {
    if (isCredentialParam(name)) return true;
  }
  return false;
}

/**
 * Strip the secrets out of one URL: user info (`user:pass@`) is removed, and a query string or fragment
 * that carries any credential parameter is dropped whole (replaced by `[REDACTED]`). A URL with nothing
 * secret is returned unchanged, byte for byte.
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
  const secretHash = parsed.hash.includes('=') && carriesCredentials(parsed.hash.slice(1));
  if (!hasUserInfo && !secretQuery && !secretHash) return url;

  parsed.username = '';
  parsed.password = '';
  const query = secretQuery ? `?${REDACTED}` : parsed.search;
  const hash = secretHash ? `#${REDACTED}` : parsed.hash;
  parsed.search = '';
  parsed.hash = '';
  return `${parsed.href}${query}${hash}`;
}

/** Redact every URL found inside free text (messages, stacks, string values). */
export function redactText(text: string): string {
  return text.includes('://') ? text.replace(URL_PATTERN, redactUrl) : text;
}
