/** Words that make any key containing them secret: `userPassword`, `client_secret`, `Set-Cookie`, … */
const SECRET_PARTS = [
  'password',
  'passwd',
  'passphrase',
  'secret',
  'credential',
  'apikey',
  'privatekey',
  'authorization',
  'cookie',
  'signature',
  'session',
];

/** Endings that make a key secret: `token`, `accessToken`, `refresh_token` (but not `maxTokens`). */
const SECRET_SUFFIXES = ['token', 'apikey', 'auth', 'sig'];

/** Whole keys that are secret on their own but too short to match inside other words. */
const SECRET_KEYS = new Set(['auth', 'bearer', 'jwt', 'pwd', 'sig', 'otp', 'pin', 'ssn']);

/** Whether a property, header or query-parameter name looks like it holds a secret (any case, any separator). */
export function isSecretKey(key: string): boolean {
  const normalized = key.toLowerCase().replace(/[^a-z0-9]/g, '');
  return (
    SECRET_KEYS.has(normalized) ||
    SECRET_PARTS.some((part) => normalized.includes(part)) ||
    SECRET_SUFFIXES.some((suffix) => normalized.endsWith(suffix))
  );
}
