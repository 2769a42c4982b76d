import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Agent } from 'undici';
import { rejectsWith, useDownloadFixture } from '../../test/download/fault-server.js';
import { isBlockedAddress } from './blocked-addresses.js';
import { downloadToFile } from './download-to-file.js';
import { downloadToFileWithRetry } from './download-with-retry.js';
import { createHostMatcher } from './host-patterns.js';
import { createNetworkContext } from './network-context.js';
import type { DownloadTarget } from './types.js';

const fixture = useDownloadFixture((req, res) => {
  if (req.url === '/to-localhost')
    res.writeHead(302, { location: `http://localhost:${server().port}/file` }).end();
  else res.writeHead(200).end('internal data');
});
const { server, dir } = fixture;
const target = (): DownloadTarget => ({ dir: dir(), finalPath: path.join(dir(), 'asset.txt') });

describe('isBlockedAddress', () => {
  test.each([
    '127.0.0.1',
    '127.255.0.9',
    '0.0.0.0',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '224.0.0.1',
    '255.255.255.255',
    '::',
    '::1',
    'fc00::1',
    'fd12:3456::1',
    'fe80::1',
    'ff02::1',
    '::ffff:10.0.0.1',
    '::ffff:127.0.0.1',
    '::ffff:169.254.169.254',
    'not-an-ip',
  ])('%s is blocked', (address) => {
    expect(isBlockedAddress(address)).toBe(true);
  });

  test.each([
    '8.8.8.8',
    '1.1.1.1',
    '172.32.0.1',
    '100.128.0.1',
    '2606:4700:4700::1111',
    '::ffff:8.8.8.8',
  ])('%s is public', (address) => {
    expect(isBlockedAddress(address)).toBe(false);
  });
});

describe('createHostMatcher', () => {
  const matches = createHostMatcher(['cdn.example.com', '*.assets.example.org', '::1']);

  test.each([
    'cdn.example.com',
    'CDN.Example.com.',
    'a.assets.example.org',
    'a.b.assets.example.org',
    '[::1]',
  ])('%s matches', (host) => expect(matches(host)).toBe(true));

  test.each([
    'example.com',
    'evil-cdn.example.com',
    'assets.example.org',
    'cdn.example.com.evil.net',
  ])('%s does not match', (host) => expect(matches(host)).toBe(false));
});

describe('SSRF guard', () => {
  test('blockPrivateNetworks refuses a loopback IP: INVALID_INPUT, no request reaches it', async () => {
    const before = server().requests.length;
    const ctx = createNetworkContext({ blockPrivateNetworks: true });
    const error = await rejectsWith(
      downloadToFile(server().url('/file'), target(), {}, ctx),
      'INVALID_INPUT',
    );
    expect(error.retryable).toBe(false);
    expect(error.details).toMatchObject({ reason: 'private-address', host: '127.0.0.1' });
    expect(server().requests.length).toBe(before);
  });

  test('the address a host name resolves to is checked at connect time', async () => {
    const before = server().requests.length;
    const ctx = createNetworkContext({ blockPrivateNetworks: true });
    const error = await rejectsWith(
      downloadToFile(`http://localhost:${server().port}/file`, target(), {}, ctx),
      'INVALID_INPUT',
    );
    expect(error.details).toMatchObject({ reason: 'private-address', host: 'localhost' });
    expect(server().requests.length).toBe(before);
  });

  test('a blocked download is not retried', async () => {
    const onRetry = jest.fn();
    const ctx = createNetworkContext({ blockPrivateNetworks: true });
    const error = await rejectsWith(
      downloadToFileWithRetry(server().url('/file'), target(), { minDelayMs: 10, onRetry }, ctx),
      'INVALID_INPUT',
    );
    expect(error.details).toMatchObject({ attempts: 1 });
    expect(onRetry).not.toHaveBeenCalled();
  });

  test('a host on allowHosts is fetched even with blockPrivateNetworks', async () => {
    const ctx = createNetworkContext({ blockPrivateNetworks: true, allowHosts: ['127.0.0.1'] });
    const saved = await downloadToFile(server().url('/file'), target(), {}, ctx);
    expect(await readFile(saved, 'utf8')).toBe('internal data');
  });

  test('with allowHosts, any other host is refused before a request', async () => {
    const before = server().requests.length;
    const ctx = createNetworkContext({ allowHosts: ['cdn.example.com'] });
    const error = await rejectsWith(
      downloadToFile(server().url('/file'), target(), {}, ctx),
      'INVALID_INPUT',
    );
    expect(error.details).toMatchObject({ reason: 'host-not-allowed', host: '127.0.0.1' });
    expect(server().requests.length).toBe(before);
  });

  test('a redirect from an allowed host to a blocked one is refused', async () => {
    const before = server().requests.length;
    const ctx = createNetworkContext({ blockPrivateNetworks: true, allowHosts: ['127.0.0.1'] });
    const error = await rejectsWith(
      downloadToFile(server().url('/to-localhost'), target(), {}, ctx),
      'INVALID_INPUT',
    );
    expect(error.details).toMatchObject({ reason: 'host-not-allowed', host: 'localhost' });
    expect(
      server()
        .requests.slice(before)
        .map((r) => r.path),
    ).toEqual(['/to-localhost']);
  });

  test('guarded contexts with the same options share one Agent; unguarded ones share another', () => {
    const guarded = createNetworkContext({
      blockPrivateNetworks: true,
      allowHosts: ['a.test', 'b.test'],
    });
    const same = createNetworkContext({
      blockPrivateNetworks: true,
      allowHosts: ['b.test', 'a.test'],
    });
    expect(guarded.dispatcher).toBe(same.dispatcher);
    expect(createNetworkContext().dispatcher).toBe(
      createNetworkContext({ allowHosts: ['x.test'] }).dispatcher,
    );
    expect(createNetworkContext().dispatcher).not.toBe(guarded.dispatcher);
  });

  test('a custom dispatcher is used as given', async () => {
    const agent = new Agent();
    try {
      expect(createNetworkContext({ dispatcher: agent }).dispatcher).toBe(agent);
    } finally {
      await agent.close();
    }
  });

  test('blockPrivateNetworks with a custom dispatcher is INVALID_INPUT (the check would be skipped)', async () => {
    const agent = new Agent();
    try {
      expect(() => createNetworkContext({ blockPrivateNetworks: true, dispatcher: agent })).toThrow(
        expect.objectContaining({ code: 'INVALID_INPUT' }),
      );
    } finally {
      await agent.close();
    }
  });

  test('allowHosts must list non-empty host names', () => {
    expect(() => createNetworkContext({ allowHosts: [''] })).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
  });
});
