import { REDACTED, redactUrl } from './redact-url.js';
import { isSecretKey } from './secret-keys.js';

// URL patterns may start inside a word (`id_https://…`, `0https://…`): a scheme cut short does not
// matter, the query is what is judged. Token shapes use a lookbehind instead of `\b`, so a secret glued
// to `_` (`x_sk-…`) is still found. Bounded quantifiers keep scanning linear.

// A URL in prose, JSON or a header; stops at whitespace, quotes, brackets and backslashes (`\"` in JSON).
const URL_PATTERN = /[a-z][a-z0-9+.-]{0,31}:\/\/[^\s"'<>`\\]+/gi;
// The same inside JSON text that escapes slashes: `https:\/\/host\/path?sig=…`.
const JSON_ESCAPED_URL = /[a-z][a-z0-9+.-]{0,31}:\\\/\\\/(?:[^\s"'<>`\\]|\\\/|\\u[0-9a-f]{4})+/gi;
// A percent-encoded URL (`https%3A%2F%2F…`), e.g. a signed URL nested in another URL's query.
// Encoded more than once (`%253A%252F%252F`) too: each level is decoded and redacted in turn.
const PERCENT_ENCODED_URL = /[a-z][a-z0-9+.-]{0,31}%(?:25)*3A%(?:25)*2F%(?:25)*2F[^\s"'<>`\\&]+/gi;

/** Credentials recognisable by their shape wherever they appear. */
const TOKEN_SHAPES: readonly RegExp[] = [
  // RFC 6750 bearer tokens in prose or a header value: "Bearer <token>"
  // (a token has a digit or a symbol somewhere, which keeps "Bearer authentication failed" readable)
  /(?<=(?<![A-Za-z0-9])Bearer\s{1,8})(?=[A-Za-z]*[0-9\-._~+/])[A-Za-z0-9\-._~+/]{8,}=*/gi,
  // OpenAI / Anthropic API keys: sk-…, sk-proj-…, sk-ant-api03-…
  /(?<![A-Za-z0-9])sk-[A-Za-z0-9_-]{16,}/g,
  // Stripe secret and restricted keys
  /(?<![A-Za-z0-9])[rs]k_(?:live|test)_[A-Za-z0-9]{10,}/g,
  // AWS access key ids (long-term and temporary)
  /(?<![A-Z0-9])(?:AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA)[A-Z0-9]{16}(?![A-Z0-9])/g,
  // JSON Web Tokens (JWS compact form; the signature may be empty for alg "none")
  /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g,
  // GitHub, GitLab, Slack and Google API tokens
  /(?<![A-Za-z0-9])(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,}|glpat-[A-Za-z0-9_-]{20,}|xox[abeoprs]-[A-Za-z0-9-]{10,}|AIza[A-Za-z0-9_-]{35})/g,
];

// `name=value`, `name: value`, `"name":"value"`, `\"name\":\"value\"`: judged by the name (isSecretKey).
const KEY_VALUE =
  /(?<![A-Za-z0-9_.-])([A-Za-z_][A-Za-z0-9_.-]{0,63})(\\?["']?[ \t]{0,8}[:=][ \t]{0,8}\\?["']?)([^\s"'&,;<>{}()[\]\\]+)/g;
// An Authorization header value is a scheme and a credential: everything up to the end of the value.
const AUTHORIZATION_VALUE =
  /(?<![A-Za-z0-9_.-])((?:proxy-)?authorization)(\\?["']?[ \t]{0,8}[:=][ \t]{0,8}\\?["']?)([^"'\\\r\n,;]+)/gi;

function redactJsonEscapedUrl(match: string): string {
  const plain = match
    .replace(/\\u([0-9a-f]{4})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
    .replaceAll('\\/', '/');
  const redacted = redactUrl(plain);
  return redacted === plain ? match : redacted.replaceAll('/', '\\/');
}

function redactPercentEncodedUrl(match: string): string {
  let plain: string;
  try {
    plain = decodeURIComponent(match);
  } catch {
    return match;
  }
  const redacted = redactText(plain);
  return redacted === plain ? match : encodeURIComponent(redacted);
}

/**
 * Redact the secrets found in free text (messages, stacks, string values): every URL (plain,
 * JSON-escaped `https:\/\/…`, or percent-encoded `https%3A%2F%2F…`) goes through `redactUrl`;
 * `Bearer` tokens, API keys of well-known shapes (`sk-…`, `AKIA…`, JWTs, GitHub/GitLab/Slack/Google
 * tokens) and the value of any `name=value` / `name: value` pair whose name `isSecretKey` flags
 * (`password=…`, `AccountKey=…`, `;jsessionid=…`, `"apiKey":"…"`) become `[REDACTED]`. Text without
 * secrets is returned unchanged.
 */
export function redactText(text: string): string {
  let result = text;
  if (result.includes(':\\/\\/')) result = result.replace(JSON_ESCAPED_URL, redactJsonEscapedUrl);
  if (result.includes('://')) result = result.replace(URL_PATTERN, redactUrl);
  if (/%(?:25)*3A%(?:25)*2F/i.test(result))
    result = result.replace(PERCENT_ENCODED_URL, redactPercentEncodedUrl);
  for (const shape of TOKEN_SHAPES) result = result.replace(shape, REDACTED);
  result = result.replace(
    AUTHORIZATION_VALUE,
    (_, name: string, separator: string) => `${name}${separator}${REDACTED}`,
  );
  return result.replace(KEY_VALUE, (match, name: string, separator: string) =>
    isSecretKey(name) ? `${name}${separator}${REDACTED}` : match,
  );
}
