import { request } from 'node:http';
import { startMediaServer, type MediaServer } from '../src/media-server.js';

/** One request without keep-alive: status, headers and body. */
function get(
  url: string,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.once('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.once('error', reject);
    });
    req.once('error', reject);
    req.end();
  });
}

describe('startMediaServer', () => {
  const clip = Buffer.from(Array.from({ length: 100_000 }, (_, i) => i % 251));
  let server: MediaServer;
  beforeEach(async () => {
    server = await startMediaServer(
      new Map([['clip.mp4', { body: clip, contentType: 'video/mp4' }]]),
      { chunkBytes: 4096, chunkDelayMs: 0, flakyFailures: 2 },
    );
  });
  afterEach(async () => {
    await server.close();
  });

  test('listens on 127.0.0.1 and serves a file whole, in chunks, with its length and type', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await get(`${server.url}/media/clip.mp4`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('video/mp4');
    expect(res.headers['content-length']).toBe(String(clip.length));
    expect(res.body.equals(clip)).toBe(true);
  });

  test('serves an open-ended byte range with 206, and 416 past the end', async () => {
    const partial = await get(`${server.url}/media/clip.mp4`, { range: 'bytes=99000-' });
    expect(partial.status).toBe(206);
    expect(partial.headers['content-range']).toBe(`bytes 99000-99999/${clip.length}`);
    expect(partial.body.equals(clip.subarray(99_000))).toBe(true);
    expect((await get(`${server.url}/media/clip.mp4`, { range: 'bytes=100000-' })).status).toBe(
      416,
    );
  });

  test('a flaky path fails with 503 the configured number of times, per path, then serves', async () => {
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await get(`${server.url}/flaky/clip.mp4`)).status);
    expect(statuses).toEqual([503, 503, 200]);
    expect(server.requests.map((r) => `${r.status} ${r.path}`)).toEqual([
      '503 /flaky/clip.mp4',
      '503 /flaky/clip.mp4',
      '200 /flaky/clip.mp4',
    ]);
  });

  test('unknown files and paths are 404; other methods 405; HEAD has headers only', async () => {
    expect((await get(`${server.url}/media/nope.mp4`)).status).toBe(404);
    expect((await get(`${server.url}/flaky/nope.mp4`)).status).toBe(404);
    expect((await get(`${server.url}/media/clip.mp4/more`)).status).toBe(404);
    expect((await get(`${server.url}/`)).status).toBe(404);
    expect((await get(`${server.url}/media/clip.mp4`, {}, 'POST')).status).toBe(405);
    const head = await get(`${server.url}/media/clip.mp4`, {}, 'HEAD');
    expect([head.status, head.headers['content-length'], head.body.length]).toEqual([
      200,
      String(clip.length),
      0,
    ]);
  });

  test('close() ends open connections too: a transfer in progress is cut short', async () => {
    const slow = await startMediaServer(
      new Map([['clip.mp4', { body: clip, contentType: 'video/mp4' }]]),
      { chunkBytes: 1024, chunkDelayMs: 20 },
    );
    const outcome = new Promise<{ complete: boolean; bytes: number }>((resolve, reject) => {
      const req = request(`${slow.url}/media/clip.mp4`, { agent: false }, (res) => {
        let bytes = 0;
        res.on('data', (chunk: Buffer) => (bytes += chunk.length));
        res.on('error', () => undefined); // 'aborted' once the server goes away
        res.once('close', () => resolve({ complete: res.complete, bytes }));
        void slow.close();
      });
      req.once('error', reject);
      req.end();
    });
    const { complete, bytes } = await outcome;
    expect(complete).toBe(false);
    expect(bytes).toBeLessThan(clip.length);
  });
});
