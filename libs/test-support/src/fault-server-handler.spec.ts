import { request as httpsRequest } from 'node:https';
import { once } from 'node:events';
import { request } from 'node:http';
import { connect } from 'node:net';
import { LOCALHOST_CERT, LOCALHOST_TLS, startFaultServer, type FaultServer } from './index.js';
import { httpGet } from './http-get.js';

// Handler mode: the caller answers; the server records, counts and cleans up.

describe('handler mode', () => {
  let server: FaultServer;
  let release: (() => void)[] = [];
  beforeAll(async () => {
    server = await startFaultServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname === '/hold') {
        release.push(() => res.end('held'));
        return;
      }
      if (url.pathname === '/drop') {
        res.write('part');
        setTimeout(() => res.destroy(), 10);
        return;
      }
      res.statusCode = Number(url.searchParams.get('code') ?? 200);
      res.end('hello');
    });
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.stats.reset();
    release = [];
  });

  test('records each request on arrival: path with query, key, method, headers, time, status', async () => {
    const before = performance.now();
    const response = await httpGet(server.url('/a/b.png?code=203'), {
      range: 'bytes=1-',
      'x-probe': 'yes',
    });
    expect(response.status).toBe(203);
    const [record] = server.stats.requests;
    expect(record).toMatchObject({
      path: '/a/b.png?code=203',
      key: '/a/b.png',
      method: 'GET',
      range: 'bytes=1-',
      status: 203,
      redirect: false,
      faulty: false,
    });
    expect(record?.headers['x-probe']).toBe('yes');
    expect(record?.at).toBeGreaterThanOrEqual(before);
    expect(server.stats.hits('/a/b.png')).toBe(1);
    expect(server.stats.bytesSent('/a/b.png')).toBe(5);
  });

  test('the in-flight peak counts requests held at once; reset restarts it from those still held', async () => {
    const held = [1, 2, 3].map(() => httpGet(server.url('/hold')));
    while (release.length < 3) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(server.stats.peakInFlight()).toBe(3);
    server.stats.reset();
    expect(server.stats.peakInFlight()).toBe(3);
    for (const end of release) end();
    expect((await Promise.all(held)).map((r) => r.body.toString())).toEqual([
      'held',
      'held',
      'held',
    ]);
    server.stats.reset();
    expect(server.stats.peakInFlight()).toBe(0);
  });

  test('closed(n) tells a finished response from one the server cut', async () => {
    await httpGet(server.url('/ok'));
    const dropped = await httpGet(server.url('/drop'));
    expect(dropped.error).toBeDefined();
    expect(await server.closed(1)).toEqual({ finished: true });
    expect(await server.closed(2)).toEqual({ finished: false });
    await expect(server.closed(3)).rejects.toThrow(/request 3 never arrived/);
  });

  test("a malformed request head still gets Node's 400 in handler mode", async () => {
    const { connect } = await import('node:net');
    const answer = await new Promise<string>((resolve) => {
      const socket = connect(server.port, '127.0.0.1', () => socket.write('NOT HTTP\r\n\r\n'));
      let text = '';
      socket.on('data', (data: Buffer) => (text += data.toString('latin1')));
      socket.on('close', () => resolve(text));
      socket.on('error', () => resolve(text));
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400/);
    expect(server.stats.requests).toHaveLength(0);
  });
});

test('close() destroys a socket a handler never answers, and the client sees the reset', async () => {
  const own = await startFaultServer(() => undefined);
  const pending = new Promise<NodeJS.ErrnoException>((resolve) => {
    const req = request(own.url('/never'), { agent: false }, () => undefined);
    req.once('error', resolve);
    req.end();
  });
  while (own.stats.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
  await own.close();
  expect((await pending).code).toBe('ECONNRESET');
  expect(own.stats.openConnections()).toBe(0);
  expect(await own.closed(1)).toEqual({ finished: false });
});

test('tls serves HTTPS with the localhost certificate, which a client checks by name', async () => {
  const secure = await startFaultServer((_req, res) => res.end('over tls'), { tls: LOCALHOST_TLS });
  try {
    expect(secure.origin).toBe(`https://127.0.0.1:${secure.port}`);
    const get = (servername: string) =>
      new Promise<string>((resolve, reject) => {
        const req = httpsRequest(
          {
            host: '127.0.0.1',
            port: secure.port,
            path: '/',
            ca: LOCALHOST_CERT,
            servername,
            agent: false,
          },
          (res) => {
            let body = '';
            res.on('data', (chunk: Buffer) => (body += chunk.toString()));
            res.once('end', () => resolve(body));
          },
        );
        req.once('error', reject);
        req.end();
      });
    expect(await get('localhost')).toBe('over tls');
    await expect(get('example.com')).rejects.toMatchObject({
      code: 'ERR_TLS_CERT_ALTNAME_INVALID',
    });
    // Knob mode works over TLS too; here the handler answers.
    expect(secure.stats.hits('/')).toBe(1);
  } finally {
    await secure.close();
  }
});

test('host and port choose where it listens (a second loopback address on the same port)', async () => {
  const first = await startFaultServer((_req, res) => res.end('first'));
  const second = await startFaultServer((_req, res) => res.end('second'), {
    host: '127.0.0.2',
    port: first.port,
  });
  try {
    expect(second.origin).toBe(`http://127.0.0.2:${first.port}`);
    expect((await httpGet(first.url('/'))).body.toString()).toBe('first');
    expect((await httpGet(second.url('/'))).body.toString()).toBe('second');
  } finally {
    await Promise.all([first.close(), second.close()]);
  }
});

test('numbers the connection of each request, and keepAliveTimeoutMs ends idle ones', async () => {
  const server = await startFaultServer((_req, res) => res.end('kept'), { keepAliveTimeoutMs: 80 });
  // A raw client: two requests on one connection, then the server's idle timeout closes it.
  const socket = connect(server.port, '127.0.0.1');
  const answered = (count: number) =>
    new Promise<void>((resolve) => {
      let seen = '';
      const onData = (chunk: Buffer) => {
        seen += chunk.toString('latin1');
        if (seen.split('kept').length - 1 >= count) {
          socket.off('data', onData);
          resolve();
        }
      };
      socket.on('data', onData);
    });
  try {
    socket.write('GET /a HTTP/1.1\r\nHost: x\r\n\r\n');
    await answered(1);
    socket.write('GET /b HTTP/1.1\r\nHost: x\r\n\r\n');
    await answered(1);
    await once(socket, 'close'); // ended by the server after 80 ms idle
    expect((await httpGet(server.url('/c'))).body.toString()).toBe('kept'); // a new connection
    expect(server.stats.requests.map(({ path, connection }) => [path, connection])).toEqual([
      ['/a', 0],
      ['/b', 0],
      ['/c', 1],
    ]);
    expect(server.stats.connections()).toBe(2);
  } finally {
    socket.destroy();
    await server.close();
  }
});
