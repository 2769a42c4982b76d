import { BlockList, isIP } from 'node:net';

/** Ranges an SSRF guard never connects to: loopback, private, link-local (cloud metadata), CGNAT, multicast, reserved. */
const blockedRanges = (() => {
  const list = new BlockList();
  const v4: [string, number][] = [
    ['0.0.0.0', 8], // "this network", includes the unspecified address
    ['10.0.0.0', 8],
    ['100.64.0.0', 10], // carrier-grade NAT
    ['127.0.0.0', 8],
    ['169.254.0.0', 16], // link-local, cloud metadata at 169.254.169.254
    ['172.16.0.0', 12],
    ['192.0.0.0', 24], // IETF protocol assignments
    ['192.168.0.0', 16],
    ['198.18.0.0', 15], // benchmarking
    ['224.0.0.0', 4], // multicast
    ['240.0.0.0', 4], // reserved, includes broadcast 255.255.255.255
  ];
  const v6: [string, number][] = [
    ['::', 128], // unspecified
    ['::1', 128], // loopback
    ['64:ff9b::', 96], // NAT64, would reach any IPv4 address
    ['fc00::', 7], // unique local
    ['fe80::', 10], // link-local
    ['ff00::', 8], // multicast
  ];
  for (const [address, prefix] of v4) list.addSubnet(address, prefix, 'ipv4');
  for (const [address, prefix] of v6) list.addSubnet(address, prefix, 'ipv6');
  return list;
})();

/**
 * Whether an IP address is one a guarded download must not reach. IPv4-mapped IPv6
 * (`::ffff:10.0.0.1`) is judged as its IPv4 address; anything that is not an IP is blocked.
 */
export function isBlockedAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true;
  return blockedRanges.check(address, family === 4 ? 'ipv4' : 'ipv6');
}
