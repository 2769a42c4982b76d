import { BAD_RANGES, knobsToQuery, makePayload, parseKnobs, startFaultServer } from './index.js';
import { useKnobServer } from '../test/use-knob-server.js';
import { httpGet } from './http-get.js';

// The knobs the first suite (fault-server().spec.ts) does not reach, each against a raw node:http client.

const server = useKnobServer();

const SIZE = 10_000;

describe('knobs travel in the URL', () => {
  test("knobsToQuery and parseKnobs are inverses; hop is the server's own and ignored", () => {
    const knobs = {
      size: 10,
      status: 503,
      times: 2,
      retryAfter: { dateInSeconds: 5 },
      redirects: 'loop' as const,
      chunked: true,
      badRange: 'long-body' as const,
    };
    expect(parseKnobs(knobsToQuery(knobs))).toEqual(knobs);
    expect(parseKnobs(new URLSearchParams('hop=3'))).toEqual({});
  });

  test('malformed values are refused: negative numbers, unknown kinds and bad ranges', () => {
    expect(() => parseKnobs(new URLSearchParams('size=-1'))).toThrow(/size must be a number >= 0/);
    expect(() => parseKnobs(new URLSearchParams('kind=exe'))).toThrow(/unknown payload kind/);
    expect(() => parseKnobs(new URLSearchParams('badRange=odd'))).toThrow(/unknown badRange/);
  });

  test('url() appends knobs to a path that already has a query', () => {
    expect(server().url('/a.png?x=1', { size: 5 })).toBe(`${server().origin}/a.png?x=1&size=5`);
    expect(server().url('b.png')).toBe(`${server().origin}/b.png`);
  });
});

describe('payload knobs', () => {
  test('seed changes the bytes, not the size; the same seed under another path gives the same bytes', async () => {
    const a = await httpGet(server().url('/a.bin', { size: 500, seed: 's1' }));
    const b = await httpGet(server().url('/b.bin', { size: 500, seed: 's1' }));
    const c = await httpGet(server().url('/a.bin', { size: 500, seed: 's2' }));
    expect(a.body.equals(b.body)).toBe(true);
    expect(a.body.equals(c.body)).toBe(false);
    expect(a.body.equals(makePayload('bin', 500, 's1').bytes)).toBe(true);
  });

  test('HEAD sends the headers of the payload and no body', async () => {
    const response = await new Promise<{
      status: number;
      length: string | undefined;
      body: number;
    }>((resolve, reject) => {
      void import('node:http').then(({ request }) => {
        const req = request(
          server().url('/h.png', { size: 700 }),
          { method: 'HEAD', agent: false },
          (res) => {
            let body = 0;
            res.on('data', (chunk: Buffer) => (body += chunk.length));
            res.once('end', () =>
              resolve({ status: res.statusCode ?? 0, length: res.headers['content-length'], body }),
            );
          },
        );
        req.once('error', reject);
        req.end();
      });
    });
    expect(response).toEqual({ status: 200, length: '700', body: 0 });
    expect(server().stats.requests[0]).toMatchObject({ method: 'HEAD', status: 200 });
    expect(server().stats.bytesSent('/h.png')).toBe(0);
  });
});

describe('partial-content knobs', () => {
  test('slice answers every request, a plain GET too, with a 206 of at most that many bytes', async () => {
    const whole = await httpGet(server().url('/s.mp4', { size: SIZE, slice: 4000 }));
    expect(whole.status).toBe(206);
    expect(whole.headers['content-range']).toBe(`bytes 0-3999/${SIZE}`);
    const next = await httpGet(server().url('/s.mp4', { size: SIZE, slice: 4000 }), {
      range: 'bytes=8000-',
    });
    expect(next.headers['content-range']).toBe(`bytes 8000-9999/${SIZE}`);
    expect(next.body.equals(server().payload('/s.mp4', { size: SIZE }).bytes.subarray(8000))).toBe(
      true,
    );
  });

  test('wholeAs206 answers a plain GET with the whole representation as a 206', async () => {
    const response = await httpGet(server().url('/w.mp4', { size: SIZE, wholeAs206: true }));
    expect(response.status).toBe(206);
    expect(response.headers['content-range']).toBe(`bytes 0-9999/${SIZE}`);
    expect(response.body.length).toBe(SIZE);
  });

  test('the ETag is strong and follows the payload bytes', async () => {
    const one = await httpGet(server().url('/e.bin', { size: 100, seed: 'a' }));
    const two = await httpGet(server().url('/e.bin', { size: 100, seed: 'b' }));
    expect(one.headers.etag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(one.headers.etag).not.toBe(two.headers.etag);
  });

  // What each bad range sends, from `bytes=5000-` of a 10 000-byte payload.
  const expected: Record<
    (typeof BAD_RANGES)[number],
    { range?: string; etag?: string; length?: string; body: number }
  > = {
    'long-body': { range: 'bytes 5000-9999/10000', length: '5200', body: 5200 },
    'long-chunked': { range: 'bytes 5000-9999/10000', body: 5200 },
    'wrong-first': { range: 'bytes 4900-9999/10000', length: '5100', body: 5100 },
    'total-changed': { range: 'bytes 5000-9999/10001', length: '5000', body: 5000 },
    'etag-changed': { etag: '"another-version"', length: '5000', body: 5000 },
    'short-chunked': { range: 'bytes 5000-9999/10000', body: 4900 },
  };
  test.each(BAD_RANGES.map((bad) => [bad]))(
    'badRange=%s sends the inconsistent 206 it names',
    async (bad) => {
      const url = server().url(`/bad-${bad}.bin`, { size: SIZE, badRange: bad, times: 1 });
      const response = await httpGet(url, { range: 'bytes=5000-' });
      const want = expected[bad];
      expect(response.status).toBe(206);
      if (want.range !== undefined) expect(response.headers['content-range']).toBe(want.range);
      if (want.etag !== undefined) expect(response.headers.etag).toBe(want.etag);
      expect(response.headers['content-length']).toBe(want.length);
      expect(response.body.length).toBe(want.body);
      // Faulty only once (times: 1), and never for a request without Range.
      const clean = await httpGet(url, { range: 'bytes=5000-' });
      expect(clean.headers['content-range']).toBe('bytes 5000-9999/10000');
      expect(clean.body.length).toBe(5000);
    },
  );

  test('badRange leaves a request without Range alone', async () => {
    const response = await httpGet(
      server().url('/plain.bin', { size: SIZE, badRange: 'long-body' }),
    );
    expect(response.status).toBe(200);
    expect(response.body.length).toBe(SIZE);
  });
});

describe('redirect and status knobs', () => {
  test('redirectTo sends every request to another origin, counted as redirects, not hits', async () => {
    const other = await startFaultServer();
    try {
      const target = other.url('/there.png', { size: 100 });
      const response = await httpGet(server().url('/here.png', { redirectTo: target }));
      expect(response.status).toBe(302);
      expect(response.headers.location).toBe(target);
      expect(server().stats.redirects('/here.png')).toBe(1);
      expect(server().stats.hits('/here.png')).toBe(0);
      expect(server().stats.requests[0]).toMatchObject({ redirect: true, status: 302 });
      expect((await httpGet(target)).status).toBe(200);
      expect(other.stats.hits('/there.png')).toBe(1);
    } finally {
      await other.close();
    }
  });

  test('status without retryAfter sends no Retry-After; the record says faulty and the status', async () => {
    const response = await httpGet(server().url('/gone.png', { status: 410 }));
    expect(response.status).toBe(410);
    expect(response.headers['retry-after']).toBeUndefined();
    expect(server().stats.requests[0]).toMatchObject({
      key: '/gone.png',
      status: 410,
      faulty: true,
      redirect: false,
    });
  });

  test('headersDelayMs and resetAfter apply only while faulty (times)', async () => {
    const url = server().url('/once.mp4', { size: SIZE, resetAfter: 100, times: 1 });
    expect((await httpGet(url)).error?.code).toBe('ECONNRESET');
    const second = await httpGet(url);
    expect(second.error).toBeUndefined();
    expect(second.body.length).toBe(SIZE);
    expect(server().stats.requests.map((r) => r.faulty)).toEqual([true, false]);
    expect(server().stats.bytesSent('/once.mp4')).toBe(100 + SIZE);
  });
});
