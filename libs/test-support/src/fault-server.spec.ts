import { request } from 'node:http';
import { CONTENT_TYPES, makePayload, sha256Hex, startFaultServer } from './index.js';
import { useKnobServer } from '../test/use-knob-server.js';
import { httpGet } from './http-get.js';

const server = useKnobServer();

describe('fault server: payloads', () => {
  test('serves deterministic payloads whose bytes and digest match payload()', async () => {
    const response = await httpGet(server().url('/a/scene.mp4', { size: 5000 }));
    const expected = server().payload('/a/scene.mp4', { size: 5000 });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe(CONTENT_TYPES.mp4);
    expect(response.headers['content-length']).toBe('5000');
    expect(sha256Hex(response.body)).toBe(expected.sha256);
    expect(makePayload('mp4', 5000, '/a/scene.mp4').sha256).toBe(expected.sha256);
  });

  test('each media kind starts with its real magic bytes', () => {
    expect(makePayload('png', 100, 's').bytes.subarray(0, 8)).toEqual(
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    );
    expect(makePayload('mp4', 100, 's').bytes.toString('latin1', 4, 12)).toBe('ftypisom');
    const wav = makePayload('wav', 100, 's').bytes;
    expect(wav.toString('latin1', 0, 4) + wav.toString('latin1', 8, 12)).toBe('RIFFWAVE');
    expect(wav.readUInt32LE(4)).toBe(92);
    expect(makePayload('jpg', 100, 's').bytes.subarray(0, 3)).toEqual(
      Buffer.from([0xff, 0xd8, 0xff]),
    );
    expect(makePayload('html', 100, 's').bytes.toString('latin1')).toMatch(
      /^<!doctype html>[a-z<>/]+$/,
    );
  });

  test('different seeds give different bytes; a payload smaller than its header is refused', () => {
    expect(makePayload('png', 1000, 'a').sha256).not.toBe(makePayload('png', 1000, 'b').sha256);
    expect(() => makePayload('wav', 10, 'a')).toThrow(RangeError);
  });

  test('kind and contentType knobs serve wrong content under a media name', async () => {
    const response = await httpGet(
      server().url('/wrong.png', { kind: 'html', contentType: 'image/png', size: 300 }),
    );
    expect(response.headers['content-type']).toBe('image/png');
    expect(response.body.toString('latin1')).toMatch(/^<!doctype html>/);
  });

  test('chunked sends no Content-Length', async () => {
    const response = await httpGet(server().url('/c.bin', { chunked: true, size: 200_000 }));
    expect(response.headers['content-length']).toBeUndefined();
    expect(response.headers['transfer-encoding']).toBe('chunked');
    expect(response.body.length).toBe(200_000);
  });

  test('unknown knobs are a 400, not a silent default', async () => {
    const response = await httpGet(`${server().origin}/x.png?bogus=1`);
    expect(response.status).toBe(400);
    expect(response.body.toString()).toMatch(/unknown fault knob bogus/);
  });
});

describe('fault server: faults and counting', () => {
  test('status n times then success, counted per key', async () => {
    const url = server().url('/flaky.png', { status: 503, times: 2 });
    expect((await httpGet(url)).status).toBe(503);
    expect((await httpGet(url)).status).toBe(503);
    expect((await httpGet(url)).status).toBe(200);
    expect(server().stats.hits('/flaky.png')).toBe(3);
    expect(server().stats.requests.map((r) => r.faulty)).toEqual([true, true, false]);
  });

  test('the key knob groups different paths under one counter', async () => {
    await httpGet(server().url('/one.png', { key: 'shared' }));
    await httpGet(server().url('/two.png', { key: 'shared' }));
    expect(server().stats.hits('shared')).toBe(2);
  });

  test('Retry-After in seconds and as an HTTP date', async () => {
    const seconds = await httpGet(server().url('/r1.png', { status: 429, retryAfter: 3 }));
    expect(seconds.status).toBe(429);
    expect(seconds.headers['retry-after']).toBe('3');
    const date = await httpGet(
      server().url('/r2.png', { status: 503, retryAfter: { dateInSeconds: 60 } }),
    );
    const at = Date.parse(String(date.headers['retry-after']));
    expect(at - Date.now()).toBeGreaterThan(55_000);
    expect(at - Date.now()).toBeLessThanOrEqual(61_000);
  });

  test('resetAfter sends exactly N body bytes, then resets the connection', async () => {
    const response = await httpGet(server().url('/reset.mp4', { size: 100_000, resetAfter: 1000 }));
    expect(response.status).toBe(200);
    expect(response.body.length).toBe(1000);
    expect(response.error?.code).toBe('ECONNRESET');
  });

  test('truncateAfter declares the full length but closes after N bytes', async () => {
    const response = await httpGet(
      server().url('/trunc.mp4', { size: 100_000, truncateAfter: 4096 }),
    );
    expect(response.headers['content-length']).toBe('100000');
    expect(response.body.length).toBe(4096);
    expect(response.error).toBeDefined();
  });

  test('trickle sends the body in many small chunks, and bytesSent follows it', async () => {
    const response = await httpGet(
      server().url('/slow.wav', { size: 400, trickleBytes: 100, trickleMs: 5 }),
    );
    expect(response.body.length).toBe(400);
    expect(response.chunks).toBe(4);
    expect(server().stats.bytesSent('/slow.wav')).toBe(400);
  });

  test('peakInFlight counts the requests answered at once', async () => {
    await Promise.all(
      [1, 2, 3].map((n) => httpGet(server().url(`/p${n}.png`, { headersDelayMs: 100 }))),
    );
    expect(server().stats.peakInFlight()).toBe(3);
    await httpGet(server().url('/p4.png'));
    expect(server().stats.peakInFlight()).toBe(3);
    server().stats.reset();
    expect(server().stats.peakInFlight()).toBe(0);
  });

  test('headersDelayMs holds the headers back', async () => {
    const started = Date.now();
    const response = await httpGet(server().url('/late.png', { headersDelayMs: 150 }));
    expect(response.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });
});

describe('fault server: ranges and redirects', () => {
  test('Range requests get a 206 slice of the same payload', async () => {
    const payload = server().payload('/r.mp4', { size: 10_000 });
    const response = await httpGet(server().url('/r.mp4', { size: 10_000 }), {
      range: 'bytes=2500-',
    });
    expect(response.status).toBe(206);
    expect(response.headers['content-range']).toBe('bytes 2500-9999/10000');
    expect(response.headers['accept-ranges']).toBe('bytes');
    expect(response.body.equals(payload.bytes.subarray(2500))).toBe(true);
    expect(server().stats.requests[0].range).toBe('bytes=2500-');
    const past = await httpGet(server().url('/r.mp4', { size: 10_000 }), { range: 'bytes=10000-' });
    expect(past.status).toBe(416);
  });

  test('ranges: false ignores Range and serves the whole payload', async () => {
    const response = await httpGet(server().url('/nr.mp4', { size: 10_000, ranges: false }), {
      range: 'bytes=2500-',
    });
    expect(response.status).toBe(200);
    expect(response.headers['accept-ranges']).toBeUndefined();
    expect(response.body.length).toBe(10_000);
  });

  test('redirects hop n times, then serve; hops do not count as hits', async () => {
    let url = server().url('/moved.png', { redirects: 2 });
    const statuses: number[] = [];
    for (let hop = 0; hop < 3; hop++) {
      const response = await httpGet(url);
      statuses.push(response.status);
      if (response.status === 302)
        url = new URL(String(response.headers.location), server().origin).toString();
    }
    expect(statuses).toEqual([302, 302, 200]);
    expect(server().stats.redirects('/moved.png')).toBe(2);
    expect(server().stats.hits('/moved.png')).toBe(1);
  });

  test('a redirect loop cycles between two URLs forever', async () => {
    const first = await httpGet(server().url('/loop.png', { redirects: 'loop' }));
    const second = await httpGet(
      new URL(String(first.headers.location), server().origin).toString(),
    );
    const third = await httpGet(
      new URL(String(second.headers.location), server().origin).toString(),
    );
    expect([first.status, second.status, third.status]).toEqual([302, 302, 302]);
    expect(third.headers.location).toBe(first.headers.location);
  });
});

test('close() ends open keep-alive connections, clears timers and is idempotent', async () => {
  const own = await startFaultServer();
  const pending = new Promise<NodeJS.ErrnoException>((resolve) => {
    const req = request(
      own.url('/never.png', { headersDelayMs: 60_000 }),
      { agent: false },
      () => undefined,
    );
    req.once('error', resolve);
    req.end();
  });
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(own.stats.openConnections()).toBe(1);
  await Promise.all([own.close(), own.close()]);
  expect((await pending).code).toBe('ECONNRESET');
  expect(own.stats.openConnections()).toBe(0);
});
