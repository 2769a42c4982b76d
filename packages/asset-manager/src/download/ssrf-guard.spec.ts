import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { BlockList } from 'node:net';
import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import { Agent, buildConnector } from 'undici';
import { AssetManager } from '../asset-manager.js';
import { LOOPBACK, rejectsWith, useDownloadFixture } from '../../test/download/fault-server.js';
import { isBlockedAddress } from './blocked-addresses.js';
import { downloadToFile } from './download-to-file.js';
import { downloadToFileWithRetry } from './download-with-retry.js';
import { createGuardedConnector } from './guarded-connector.js';
import { createHostMatcher, createTrustedHostMatcher } from './host-patterns.js';
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
    // IPv4 special-purpose ranges (IANA registry)
    '127.0.0.1',
    '127.255.0.9',
    '0.0.0.0',
    '0.1.2.3',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '100.127.255.254',
    '192.0.0.8',
    '192.0.2.1', // TEST-NET-1
    '198.51.100.7', // TEST-NET-2
    '203.0.113.200', // TEST-NET-3
    '192.88.99.1', // 6to4 relay anycast
    '198.18.0.1', // benchmarking
    '198.19.255.255',
    '224.0.0.1',
    '239.255.255.250',
    '240.0.0.1',
    '255.255.255.255',
    // IPv6 special-purpose ranges
    '::',
    '::1',
    'fc00::1',
    'fd12:3456::1',
    'fe80::1',
    'fe80::1%eth0',
    'febf::1',
    'fec0::1', // site-local, deprecated but still routed by some stacks
    'feff::1',
    'ff02::1',
    '2001:db8::1', // documentation
    '2001:2::1', // benchmarking
    '2001::1', // Teredo
    '100::1', // discard
    '3fff::1', // documentation (RFC 9637)
    '4000::1', // outside 2000::/3: not allocated
    '1::1',
    // IPv6 forms embedding a non-public IPv4 address
    '::ffff:10.0.0.1',
    '::ffff:127.0.0.1',
    '::ffff:169.254.169.254',
    '::127.0.0.1', // IPv4-compatible ::/96
    '::7f00:1',
    '::a9fe:a9fe',
    '::ffff:0:7f00:1', // IPv4-translated ::ffff:0:0:0/96
    '::ffff:0:a9fe:a9fe',
    '64:ff9b::7f00:1', // NAT64 well-known prefix
    '64:ff9b::169.254.169.254',
    '64:ff9b:1::a9fe:a9fe', // NAT64 local-use prefix, refused whole
    '64:ff9b:1::808:808',
    '2002:a9fe:a9fe::1', // 6to4 of 169.254.169.254
    '2002:7f00:1::',
    '2002:c0a8:101:1::5',
    'not-an-ip',
    '',
    '127.1',
    '0x7f.0.0.1',
  ])('%s is blocked', (address) => {
    expect(isBlockedAddress(address)).toBe(true);
  });

  test.each([
    '8.8.8.8',
    '1.1.1.1',
    '172.32.0.1',
    '100.128.0.1',
    '192.0.3.1',
    '198.51.99.255',
    '203.0.114.1',
    '198.20.0.1',
    '2606:4700:4700::1111',
    '2a00:1450:4001::200e',
    '::ffff:8.8.8.8',
    '::ffff:0:808:808',
    '64:ff9b::8.8.8.8',
    '2002:808:808::1',
  ])('%s is public', (address) => {
    expect(isBlockedAddress(address)).toBe(false);
  });

  // An oracle written from the IANA IPv4 Special-Purpose Address Registry, independent of ipaddr.js.
  const SPECIAL_V4 = new BlockList();
  for (const [network, prefix] of [
    ['0.0.0.0', 8],
    ['10.0.0.0', 8],
    ['100.64.0.0', 10],
    ['127.0.0.0', 8],
    ['169.254.0.0', 16],
    ['172.16.0.0', 12],
    ['192.0.0.0', 24],
    ['192.0.2.0', 24],
    ['192.31.196.0', 24],
    ['192.52.193.0', 24],
    ['192.88.99.0', 24],
    ['192.168.0.0', 16],
    ['192.175.48.0', 24],
    ['198.18.0.0', 15],
    ['198.51.100.0', 24],
    ['203.0.113.0', 24],
    ['224.0.0.0', 4],
    ['240.0.0.0', 4],
  ] as const)
    SPECIAL_V4.addSubnet(network, prefix, 'ipv4');

  const v4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255));
  // Half the samples land in a special range's neighbourhood, where an off-by-one boundary would show.
  const nearSpecial = fc
    .tuple(
      fc.constantFrom(
        [0, 0],
        [10, 0],
        [100, 64],
        [100, 127],
        [100, 128],
        [127, 0],
        [169, 254],
        [172, 15],
        [172, 16],
        [172, 31],
        [172, 32],
        [192, 0],
        [192, 88],
        [192, 168],
        [198, 17],
        [198, 18],
        [198, 19],
        [198, 20],
        [198, 51],
        [203, 0],
        [223, 255],
        [224, 0],
        [239, 255],
        [240, 0],
      ),
      fc.nat(255),
      fc.nat(255),
    )
    .map(([[a, b], c, d]) => [a, b, c, d] as [number, number, number, number]);
  const nearSmallRange = fc
    .tuple(
      fc.constantFrom(
        [192, 0, 0],
        [192, 0, 1],
        [192, 0, 2],
        [192, 0, 3],
        [192, 31, 196],
        [192, 52, 193],
        [192, 88, 98],
        [192, 88, 99],
        [192, 175, 48],
        [198, 51, 100],
        [203, 0, 113],
        [203, 0, 114],
      ),
      fc.nat(255),
    )
    .map(([[a, b, c], d]) => [a, b, c, d] as [number, number, number, number]);
  const anyV4 = fc.oneof(v4, nearSpecial, nearSmallRange);
  const dotted = (o: readonly number[]) => o.join('.');
  const hex = (o: readonly number[]) =>
    `${((o[0] ?? 0) * 256 + (o[1] ?? 0)).toString(16)}:${((o[2] ?? 0) * 256 + (o[3] ?? 0)).toString(16)}`;

  test('property: an IPv4 address is blocked exactly when the IANA registry lists its range', () => {
    fc.assert(
      fc.property(anyV4, (octets) => {
        const address = dotted(octets);
        expect(isBlockedAddress(address)).toBe(SPECIAL_V4.check(address, 'ipv4'));
      }),
      { numRuns: 2000 },
    );
  });

  test('property: every IPv6 form that embeds an IPv4 address is judged by that address', () => {
    const forms = [
      (o: readonly number[]) => `::ffff:${dotted(o)}`,
      (o: readonly number[]) => `::ffff:${hex(o)}`,
      (o: readonly number[]) => `::ffff:0:${hex(o)}`,
      (o: readonly number[]) => `::${dotted(o)}`,
      (o: readonly number[]) => `64:ff9b::${dotted(o)}`,
      (o: readonly number[]) => `64:ff9b::${hex(o)}`,
      (o: readonly number[]) => `2002:${hex(o)}::1`,
      (o: readonly number[]) => `2002:${hex(o)}:ffff:1:2:3:4`,
    ];
    fc.assert(
      fc.property(anyV4, fc.constantFrom(...forms), (octets, form) => {
        expect(isBlockedAddress(form(octets))).toBe(SPECIAL_V4.check(dotted(octets), 'ipv4'));
      }),
      { numRuns: 2000 },
    );
  });

  test('property: any address inside a non-public IPv6 range is blocked', () => {
    const ranges: [string, number][] = [
      ['fc00::', 7],
      ['fe80::', 10],
      ['fec0::', 10],
      ['ff00::', 8],
      ['2001:db8::', 32],
      ['64:ff9b:1::', 48],
      ['2001::', 32],
      ['4000::', 2],
    ];
    const groups = fc.array(fc.nat(0xffff), { minLength: 8, maxLength: 8 });
    fc.assert(
      fc.property(fc.constantFrom(...ranges), groups, ([network, prefix], random) => {
        const base = ipaddr.IPv6.parse(network).toByteArray();
        const bytes = random.flatMap((g) => [g >> 8, g & 0xff]);
        const mixed = base.map((byte, i) => {
          const keep = Math.max(0, Math.min(8, prefix - i * 8)); // bits of this byte fixed by the prefix
          const mask = (0xff << (8 - keep)) & 0xff;
          return (byte & mask) | ((bytes[i] ?? 0) & ~mask & 0xff);
        });
        const address = ipaddr.fromByteArray(mixed).toString();
        expect(isBlockedAddress(address)).toBe(true);
      }),
      { numRuns: 2000 },
    );
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

  test.each([
    ['*.0.0.1', '127.0.0.1'],
    ['*.1', '10.0.0.1'],
    ['*.168.1.1', '192.168.1.1'],
    ['*.0.0.1', '[::ffff:127.0.0.1]'],
    ['*:1', '[::1]'],
  ])('wildcard %s never matches the IP literal %s', (pattern, host) => {
    expect(createHostMatcher([pattern])(host)).toBe(false);
  });

  test('a wildcard still matches DNS names that happen to end in digits', () => {
    expect(createHostMatcher(['*.0.0.1'])('evil.0.0.1')).toBe(true);
  });
});

/** A dialler that records every address it is asked for and refuses anything but loopback. */
function loopbackOnlyDial(): { dial: buildConnector.connector; dialled: string[] } {
  const dialled: string[] = [];
  const real = buildConnector({});
  const dial: buildConnector.connector = (options, callback) => {
    dialled.push(options.hostname);
    if (options.hostname !== '127.0.0.1' && options.hostname !== '::1') {
      callback(
        Object.assign(new Error(`test refuses to dial ${options.hostname}`), {
          code: 'ETESTREFUSED',
        }),
        null,
      );
      return;
    }
    real(options, callback);
  };
  return { dial, dialled };
}

describe('guarded connector with the default address check', () => {
  // The literals of issue #13 (dialled by 0.1) and more: each must be refused before any dial.
  test.each([
    '[::127.0.0.1]',
    '[::ffff:0:7f00:1]',
    '[64:ff9b:1::a9fe:a9fe]',
    '[2002:a9fe:a9fe::1]',
    '[fec0::1]',
    '[::ffff:127.0.0.1]',
    '[64:ff9b::a9fe:a9fe]',
    '[2001:db8::1]',
    '192.0.2.1',
    '198.51.100.1',
    '203.0.113.1',
    '192.88.99.1',
    '198.18.0.1',
    '169.254.169.254',
    '127.0.0.1',
  ])('http://%s/ is INVALID_INPUT blocked-address and never dialled', async (host) => {
    const { dial, dialled } = loopbackOnlyDial();
    const agent = new Agent({ connect: createGuardedConnector(() => false, { dial }) });
    try {
      const error = await agent
        .request({ origin: `http://${host}:${server().port}`, path: '/file', method: 'GET' })
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(error).toMatchObject({
        code: 'INVALID_INPUT',
        details: { reason: 'blocked-address' },
      });
      expect(dialled).toEqual([]);
    } finally {
      await agent.close();
    }
  });
});

describe('SSRF guard', () => {
  test('on by default: a context without options refuses loopback, no request reaches it', async () => {
    const before = server().stats.requests.length;
    const error = await rejectsWith(
      downloadToFile(server().url('/file'), target(), {}, createNetworkContext()),
      'INVALID_INPUT',
    );
    expect(error.details).toMatchObject({ reason: 'blocked-address', host: '127.0.0.1' });
    expect(server().stats.requests.length).toBe(before);
  });

  test('on by default: new AssetManager(jobId) with no SSRF options refuses loopback', async () => {
    const before = server().stats.requests.length;
    const manager = new AssetManager('default-guard', { baseDir: dir() });
    const error = await rejectsWith(
      manager.downloadFile(server().url('/file'), 'a.bin'),
      'INVALID_INPUT',
    );
    expect(error.details).toMatchObject({ reason: 'blocked-address' });
    expect(server().stats.requests.length).toBe(before);
  });

  test('blockPrivateNetworks: false opts out (a development server on loopback)', async () => {
    const saved = await downloadToFile(
      server().url('/file'),
      target(),
      {},
      createNetworkContext(LOOPBACK),
    );
    expect(await readFile(saved, 'utf8')).toBe('internal data');
  });

  test('allowHosts *.0.0.1 does not let 127.0.0.1 through', async () => {
    const before = server().stats.requests.length;
    const ctx = createNetworkContext({ allowHosts: ['*.0.0.1'], ...LOOPBACK });
    const error = await rejectsWith(
      downloadToFile(server().url('/file'), target(), {}, ctx),
      'INVALID_INPUT',
    );
    expect(error.details).toMatchObject({ reason: 'host-not-allowed', host: '127.0.0.1' });
    expect(server().stats.requests.length).toBe(before);
  });

  test('blockPrivateNetworks refuses a loopback IP: INVALID_INPUT, no request reaches it', async () => {
    const before = server().stats.requests.length;
    const ctx = createNetworkContext({ blockPrivateNetworks: true });
    const error = await rejectsWith(
      downloadToFile(server().url('/file'), target(), {}, ctx),
      'INVALID_INPUT',
    );
    expect(error.retryable).toBe(false);
    expect(error.details).toMatchObject({ reason: 'blocked-address', host: '127.0.0.1' });
    expect(server().stats.requests.length).toBe(before);
  });

  test('the address a host name resolves to is checked at connect time', async () => {
    const before = server().stats.requests.length;
    const ctx = createNetworkContext({ blockPrivateNetworks: true });
    const error = await rejectsWith(
      downloadToFile(`http://localhost:${server().port}/file`, target(), {}, ctx),
      'INVALID_INPUT',
    );
    expect(error.details).toMatchObject({ reason: 'blocked-address', host: 'localhost' });
    expect(server().stats.requests.length).toBe(before);
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

  test('a wildcard on allowHosts admits names but never skips the address check', async () => {
    const trusted = createTrustedHostMatcher(['*.assets.example.com', 'cdn.example.com']);
    expect(trusted('evil.assets.example.com')).toBe(false);
    expect(trusted('cdn.example.com')).toBe(true);
    // A subdomain that resolves to loopback (someone else's DNS, or rebinding) is refused, undialled.
    const dialled: string[] = [];
    const connector = createGuardedConnector(trusted, {
      resolve: async () => ['127.0.0.1'],
      dial: (options, callback) => {
        dialled.push(String(options.hostname));
        callback(new Error('dialling is not allowed in this test'), null);
      },
    });
    const error = await new Promise<Error | null>((resolve) =>
      connector(
        { hostname: 'evil.assets.example.com', host: 'evil.assets.example.com', protocol: 'http:', port: '80' } as never,
        (...args: unknown[]) => resolve((args[0] as Error | null) ?? null),
      ),
    );
    expect(error).toMatchObject({ code: 'INVALID_INPUT', details: { reason: 'blocked-address' } });
    expect(dialled).toEqual([]);
  });

  test('a host on allowHosts is fetched even with blockPrivateNetworks', async () => {
    const ctx = createNetworkContext({ blockPrivateNetworks: true, allowHosts: ['127.0.0.1'] });
    const saved = await downloadToFile(server().url('/file'), target(), {}, ctx);
    expect(await readFile(saved, 'utf8')).toBe('internal data');
  });

  test('with allowHosts, any other host is refused before a request', async () => {
    const before = server().stats.requests.length;
    const ctx = createNetworkContext({ allowHosts: ['cdn.example.com'], ...LOOPBACK });
    const error = await rejectsWith(
      downloadToFile(server().url('/file'), target(), {}, ctx),
      'INVALID_INPUT',
    );
    expect(error.details).toMatchObject({ reason: 'host-not-allowed', host: '127.0.0.1' });
    expect(server().stats.requests.length).toBe(before);
  });

  test('a redirect from an allowed host to a blocked one is refused', async () => {
    const before = server().stats.requests.length;
    const ctx = createNetworkContext({ blockPrivateNetworks: true, allowHosts: ['127.0.0.1'] });
    const error = await rejectsWith(
      downloadToFile(server().url('/to-localhost'), target(), {}, ctx),
      'INVALID_INPUT',
    );
    expect(error.details).toMatchObject({ reason: 'host-not-allowed', host: 'localhost' });
    expect(
      server()
        .stats.requests.slice(before)
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
    expect(createNetworkContext(LOOPBACK).dispatcher).toBe(
      createNetworkContext({ ...LOOPBACK, allowHosts: ['x.test'] }).dispatcher,
    );
    expect(createNetworkContext(LOOPBACK).dispatcher).not.toBe(guarded.dispatcher);
    expect(createNetworkContext().dispatcher).toBe(
      createNetworkContext({ blockPrivateNetworks: true }).dispatcher,
    );
  });

  test('a custom dispatcher is used as given', async () => {
    const agent = new Agent();
    try {
      expect(createNetworkContext({ dispatcher: agent, ...LOOPBACK }).dispatcher).toBe(agent);
    } finally {
      await agent.close();
    }
  });

  test('a custom dispatcher without blockPrivateNetworks: false is INVALID_INPUT (the check would be skipped)', async () => {
    const agent = new Agent();
    try {
      expect(() => createNetworkContext({ dispatcher: agent })).toThrow(
        expect.objectContaining({ code: 'INVALID_INPUT' }),
      );
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
