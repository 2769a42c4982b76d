import fc from 'fast-check';
import { redactText, redactUrl } from './index.js';

// Each input hides the marker SECRET (or the whole credential); nothing of it may survive redaction.
const LEAKS: ReadonlyArray<[what: string, input: string, secret: string]> = [
  // issue #13's list
  ['access_key query', 'GET https://api.example.com/v1/x?access_key=SECRET1 failed', 'SECRET1'],
  ['appkey query', 'https://api.example.com/q?appkey=SECRET2&page=1', 'SECRET2'],
  ['auth_key query', 'https://api.example.com/q?auth_key=SECRET3', 'SECRET3'],
  ['pass query', 'https://ftp.example.com/get?user=bob&pass=SECRET4', 'SECRET4'],
  ['OAuth code', 'https://app.example.com/callback?code=SECRET5&state=af0ifjsldkj', 'SECRET5'],
  ['sign query', 'https://api.example.cn/pay?ts=1700000000&sign=SECRET6', 'SECRET6'],
  ['hmac query', 'https://api.example.com/hook?hmac=SECRET7&shop=x', 'SECRET7'],
  [
    'jsessionid path parameter',
    'GET https://shop.example.com/cart;jsessionid=SECRET8?item=2 failed',
    'SECRET8',
  ],
  [
    'Slack webhook',
    'POST https://hooks.slack.com/services/T0AAAAAAA/B0BBBBBBB/SECRET9xxxxxxxxxxxxxxxx: 404',
    'SECRET9',
  ],
  ['Bearer in prose', 'request sent with Bearer SECRET10.abc-def_123 was refused', 'SECRET10'],
  [
    'Azure AccountKey',
    'DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=SECRET11+a/b==;EndpointSuffix=core.windows.net',
    'SECRET11',
  ],
  [
    'JSON-escaped signed URL',
    '{"url":"https:\\/\\/b.s3.amazonaws.com\\/a.mp4?X-Amz-Credential=AK%2F1&X-Amz-Signature=SECRET12"}',
    'SECRET12',
  ],
  [
    'percent-encoded nested signed URL',
    'https://proxy.example.com/fetch?url=https%3A%2F%2Fb.s3.amazonaws.com%2Fa.mp4%3FX-Amz-Signature%3DSECRET13',
    'SECRET13',
  ],
  ['URL glued to _', 'upload_https://cdn.example.com/a.mp4?token=SECRET14 failed', 'SECRET14'],
  // held-out members of the same families
  [
    'percent-encoded URL in prose',
    'redirect=https%3A%2F%2Fcdn.example.com%2Fa%3Fsig%3DSECRET15 refused',
    'SECRET15',
  ],
  [
    'double percent-encoded URL',
    'next=https%253A%252F%252Fcdn.example.com%252Fa%253Fsig%253DSECRET16',
    'SECRET16',
  ],
  [
    'JSON-escaped with \\u0026',
    '"https:\\/\\/cdn.example.com\\/a?x=1\\u0026token=SECRET17"',
    'SECRET17',
  ],
  ['URL glued to _ after a word', 'id_https://u:SECRET18@cdn.example.com/a.mp4', 'SECRET18'],
  [
    'Discord webhook',
    'https://discord.com/api/webhooks/112233445566778899/SECRET19-aaaaaaaaaaaa',
    'SECRET19',
  ],
  [
    'Discord webhook, versioned API',
    'https://discordapp.com/api/v10/webhooks/1122334455/SECRET20',
    'SECRET20',
  ],
  [
    'Telegram bot token',
    'POST https://api.telegram.org/bot123456789:SECRET21-AAAAAAAAAA/sendMessage failed',
    'SECRET21',
  ],
  [
    'Telegram file URL',
    'https://api.telegram.org/file/bot123456789:SECRET22/photos/a.jpg',
    'SECRET22',
  ],
  [
    'Teams webhook',
    'https://acme.webhook.office.com/webhookb2/aaaa@bbbb/IncomingWebhook/SECRET23/cccc',
    'SECRET23',
  ],
  [
    'Slack workflow webhook',
    'https://hooks.slack.com/workflows/T0AAAA/A0BBB/123/SECRET45',
    'SECRET45',
  ],
  ['Zapier catch hook', 'https://hooks.zapier.com/hooks/catch/123456/SECRET46/', 'SECRET46'],
  ['Stripe secret key', 'stripe rejected sk_live_SECRET47abcdefghij', 'SECRET47'],
  ['GitLab token', 'PRIVATE-TOKEN glpat-SECRET48aaaaaaaaaaaa failed', 'SECRET48'],
  ['Slack workflow trigger', 'https://hooks.slack.com/triggers/T0AAAA/123/SECRET24', 'SECRET24'],
  [
    'Google API key param',
    'https://maps.googleapis.com/maps/api/geocode/json?address=x&key=SECRET25',
    'SECRET25',
  ],
  [
    'Azure SAS sig',
    'https://acct.blob.core.windows.net/c/b.mp4?sv=2022-11-02&se=2026&sp=r&sig=SECRET26',
    'SECRET26',
  ],
  [
    'token in fragment',
    'https://app.example.com/#access_token=SECRET27&token_type=bearer',
    'SECRET27',
  ],
  [
    'Authorization header dump',
    'headers: { Authorization: Basic SECRET28dXNlcjpwYXNz }',
    'SECRET28',
  ],
  ['Proxy-Authorization line', 'Proxy-Authorization: Bearer SECRET29', 'SECRET29'],
  ['api key header', 'X-Api-Key: SECRET30', 'SECRET30'],
  ['JSON pair', '{"client_secret":"SECRET31","client_id":"abc"}', 'SECRET31'],
  ['JSON-escaped JSON pair', '{\\"password\\":\\"SECRET32\\"}', 'SECRET32'],
  ['env style', 'AWS_SECRET_ACCESS_KEY=SECRET33 npm start', 'SECRET33'],
  ['cookie header', 'Cookie: sid=SECRET34; theme=dark', 'SECRET34'],
  [
    'SharedAccessKey connection string',
    'Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=root;SharedAccessKey=SECRET35=',
    'SECRET35',
  ],
  ['PHPSESSID path parameter', 'https://old.example.com/index.php;PHPSESSID=SECRET36', 'SECRET36'],
  ['sk- key', 'OpenAI said 401 for key sk-proj-SECRET37abcdefghijklmnop', 'SECRET37'],
  ['sk-ant key', 'x_sk-ant-api03-SECRET38abcdefghijklmnopqrstu', 'SECRET38'],
  [
    'AKIA key id',
    'The AWS Access Key Id AKIAIOSFODNN7EXAMPLE does not exist',
    'AKIAIOSFODNN7EXAMPLE',
  ],
  ['ASIA key id glued', 'creds_ASIAY34FZKBOKMUTVV7A_expired', 'ASIAY34FZKBOKMUTVV7A'],
  [
    'JWT',
    'token eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c rejected',
    'eyJzdWIiOiIxMjM0NTY3ODkwIn0',
  ],
  ['GitHub token', 'git clone failed for ghp_SECRET39aaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'SECRET39'],
  ['Slack bot token', 'slack: xoxb-SECRET40-1234567890', 'SECRET40'],
  ['Google API key shape', 'key AIzaSyA-SECRET41aaaaaaaaaaaaaaaaaaaaaaa', 'SECRET41'],
  ['user info', 'ftp://admin:SECRET42@files.example.com/a.mp4', 'SECRET42'],
  [
    'X-Goog-Signature',
    'https://storage.googleapis.com/b/o?X-Goog-Algorithm=GOOG4&X-Goog-Signature=SECRET43',
    'SECRET43',
  ],
  [
    'CloudFront signed URL',
    'https://d111.cloudfront.net/a.mp4?Expires=1&Signature=SECRET44&Key-Pair-Id=K2',
    'SECRET44',
  ],
];

describe('redactText: secrets in free text', () => {
  it.each(LEAKS)('%s', (_what, input, secret) => {
    const output = redactText(input);
    expect(output).not.toContain(secret);
    // The marker, or an encoded one for an encoded URL; user info is simply dropped.
    if (!input.includes(`:${secret}@`)) expect(output).toMatch(/REDACTED/);
  });

  it('keeps what identifies the request: host, path, the webhook service', () => {
    expect(redactText('POST https://hooks.slack.com/services/T0/B0/XYZ returned 404')).toBe(
      'POST https://hooks.slack.com/services/[REDACTED] returned 404',
    );
    expect(redactUrl('https://api.telegram.org/bot123:ABC/sendMessage')).toBe(
      'https://api.telegram.org/bot[REDACTED]/sendMessage',
    );
    expect(redactText('{"url":"https:\\/\\/b.example.com\\/a?sig=1"}')).toBe(
      '{"url":"https:\\/\\/b.example.com\\/a?[REDACTED]"}',
    );
    expect(redactText('upload_https://cdn.example.com/a?token=1 x')).toBe(
      'upload_https://cdn.example.com/a?[REDACTED] x',
    );
  });

  it.each([
    'plain message: 42',
    'status_code=500 code: ENOENT after 3 attempts',
    'GET https://cdn.example.com/a.mp4?width=100&height=200 returned 404',
    'Bearer authentication failed',
    'https:\\/\\/cdn.example.com\\/a.mp4?w=1',
    'https%3A%2F%2Fcdn.example.com%2Fa.mp4%3Fw%3D1',
    'maxTokens=4096 tokenCount: 12 cacheKey=abc objectKey=ads/a.mp4',
    'https://discord.com/channels/1/2',
    'expected sha256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  ])('leaves %j as it is', (text) => {
    expect(redactText(text)).toBe(text);
  });

  it('property: a secret query value never survives, whatever text surrounds the URL', () => {
    const names = fc.constantFrom(
      'token',
      'sig',
      'access_key',
      'X-Amz-Signature',
      'apiKey',
      'pass',
      'code',
      'key',
      'sign',
      'hmac',
    );
    const glue = fc.constantFrom(' ', '_', '(', '"', "'", '<', '=', ',', '\n', '');
    const secret = fc.stringMatching(/^[A-Za-z0-9]{12,24}$/).map((s) => `S3CR3T${s}`);
    fc.assert(
      fc.property(
        fc.string(),
        glue,
        names,
        secret,
        glue,
        fc.string(),
        (before, g1, name, value, g2, after) => {
          const text = `${before}${g1}https://cdn.example.com/a.mp4?w=1&${name}=${value}${g2}${after}`;
          expect(redactText(text)).not.toContain(value);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
