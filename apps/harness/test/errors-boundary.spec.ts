import { join } from 'node:path';
import { ErrorCode, PipelineError, isPipelineError } from '@ad-pipeline/errors';
import { runNode } from '../src/index.js';

/** What `fixtures/emit-errors.mjs` prints for one error. */
interface Emitted {
  json: string;
  problem: string;
  code: string;
  retryable: boolean;
  userMessage: string;
}

let emitted: Record<string, Emitted>;

beforeAll(async () => {
  // A real process boundary: the errors are built by another `node`, and only text comes back.
  const run = await runNode([join(__dirname, 'fixtures', 'emit-errors.mjs')], {
    cwd: join(__dirname, '..'),
  });
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  emitted = JSON.parse(run.stdout) as Record<string, Emitted>;
});

// Errors whose retryability comes from the catalog (or the code), so the JSON body alone carries it.
const catalogDriven = [
  'storage',
  'replicate503',
  'rateLimited',
  'validation',
  'tooLarge',
  'cancelled',
];

describe('errors across a process boundary', () => {
  test.each(catalogDriven)(
    '%s: fromJSON of the JSON text keeps code, message, details, user message and retryability',
    (name) => {
      const sent = emitted[name];
      const body = JSON.parse(sent.json) as Record<string, unknown>;
      const received = PipelineError.fromJSON(sent.json);
      expect(isPipelineError(received)).toBe(true);
      expect(received.code).toBe(sent.code);
      expect(received.retryable).toBe(sent.retryable);
      expect(received.message).toBe(body['message']);
      expect(received.details).toEqual(body['details']);
      expect(received.getUserFriendlyMessage()).toBe(sent.userMessage);
      expect(received.toJSON()).toEqual(body);
    },
  );

  test.each(['claude400', 'download404'])(
    '%s: an instance retryability override crosses both as the JSON body and as problem details',
    (name) => {
      const sent = emitted[name];
      expect(sent.retryable).toBe(false);
      for (const text of [sent.json, sent.problem]) {
        const received = PipelineError.fromJSON(text);
        expect(received.code).toBe(sent.code);
        expect(received.retryable).toBe(false);
        expect(received.getUserFriendlyMessage()).toBe(sent.userMessage);
      }
    },
  );

  test('the wire body is the original system shape plus retryable', () => {
    expect(Object.keys(JSON.parse(emitted['storage'].json)).sort()).toEqual([
      'details',
      'error_code',
      'message',
      'retryable',
      'user_message',
    ]);
    const problem = JSON.parse(emitted['replicate503'].problem) as Record<string, unknown>;
    expect(problem).toMatchObject({
      status: 502,
      code: ErrorCode.REPLICATE_API_ERROR,
      retryable: true,
      instance: '/jobs/replicate503',
    });
  });

  test('secrets never cross: keys and signed URL queries are redacted before the text leaves', () => {
    const { json, problem } = emitted['secret'];
    for (const text of [json, problem]) {
      expect(text).not.toMatch(/s3cr3t/);
    }
    const received = PipelineError.fromJSON(json);
    expect(received.code).toBe(ErrorCode.REPLICATE_API_ERROR);
    expect(received.details['url']).toMatch(/^https:\/\/cdn\.example\/x\.mp4/);
  });

  test('a user message with safe details survives ("10 MiB")', () => {
    expect(PipelineError.fromJSON(emitted['tooLarge'].json).getUserFriendlyMessage()).toMatch(
      /10 MiB/,
    );
  });

  test('a code the receiver does not know becomes INTERNAL_ERROR, never a crash', () => {
    const received = PipelineError.fromJSON(
      JSON.stringify({ error_code: 'FUTURE_CODE', message: 'x', details: {}, user_message: 'y' }),
    );
    expect(received.code).toBe(ErrorCode.INTERNAL_ERROR);
    expect(received.retryable).toBe(false);
  });
});
