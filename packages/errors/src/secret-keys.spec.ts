import { isSecretKey } from './index.js';

/** Every common spelling of a multi-word name: snake, camel, Pascal, kebab, Train-Case, UPPER_SNAKE, dotted, and glued. */
function spellings(words: readonly string[], { glued = true } = {}): string[] {
  const cap = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);
  const forms = [
    words.join('_'),
    words[0] + words.slice(1).map(cap).join(''),
    words.map(cap).join(''),
    words.join('-'),
    words.map(cap).join('-'),
    words.join('_').toUpperCase(),
    words.join('.'),
  ];
  if (glued) forms.push(words.join(''), words.join('').toUpperCase());
  return [...new Set(forms)];
}

// Families of credential names; each row is one family member, tried in every spelling.
const SECRET_FAMILIES: ReadonlyArray<[family: string, words: string[], glued?: boolean]> = [
  ['password', ['password']],
  ['password', ['pass']],
  ['password', ['pw']],
  ['password', ['pwd']],
  ['password', ['passwd']],
  ['password', ['passphrase']],
  ['password', ['db', 'pass'], false],
  ['password', ['smtp', 'password']],
  ['password', ['user', 'pwd']],
  ['password', ['admin', 'pw'], false],
  ['password', ['pin', 'code']],
  ['access key', ['access', 'key']],
  ['access key', ['aws', 'access', 'key', 'id']],
  ['access key', ['aws', 'secret', 'access', 'key']],
  ['access key', ['shared', 'access', 'key']],
  ['api key', ['api', 'key']],
  ['api key', ['x', 'api', 'key']],
  ['api key', ['x', 'goog', 'api', 'key']],
  ['app key', ['app', 'key']],
  ['auth key', ['auth', 'key']],
  ['client key', ['client', 'key']],
  ['encryption key', ['encryption', 'key']],
  ['signing key', ['signing', 'key']],
  ['subscription key', ['subscription', 'key']],
  ['subscription key', ['ocp', 'apim', 'subscription', 'key']],
  ['account key', ['account', 'key']],
  ['account key', ['storage', 'account', 'key']],
  ['private key', ['private', 'key']],
  ['master key', ['master', 'key']],
  ['consumer key', ['consumer', 'key']],
  ['license key', ['license', 'key']],
  ['functions key', ['x', 'functions', 'key']],
  ['hmac key', ['hmac', 'key']],
  ['token', ['token']],
  ['token', ['access', 'token']],
  ['token', ['refresh', 'token']],
  ['token', ['id', 'token']],
  ['token', ['x', 'csrf', 'token']],
  ['token', ['private', 'token']],
  ['token', ['x', 'amz', 'security', 'token']],
  ['token', ['sas', 'token']],
  ['token', ['github', 'token']],
  ['secret', ['secret']],
  ['secret', ['client', 'secret']],
  ['secret', ['app', 'secret']],
  ['secret', ['webhook', 'secret']],
  ['secret', ['consumer', 'secret']],
  ['signature', ['signature']],
  ['signature', ['x', 'amz', 'signature']],
  ['signature', ['x', 'hub', 'signature', '256']],
  ['signature', ['x', 'slack', 'signature']],
  ['signature', ['sig']],
  ['signature', ['x', 'goog', 'sig']],
  ['signature', ['sign']],
  ['signature', ['hmac']],
  ['signature', ['hmac', 'sha256']],
  ['authorization', ['authorization']],
  ['authorization', ['proxy', 'authorization']],
  ['authorization', ['auth']],
  ['authorization', ['basic', 'auth']],
  ['authorization', ['auth', 'header']],
  ['authorization', ['bearer']],
  ['authorization', ['jwt']],
  ['oauth code', ['auth', 'code']],
  ['oauth code', ['authorization', 'code']],
  ['oauth code', ['verification', 'code']],
  ['oauth code', ['otp', 'code']],
  ['oauth code', ['mfa', 'code']],
  ['oauth code', ['device', 'code']],
  ['oauth code', ['one', 'time', 'code'], false],
  ['oauth code', ['code', 'verifier']],
  ['oauth code', ['oauth', 'verifier']],
  ['oauth code', ['otp']],
  ['session', ['session']],
  ['session', ['session', 'id']],
  ['session', ['jsessionid']],
  ['session', ['phpsessid']],
  ['session', ['connect', 'sid']],
  ['session', ['asp', 'net', 'session', 'id']],
  ['session', ['session', 'token']],
  ['cookie', ['cookie']],
  ['cookie', ['set', 'cookie']],
  ['cookie', ['cookies']],
  ['credentials', ['credentials']],
  ['credentials', ['credential']],
  ['credentials', ['x', 'amz', 'credential']],
  ['credentials', ['aws', 'creds']],
  ['credentials', ['service', 'account', 'credentials']],
];

// Names that look close to a credential but are not one: they must stay readable in logs and details.
const PLAIN_NAMES: ReadonlyArray<string[]> = [
  ['key'],
  ['code'],
  ['status', 'code'],
  ['error', 'code'],
  ['exit', 'code'],
  ['country', 'code'],
  ['unknown', 'code'],
  ['time', 'code'],
  ['max', 'tokens'],
  ['token', 'count'],
  ['token', 'type'],
  ['tokenizer'],
  ['client', 'id'],
  ['user', 'id'],
  ['key', 'id'],
  ['cache', 'key'],
  ['object', 'key'],
  ['s3', 'key'],
  ['partition', 'key'],
  ['sort', 'key'],
  ['idempotency', 'key'],
  ['public', 'key'],
  ['key', 'count'],
  ['keyboard'],
  ['monkey'],
  ['author'],
  ['author', 'name'],
  ['auth', 'method'],
  ['passenger', 'count'],
  ['bypass', 'cache'],
  ['compass'],
  ['signal'],
  ['design'],
  ['sign', 'up', 'url'],
  ['pinned'],
  ['retry', 'after', 'ms'],
  ['content', 'type'],
  ['user', 'agent'],
  ['host'],
  ['url'],
  ['path'],
  ['field'],
  ['service'],
];

describe('isSecretKey: families of credential names, every spelling', () => {
  const secretCases = SECRET_FAMILIES.flatMap(([family, words, glued]) =>
    spellings(words, { glued: glued ?? true }).map((name) => [family, name] as const),
  );
  it.each(secretCases)('%s: %s is secret', (_family, name) => {
    expect(isSecretKey(name)).toBe(true);
  });

  const plainCases = PLAIN_NAMES.flatMap((words) => spellings(words, { glued: false }));
  it.each(plainCases)('%s is not secret', (name) => {
    expect(isSecretKey(name)).toBe(false);
  });

  it.each([
    // The names issue #13 found missing in 0.1.
    'accessKey',
    'access_key',
    'AWS_ACCESS_KEY_ID',
    'appKey',
    'authKey',
    'pass',
    'pw',
    'Ocp-Apim-Subscription-Key',
    'encryptionKey',
    'signingKey',
    'client_key',
    'appkey',
    'auth_key',
  ])('issue #13: %s is secret', (name) => {
    expect(isSecretKey(name)).toBe(true);
  });
});
