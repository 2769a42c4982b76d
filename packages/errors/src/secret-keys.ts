// The rule is built from families of credential names, not from a list of spellings: a key is cut into
// words (snake_case, camelCase, kebab-case, UPPER_CASE, dotted) and judged by the words it is made of.

/**
 * Parts that make any key secret wherever they appear, also inside a glued word: `userPassword`,
 * `client_secret`, `Set-Cookie`, `X-Amz-Credential`, `JSESSIONID`, `proxyauthorization`, `hmacSha256`.
 */
const SECRET_PARTS =
  /password|passwd|passphrase|secret|signature|credential|cookie|session|sessid|authorization|hmac/;

/** Short words that make a key secret only as whole words (`db_pass`, `userPw`, but not `bypass`, `pinned`). */
const SECRET_WORDS = new Set([
  'pass',
  'pwd',
  'pw',
  'pin',
  'creds',
  'bearer',
  'jwt',
  'otp',
  'totp',
  'ssn',
  'cvv',
  'cvc',
]);

/** Words that make a key secret when they are its head noun (its last word): `accessToken`, `x-goog-sig`, `basicAuth`. */
const SECRET_HEADS = new Set(['token', 'auth', 'sig', 'sign', 'sid', 'verifier', 'apikey']);

/**
 * `…key` names are secret (`apiKey`, `AccountKey`, `Ocp-Apim-Subscription-Key`, `signing_key`) unless the
 * key is a data-structure key: `cacheKey`, `objectKey`, `partition_key`, `Idempotency-Key`.
 */
const PLAIN_KEY_QUALIFIERS = new Set([
  'cache',
  'object',
  's3',
  'partition',
  'sort',
  'hash',
  'range',
  'row',
  'foreign',
  'idempotency',
  'message',
  'public',
]);

/** `…code` names are secret when a word before it says the code is a one-time credential (OAuth, MFA): `auth_code`, `verificationCode`, `one_time_code`. */
const SECRET_CODE_QUALIFIERS = new Set([
  'auth',
  'oauth',
  'authorisation',
  'access',
  'verification',
  'verify',
  'confirmation',
  'activation',
  'otp',
  'mfa',
  'sms',
  'security',
  'recovery',
  'backup',
  'reset',
  'login',
  'pairing',
  'device',
  'pin',
  'one', // one-time code
]);

/**
 * Glued spellings (`appkey`, `authtoken`, `accesskey`): a lower-case word ending in `key` is secret when
 * what precedes it is one of these, since most English words ending in `key` are not (`monkey`, `hockey`).
 */
const GLUED_KEY_QUALIFIERS = [
  'api',
  'app',
  'auth',
  'access',
  'account',
  'client',
  'consumer',
  'private',
  'master',
  'encryption',
  'signing',
  'subscription',
  'license',
  'functions',
];

/** Trailing words that describe how a secret is stored, not what it is: `AWS_ACCESS_KEY_ID`, `tokenValue`, `x-hub-signature-256`. */
const TRAILING_QUALIFIERS = new Set([
  'id',
  'value',
  'string',
  'str',
  'data',
  'b64',
  'base64',
  'hex',
  'raw',
  'header',
  'headers',
  'param',
  'bytes',
  'text',
  'json',
  'encoded',
]);

/** Cuts a name into lower-case words at separators and camelCase humps: `XApiKey` → `x api key`. */
function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '');
}

const GLUED_TRAILING = /(?:id|value|header|headers|string|data)$/;

/** A glued spelling (`xapikey`, `AWSACCESSKEYID`, `proxyauthorization`, `authheader`): judged by its endings. */
function isGluedSecret(word: string): boolean {
  if (SECRET_PARTS.test(word)) return true;
  const core = word.replace(GLUED_TRAILING, '');
  for (const candidate of core === '' || core === word ? [word] : [word, core]) {
    if (candidate !== word && SECRET_HEADS.has(candidate)) return true;
    // Only compounds: a bare `token` or `auth` is judged as a head noun (`tokenCount` is not secret).
    if (candidate.length > 5 && /(?:token|auth|verifier|creds)$/.test(candidate)) return true;
    if (candidate.length > 3 && /(?:pwd|sig|sid)$/.test(candidate)) return true;
    if (
      candidate.endsWith('code') &&
      [...SECRET_CODE_QUALIFIERS].some((q) => candidate.endsWith(`${q}code`))
    )
      return true;
    if (
      candidate.endsWith('key') &&
      GLUED_KEY_QUALIFIERS.some((q) => candidate.endsWith(`${q}key`))
    )
      return true;
  }
  return false;
}

/**
 * Whether a property, header, query-parameter or environment-variable name looks like it holds a
 * secret, in any spelling (`access_key`, `accessKey`, `Access-Key`, `ACCESS_KEY`, `accesskey`).
 *
 * Families: passwords (`pass`, `pw`, `pwd`, `passwd`, `password`, `passphrase`, `pin`); secrets and
 * credentials; keys (`apiKey`, access/app/auth/client/encryption/signing/subscription/private/account
 * keys, but not data-structure keys such as `cacheKey`); tokens (`accessToken`, `X-CSRF-Token`, not
 * `maxTokens`/`tokenCount`); signatures (`signature`, `sig`, `sign`, `hmac`); authorization and auth
 * headers; one-time codes (`auth_code`, `verificationCode`; a bare `code` is an error code here, it is
 * secret only as a URL query parameter); sessions (`sessionId`, `JSESSIONID`, `connect.sid`); cookies.
 * A bare `key` is not secret (an S3 object key); as a URL query parameter it is (see `redactUrl`).
 *
 * The redirect code uses this rule to drop credential-bearing headers on a cross-origin hop.
 */
export function isSecretKey(name: string): boolean {
  const parts = words(name);
  if (parts.some((word) => SECRET_WORDS.has(word) || isGluedSecret(word))) return true;
  while (
    parts.length > 1 &&
    (TRAILING_QUALIFIERS.has(parts.at(-1) as string) || /^\d+$/.test(parts.at(-1) as string))
  ) {
    parts.pop();
  }
  const head = parts.at(-1);
  if (head === undefined) return false;
  if (SECRET_HEADS.has(head)) return true;
  const qualifier = parts.at(-2);
  if (qualifier === undefined) return false;
  if (head === 'key' || head === 'keys') return !PLAIN_KEY_QUALIFIERS.has(qualifier);
  if (head === 'code' || head === 'codes')
    return parts.some((word) => SECRET_CODE_QUALIFIERS.has(word));
  return false;
}
