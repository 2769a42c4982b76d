import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { Writable } from 'node:stream';
import express, { type NextFunction, type Request, type Response } from 'express';
import Fastify, { type FastifyInstance } from 'fastify';
import pino from 'pino';
import { ErrorCode, PipelineError, serializeError, toPipelineError } from '@ad-pipeline/errors';

// Real Express 5 and Fastify 5 apps on 127.0.0.1 port 0, driven over HTTP: what a user's API answers
// when it plugs the errors package into the framework it already runs.

const SECRET_URL = 'https://cdn.example.com/a.mp4?X-Amz-Signature=s3cr3tsig';
const tooLarge = (): PipelineError =>
  new PipelineError(ErrorCode.FILE_TOO_LARGE, `upload too large, source ${SECRET_URL}`, {
    maxBytes: 1024,
    authorization: 'Bearer t0ps3cret',
  });

interface Answer {
  status: number;
  body: Record<string, unknown>;
  text: string;
}

async function post(base: string, body: string, contentType = 'application/json'): Promise<Answer> {
  const response = await fetch(`${base}/upload`, { method: 'POST', headers: { 'content-type': contentType }, body });
  const text = await response.text();
  return { status: response.status, body: text.startsWith('{') ? (JSON.parse(text) as Record<string, unknown>) : {}, text };
}

async function get(base: string, path: string): Promise<Answer> {
  const response = await fetch(`${base}${path}`);
  const text = await response.text();
  return { status: response.status, body: text.startsWith('{') ? (JSON.parse(text) as Record<string, unknown>) : {}, text };
}

function lines(): { stream: Writable; records: () => Array<Record<string, unknown>>; raw: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  const raw = (): string => chunks.join('');
  return {
    stream,
    raw,
    records: () =>
      raw()
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

describe('Express 5', () => {
  let server: Server;
  let base: string;

  beforeAll(async () => {
    const app = express();
    app.use(express.json({ limit: '1kb' }));
    app.post('/upload', (_req, res) => {
      res.json({ ok: true });
    });
    app.get('/too-large', () => {
      throw tooLarge();
    });
    const api = express.Router();
    api.get('/too-large', () => {
      throw tooLarge();
    });
    // The README's handler (Express tells error handlers by their four parameters).
    // eslint-disable-next-line @typescript-eslint/no-unused-vars
    api.use((thrown: unknown, _req: Request, res: Response, _next: NextFunction) => {
      const error = toPipelineError(thrown);
      res.status(error.status).json(error.toResponseBody());
    });
    app.use('/api', api);
    app.post('/api/upload', (_req, res) => {
      res.json({ ok: true });
    });
    // Body-parser errors are raised before any router: the README handler at app level.
    app.use((thrown: unknown, req: Request, res: Response, next: NextFunction) => {
      if (req.path === '/too-large') return next(thrown); // Express's own default handler
      const error = toPipelineError(thrown);
      res.status(error.status).json(error.toResponseBody());
    });
    server = app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('malformed JSON → 400 INVALID_INPUT, never 502', async () => {
    const answer = await post(base, '{"name": "x", "password": "hunter2"');
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error_code: 'INVALID_INPUT', retryable: false, details: {} });
    expect(answer.text).not.toContain('hunter2');
  });

  it('a body over the limit → 413 FILE_TOO_LARGE naming the limit', async () => {
    const answer = await post(base, JSON.stringify({ text: 'x'.repeat(4096) }));
    expect(answer.status).toBe(413);
    expect(answer.body).toEqual({
      error_code: 'FILE_TOO_LARGE',
      user_message: 'The file is too large. The maximum size is 1 KiB.',
      retryable: false,
      details: { maxBytes: 1024 },
    });
  });

  it('an unsupported Content-Encoding → 415 UNSUPPORTED_FORMAT', async () => {
    const response = await fetch(`${base}/upload`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'bogus' },
      body: '{}',
    });
    expect(response.status).toBe(415);
    expect(await response.json()).toMatchObject({ error_code: 'UNSUPPORTED_FORMAT' });
  });

  it("a PipelineError thrown from a route: Express's default handler answers its status", async () => {
    const answer = await get(base, '/too-large');
    expect(answer.status).toBe(413);
  });

  it('a PipelineError through the README handler: client body without internals', async () => {
    const answer = await get(base, '/api/too-large');
    expect(answer.status).toBe(413);
    expect(answer.body).toEqual({
      error_code: 'FILE_TOO_LARGE',
      user_message: 'The file is too large. The maximum size is 1 KiB.',
      retryable: false,
      details: { maxBytes: 1024 },
    });
    expect(answer.text).not.toMatch(/s3cr3tsig|t0ps3cret|cdn\.example/);
  });
});

describe('Fastify 5', () => {
  let app: FastifyInstance;
  let closePlain: () => Promise<unknown>;
  let base: string;
  let plainBase: string;
  const log = lines();

  beforeAll(async () => {
    app = Fastify({ bodyLimit: 1024 });
    app.setErrorHandler((thrown, _request, reply) => {
      const error = toPipelineError(thrown);
      void reply.code(error.status).send(error.toResponseBody());
    });
    app.post(
      '/upload',
      {
        schema: {
          body: {
            type: 'object',
            required: ['name'],
            properties: { name: { type: 'string', maxLength: 5 } },
          },
        },
      },
      async () => ({ ok: true }),
    );
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

    // Fastify's own default error handler and its pino logger, untouched.
    const plain = Fastify({ loggerInstance: pino({ level: 'info' }, log.stream) });
    closePlain = () => plain.close();
    plain.get('/too-large', async () => {
      throw tooLarge();
    });
    plain.get('/db', async () => {
      throw new PipelineError(ErrorCode.DATABASE_ERROR, `query failed on ${SECRET_URL}`, {
        authorization: 'Bearer t0ps3cret',
        query: 'select 1',
      });
    });
    await plain.listen({ port: 0, host: '127.0.0.1' });
    plainBase = `http://127.0.0.1:${(plain.server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await app.close();
    await closePlain();
  });

  it('schema validation: a missing property → 400 MISSING_REQUIRED_FIELD naming the field', async () => {
    const answer = await post(base, '{}');
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error_code: 'MISSING_REQUIRED_FIELD', retryable: false, details: { field: 'name' } });
  });

  it('schema validation: a value too long → 400 INVALID_INPUT listing the field', async () => {
    const answer = await post(base, JSON.stringify({ name: 'much too long' }));
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({
      error_code: 'INVALID_INPUT',
      details: { field: 'name', issues: [{ path: 'name', message: 'must NOT have more than 5 characters' }] },
    });
  });

  it.each([
    ['bad JSON', 400, 'INVALID_INPUT', '{bad', 'application/json'],
    ['an empty JSON body', 400, 'INVALID_INPUT', '', 'application/json'],
    ['a body over bodyLimit', 413, 'FILE_TOO_LARGE', JSON.stringify({ name: 'x'.repeat(2048) }), 'application/json'],
    ['an unsupported media type', 415, 'UNSUPPORTED_FORMAT', '<a/>', 'text/xml'],
  ])('%s → %i %s, never 502', async (_name, status, code, body, type) => {
    const answer = await post(base, body, type);
    expect(answer.status).toBe(status);
    expect(answer.body).toMatchObject({ error_code: code, retryable: false });
  });

  it("a PipelineError with Fastify's default handler: its status, and no secret in the body", async () => {
    const answer = await get(plainBase, '/too-large');
    expect(answer.status).toBe(413);
    expect(answer.body).toMatchObject({ statusCode: 413, code: 'FILE_TOO_LARGE' });
    expect(answer.text).not.toMatch(/s3cr3tsig|t0ps3cret/);
  });

  it("Fastify's own pino log of a 5xx PipelineError holds no secret", async () => {
    const answer = await get(plainBase, '/db');
    expect(answer.status).toBe(503);
    expect(answer.text).not.toMatch(/s3cr3tsig|t0ps3cret/);
    const logged = log
      .records()
      .find((record) => (record['err'] as { code?: string } | undefined)?.code === 'DATABASE_ERROR');
    expect(logged?.['err']).toMatchObject({ code: 'DATABASE_ERROR', details: { authorization: '[REDACTED]', query: 'select 1' } });
    expect(log.raw()).not.toMatch(/s3cr3tsig|t0ps3cret/);
  });
});

describe('pino', () => {
  const cause = Object.assign(new Error(`connect ECONNREFUSED ${'https://admin:pw1@db.internal:5432'}`), {
    code: 'ECONNREFUSED',
    headers: { 'x-api-key': 'k3y' },
  });
  const error = (): PipelineError =>
    new PipelineError(
      ErrorCode.REPLICATE_API_ERROR,
      'POST https://api.replicate.com/v1/predictions?api_key=r8_s3cret failed',
      { authorization: 'Bearer t0ps3cret', predictionId: 'p1' },
      { cause },
    );

  it('logger.error({ err }) with pino’s default serializers prints no secret', () => {
    const out = lines();
    pino(out.stream).error({ err: error() }, 'upstream failed');
    expect(out.raw()).not.toMatch(/t0ps3cret|r8_s3cret/);
    expect(out.records()[0]?.['err']).toMatchObject({ type: 'PipelineError', details: { authorization: '[REDACTED]', predictionId: 'p1' } });
  });

  it('pino’s default err serializer reads the wrapped cause too: its message and stack hold no secret', () => {
    const out = lines();
    const raw = new Error('upstream said no: Bearer s3cr3tBearerTok and sk-proj-abcdefghijklmnopqrstuvwxyz012345');
    const wrapped = toPipelineError(raw);
    pino(out.stream).error(wrapped);
    pino(out.stream).error({ err: wrapped }, 'failed');
    expect(out.raw()).not.toMatch(/s3cr3tBearerTok|sk-proj-abcdefghij/);
    // The original is still the cause (same object), only its text is redacted.
    expect(wrapped.cause).toBe(raw);
  });

  it('serializeError as pino’s err serializer: redacted, cause chain kept', () => {
    const out = lines();
    pino({ serializers: { err: serializeError } }, out.stream).error({ err: error() }, 'upstream failed');
    expect(out.raw()).not.toMatch(/t0ps3cret|r8_s3cret|pw1|k3y/);
    expect(out.records()[0]?.['err']).toMatchObject({
      type: 'PipelineError',
      error_code: 'REPLICATE_API_ERROR',
      cause: { type: 'Error', code: 'ECONNREFUSED', headers: { 'x-api-key': '[REDACTED]' } },
    });
  });

  it('error.log(pino) follows the err convention: one top-level message, message and stack under err', () => {
    const out = lines();
    error().log(pino({ messageKey: 'message' }, out.stream));
    const raw = out.raw();
    const [record] = out.records();
    expect(record).toMatchObject({ level: 40, message: 'REPLICATE_API_ERROR: POST https://api.replicate.com/v1/predictions?[REDACTED] failed' });
    expect(record).not.toHaveProperty('stack');
    expect(record?.['err']).toMatchObject({ type: 'PipelineError', error_code: 'REPLICATE_API_ERROR', stack: expect.any(String) });
    // one "message" at the top level and one in err (the cause's message is inside err too)
    const withoutErr = raw.replace(JSON.stringify(record?.['err']), '{}');
    expect(withoutErr.match(/"message":/g)).toHaveLength(1);
    expect(raw).not.toMatch(/t0ps3cret|r8_s3cret|pw1|k3y/);
  });
});
