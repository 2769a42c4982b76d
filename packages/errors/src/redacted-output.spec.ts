import { Console } from 'node:console';
import { Writable } from 'node:stream';
import { inspect } from 'node:util';
import { ErrorCode, PipelineError, ValidationError } from './index.js';

const SIGNED =
  'https://bucket.s3.amazonaws.com/ads/a.mp4?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20260101&X-Amz-Signature=SIGSECRET1';
const MARKERS = [
  'SIGSECRET1',
  'SIGSECRET2',
  'SIGSECRET3',
  'AKIAIOSFODNN7EXAMPLE',
  'TOKSECRET',
  'COOKSECRET',
  'GKEYSECRET',
  'AZSECRET',
  'PWSECRET',
];

/** A download error as 0.1 built it: raw URL in message, details, and a cause chain from the HTTP client. */
function downloadError(): PipelineError {
  const urlError = Object.assign(new TypeError(`Invalid URL: ${SIGNED}`), {
    code: 'ERR_INVALID_URL',
    input: SIGNED,
  });
  const members = [
    Object.assign(new Error('connect ECONNREFUSED https://cdn.example.com/b?sig=SIGSECRET2'), {
      code: 'ECONNREFUSED',
    }),
    Object.assign(new Error('socket hang up'), {
      request: { headers: { authorization: 'Bearer TOKSECRET123', cookie: 'sid=COOKSECRET' } },
    }),
  ];
  const aggregate = new AggregateError(
    members,
    'every address failed for https://maps.googleapis.com/x?key=GKEYSECRET',
    {
      cause: urlError,
    },
  );
  const transport = Object.assign(
    new Error('fetch failed: https://a.blob.core.windows.net/c?sv=1&sig=AZSECRET', {
      cause: aggregate,
    }),
    {
      code: 'UND_ERR_SOCKET',
      password: 'PWSECRET',
    },
  );
  return new PipelineError(
    ErrorCode.ASSET_DOWNLOAD_FAILED,
    `GET ${SIGNED} failed with Authorization: Bearer TOKSECRET123`,
    {
      url: SIGNED,
      headers: { Authorization: 'Bearer TOKSECRET123', Cookie: 'sid=COOKSECRET' },
      next: 'https://cdn.example.com/c?token=SIGSECRET3',
    },
    { cause: transport },
  );
}

function expectNoSecret(output: string): void {
  for (const marker of MARKERS) expect(output).not.toContain(marker);
}

describe('no secret leaves a PipelineError through any output', () => {
  test('util.inspect, at any depth, keeps the shape but not the secrets', () => {
    const error = downloadError();
    const shown = inspect(error, { depth: Infinity });
    expectNoSecret(shown);
    expect(shown).toMatch(
      /^PipelineError: GET https:\/\/bucket\.s3\.amazonaws\.com\/ads\/a\.mp4\?\[REDACTED\] failed/,
    );
    expect(shown).toContain("code: 'ASSET_DOWNLOAD_FAILED'");
    expect(shown).toContain('[cause]: Error: fetch failed');
    expect(shown).toContain('[errors]: [');
    expect(shown).toContain("code: 'ECONNREFUSED'");
    expect(shown).toContain('TypeError: Invalid URL');
  });

  test('console.log prints what util.inspect prints', () => {
    // A real Node console writing into a buffer (Jest replaces the global one).
    let printed = '';
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        printed += chunk.toString();
        done();
      },
    });
    const realConsole = new Console({ stdout: sink, stderr: sink });
    realConsole.log(downloadError());
    realConsole.error('failed:', downloadError());
    expect(printed).toContain('PipelineError: GET');
    expectNoSecret(printed);
  });

  test('message and stack are redacted when the error is built (what tracers record)', () => {
    const error = downloadError();
    // What OpenTelemetry's recordException reads.
    expectNoSecret(`${error.name} ${error.message} ${error.stack ?? ''}`);
    expect(error.stack).toContain('[REDACTED]');
    const validation = new ValidationError(`bad url ${SIGNED}`, 'url');
    expectNoSecret(`${validation.message} ${validation.stack ?? ''}`);
  });

  test('the cause keeps no raw URL in input', () => {
    const error = downloadError();
    const urlError = ((error.cause as Error).cause as AggregateError).cause as { input: string };
    expect(urlError.input).toBe('https://bucket.s3.amazonaws.com/ads/a.mp4?[REDACTED]');
  });

  test('toJSON, toString, problem details and log', () => {
    const error = downloadError();
    expectNoSecret(JSON.stringify(error));
    expectNoSecret(String(error));
    expectNoSecret(JSON.stringify(error.toProblemDetails()));
    const records: unknown[] = [];
    const logger = {
      warn: (obj: object, msg?: string) => records.push(obj, msg),
      error: (obj: object, msg?: string) => records.push(obj, msg),
    };
    error.log(logger);
    const logged = JSON.stringify(records);
    expectNoSecret(logged);
    // The cause chain and the AggregateError members are logged, redacted.
    expect(logged).toContain('ECONNREFUSED');
    expect(logged).toContain('ERR_INVALID_URL');
  });

  test('an error with a cycle in its cause chain still prints', () => {
    const a = new Error('a https://x.example.com/?token=TOKSECRET1');
    const b = new Error('b', { cause: a });
    (a as { cause?: unknown }).cause = b;
    const error = new PipelineError(ErrorCode.INTERNAL_ERROR, 'loop', {}, { cause: b });
    const shown = inspect(error, { depth: Infinity });
    expectNoSecret(shown);
    expect(shown).toContain('[cause]');
  });
});
