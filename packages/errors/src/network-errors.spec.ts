import { PassThrough, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { startFaultServer, type FaultHandler } from '@ad-pipeline/test-support';
import { Agent, interceptors, request } from 'undici';
import { categorizeError, shouldRetry, toPipelineError } from './index.js';

// Real failures over loopback: each scenario provokes the error the pipeline would meet, then classifies it.

type Handler = FaultHandler;

async function withServer<T>(handler: Handler, use: (url: string) => Promise<T>): Promise<T> {
  const server = await startFaultServer(handler);
  try {
    return await use(server.url('/asset.mp4'));
  } finally {
    await server.close();
  }
}

/** A loopback URL nothing listens on: a port just freed by a server that closed. */
async function closedPortUrl(): Promise<string> {
  const server = await startFaultServer(() => undefined);
  await server.close();
  return `${server.origin}/`;
}

/** The rejection of `run()`; a fulfilment fails the test. */
const rejectionOf = (run: () => Promise<unknown>): Promise<unknown> =>
  run().then(
    () => Promise.reject(new Error('expected a failure')),
    (error: unknown) => error,
  );

const hang: Handler = () => undefined;

describe('real network failures', () => {
  it('connection refused (fetch): retried, external', async () => {
    const url = await closedPortUrl();
    const error = await rejectionOf(() => fetch(url));
    expect((error as Error).cause).toMatchObject({ code: 'ECONNREFUSED' });
    expect(shouldRetry(error)).toBe(true);
    expect(categorizeError(error)).toBe('EXTERNAL_API_ERROR');
    const wrapped = toPipelineError(error, { code: 'ASSET_DOWNLOAD_FAILED' });
    expect(wrapped).toMatchObject({ code: 'EXTERNAL_API_ERROR', retryable: true, cause: error });
    expect(wrapped.details).toMatchObject({ code: 'ECONNREFUSED', syscall: 'connect' });
  });

  it('connection refused (undici.request): retried', async () => {
    const url = await closedPortUrl();
    const error = await rejectionOf(() => request(url));
    expect(error).toMatchObject({ code: 'ECONNREFUSED' });
    expect(shouldRetry(error)).toBe(true);
  });

  it('socket closed mid-response: retried', async () => {
    await withServer(
      (_req, res) => {
        res.writeHead(200, { 'content-length': '1000' });
        res.write('partial');
        setImmediate(() => res.socket?.destroy());
      },
      async (url) => {
        const error = await rejectionOf(async () => {
          const { body } = await request(url);
          await body.arrayBuffer();
        });
        expect((error as { code?: string }).code).toMatch(
          /^UND_ERR_(SOCKET|RES_CONTENT_LENGTH_MISMATCH)$/,
        );
        expect(shouldRetry(error)).toBe(true);
        expect(categorizeError(error)).toBe('EXTERNAL_API_ERROR');
      },
    );
  });

  it('socket destroyed before any response (fetch): retried', async () => {
    await withServer(
      (req) => req.socket.destroy(),
      async (url) => {
        const error = await rejectionOf(() => fetch(url));
        expect(shouldRetry(error)).toBe(true);
      },
    );
  });

  it('headers timeout: retried, API_TIMEOUT', async () => {
    const agent = new Agent({ headersTimeout: 50 });
    try {
      await withServer(hang, async (url) => {
        const error = await rejectionOf(() => request(url, { dispatcher: agent }));
        expect(error).toMatchObject({ code: 'UND_ERR_HEADERS_TIMEOUT' });
        expect(shouldRetry(error)).toBe(true);
        expect(categorizeError(error)).toBe('API_TIMEOUT');
      });
    } finally {
      await agent.close();
    }
  });

  it('body timeout: retried, API_TIMEOUT', async () => {
    const agent = new Agent({ bodyTimeout: 50 });
    try {
      await withServer(
        (_req, res) => {
          res.writeHead(200);
          res.write('start');
        },
        async (url) => {
          const error = await rejectionOf(async () => {
            const { body } = await request(url, { dispatcher: agent });
            await body.text();
          });
          expect(error).toMatchObject({ code: 'UND_ERR_BODY_TIMEOUT' });
          expect(shouldRetry(error)).toBe(true);
          expect(categorizeError(error)).toBe('API_TIMEOUT');
        },
      );
    } finally {
      await agent.close();
    }
  });

  it('AbortSignal.timeout: retried, API_TIMEOUT', async () => {
    await withServer(hang, async (url) => {
      const error = await rejectionOf(() => fetch(url, { signal: AbortSignal.timeout(50) }));
      expect((error as Error).name).toBe('TimeoutError');
      expect(shouldRetry(error)).toBe(true);
      expect(categorizeError(error)).toBe('API_TIMEOUT');
      expect(toPipelineError(error).retryable).toBe(true);
    });
  });

  it('a user abort: not retried, JOB_CANCELLED', async () => {
    await withServer(hang, async (url) => {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 20);
      const error = await rejectionOf(() => fetch(url, { signal: controller.signal }));
      expect((error as Error).name).toBe('AbortError');
      expect(shouldRetry(error)).toBe(false);
      expect(categorizeError(error)).toBe('JOB_CANCELLED');
      expect(toPipelineError(error).retryable).toBe(false);
    });
  });

  it('a user abort through undici.request: not retried', async () => {
    await withServer(hang, async (url) => {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 20);
      const error = await rejectionOf(() => request(url, { signal: controller.signal }));
      expect(shouldRetry(error)).toBe(false);
      expect(categorizeError(error)).toBe('JOB_CANCELLED');
    });
  });

  it('a stream pipeline aborted by a timeout signal: retried (the abort carries the TimeoutError)', async () => {
    const source = new PassThrough();
    const sink = new Writable({ write: (_chunk, _enc, done) => done() });
    const error = await rejectionOf(() =>
      pipeline(source, sink, { signal: AbortSignal.timeout(20) }),
    );
    expect(error).toMatchObject({
      name: 'AbortError',
      code: 'ABORT_ERR',
      cause: { name: 'TimeoutError' },
    });
    expect(shouldRetry(error)).toBe(true);
    expect(categorizeError(error)).toBe('API_TIMEOUT');
  });

  it.each([
    [503, true, 'EXTERNAL_API_ERROR'],
    [429, true, 'API_RATE_LIMIT'],
    [504, true, 'API_TIMEOUT'],
    [404, false, 'EXTERNAL_API_ERROR'],
    [501, false, 'EXTERNAL_API_ERROR'],
  ])('an HTTP %i answer (undici ResponseError): retried %s, %s', async (status, retry, code) => {
    const agent = new Agent();
    const dispatcher = agent.compose(interceptors.responseError());
    try {
      await withServer(
        (_req, res) => {
          res.statusCode = status;
          res.end('nope');
        },
        async (url) => {
          const error = await rejectionOf(() => request(url, { dispatcher }));
          expect(error).toMatchObject({ statusCode: status });
          expect(shouldRetry(error)).toBe(retry);
          expect(categorizeError(error)).toBe(code);
          expect(toPipelineError(error).details).toMatchObject({ upstreamStatus: status });
        },
      );
    } finally {
      await agent.close();
    }
  });
});
