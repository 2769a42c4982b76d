import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';
import { LOCALHOST_CERT, LOCALHOST_KEY } from '../../test/download/tls-fixture.js';
import { createGuardedConnector } from './guarded-connector.js';

let server: https.Server;
let port: number;
let hits = 0;

beforeAll(async () => {
  server = https.createServer({ cert: LOCALHOST_CERT, key: LOCALHOST_KEY }, (_req, res) => {
    hits += 1;
    res.end('over tls');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
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
    const before = hits;
    await expect(
      fetchThrough(`https://localhost:${port}`, (address) => address === '127.0.0.1'),
    ).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      details: { reason: 'private-address', host: 'localhost', address: '127.0.0.1' },
    });
    expect(hits).toBe(before);
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

  test('DNS rebinding: the answer at connect time is the one checked', async () => {
    // A host that looked public when first resolved now answers with a loopback address.
    const answers = [['93.184.216.34'], ['127.0.0.1']];
    const resolve: (hostname: string) => Promise<string[]> = async () => answers.shift() ?? [];
    const isBlocked = (address: string) => address === '127.0.0.1';
    const before = hits;
    await resolve('rebind.test'); // e.g. a validation step that resolved the name earlier
    await expect(
      fetchThrough(`https://localhost:${port}`, isBlocked, resolve),
    ).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      details: { address: '127.0.0.1' },
    });
    expect(hits).toBe(before);
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
