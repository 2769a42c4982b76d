import { isIP } from 'node:net';
import {
  LOCALHOST_CERT,
  LOCALHOST_TLS,
  startFaultServer,
  type FaultServer,
} from '@ad-pipeline/test-support';
import { Agent, buildConnector } from 'undici';
import { createGuardedConnector } from './guarded-connector.js';

let server: FaultServer;
let port: number;

beforeAll(async () => {
  server = await startFaultServer((_req, res) => res.end('over tls'), { tls: LOCALHOST_TLS });
  port = server.port;
});

afterAll(async () => {
  await server.close();
});

/** GETs `url` through an Agent using the guarded connector; returns the body. */
async function fetchThrough(
  url: string,
  isBlocked: (address: string) => boolean,
  resolve?: (hostname: string) => Promise<string[]>,
): Promise<string> {
  const agent = new Agent({
    connect: createGuardedConnector(() => false, {
      isBlocked,
      connect: { ca: LOCALHOST_CERT },
      ...(resolve ? { resolve } : {}),
    }),
  });
  try {
    const { body } = await agent.request({ origin: url, path: '/', method: 'GET' });
    return await body.text();
  } finally {
    await agent.close();
  }
}

describe('createGuardedConnector', () => {
  test('dials the vetted address and TLS still verifies the host name', async () => {
    const checked: string[] = [];
    const body = await fetchThrough(`https://localhost:${port}`, (address) => {
      checked.push(address);
      return false;
    });
    expect(body).toBe('over tls');
    // Every address localhost resolves to was checked, and they are addresses, not the name.
    expect(checked.length).toBeGreaterThan(0);
    expect(checked).toContain('127.0.0.1');
  });

  test('an address that fails the check is never dialled', async () => {
    const before = server.stats.requests.length;
    await expect(
      fetchThrough(`https://localhost:${port}`, (address) => address === '127.0.0.1'),
    ).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      details: { reason: 'blocked-address', host: 'localhost', address: '127.0.0.1' },
    });
    expect(server.stats.requests.length).toBe(before);
  });

  test('an IP literal is checked as it is', async () => {
    const checked: string[] = [];
    // The certificate names only localhost, so TLS to the bare IP fails after the check passed.
    await expect(
      fetchThrough(`https://127.0.0.1:${port}`, (address) => {
        checked.push(address);
        return false;
      }),
    ).rejects.toMatchObject({ code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
    expect(checked).toEqual(['127.0.0.1']);
  });

  test('a refused address falls through to the next vetted one', async () => {
    const body = await fetchThrough(
      `https://localhost:${port}`,
      () => false,
      async () => ['::1', '127.0.0.1'], // nothing listens on ::1 at this port
    );
    expect(body).toBe('over tls');
  });

  test('DNS rebinding: every connection checks the answer it dials, the resolver sees no one else', async () => {
    // Two loopback servers stand in for the Internet: 127.0.0.2 plays the "public" host, 127.0.0.1
    // the internal service. The attacker's DNS answers public first, then private.
    const seen = { public: 0, internal: 0 };
    const start = (host: string, key: keyof typeof seen, port = 0) =>
      startFaultServer(
        (_req, res) => {
          seen[key] += 1;
          res.end(key);
        },
        { host, port },
      );
    const internal = await start('127.0.0.1', 'internal');
    const port = internal.port;
    const publicServer = await start('127.0.0.2', 'public', port);
    const answers = [['127.0.0.2'], ['127.0.0.1'], ['127.0.0.1']];
    const lookups: string[][] = [];
    const resolve = async (): Promise<string[]> => {
      const answer = answers.shift() ?? ['127.0.0.1'];
      lookups.push(answer);
      return answer;
    };
    // The socket layer resolves names with the same DNS, as the OS would: a guard that checked one
    // lookup and then dialled the name would be rebound here.
    const real = buildConnector({});
    const dial: buildConnector.connector = (options, callback) => {
      if (isIP(options.hostname) !== 0) return real(options, callback);
      resolve().then(
        ([address]) => real({ ...options, hostname: address ?? '' }, callback),
        (error: Error) => callback(error, null),
      );
    };
    const get = async () => {
      const agent = new Agent({
        connect: createGuardedConnector(() => false, {
          isBlocked: (address) => address === '127.0.0.1',
          resolve,
          dial,
        }),
      });
      try {
        const { body } = await agent.request({
          origin: `http://rebind.test:${port}`,
          path: '/',
          method: 'GET',
        });
        return await body.text();
      } finally {
        await agent.close();
      }
    };
    try {
      expect(await get()).toBe('public');
      await expect(get()).rejects.toMatchObject({
        code: 'INVALID_INPUT',
        details: { reason: 'blocked-address', host: 'rebind.test', address: '127.0.0.1' },
      });
      expect(seen).toEqual({ public: 1, internal: 0 });
      // One lookup per connection, made by the code under test and no one else.
      expect(lookups).toEqual([['127.0.0.2'], ['127.0.0.1']]);
    } finally {
      await publicServer.close();
      await internal.close();
    }
  });

  test('a mixed answer (one public, one private address) is refused whole', async () => {
    await expect(
      fetchThrough(
        `https://localhost:${port}`,
        (address) => address === '127.0.0.1',
        async () => ['93.184.216.34', '127.0.0.1'],
      ),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});
