import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

type IPv4 = ipaddr.IPv4;
type IPv6 = ipaddr.IPv6;

// The special-purpose ranges come from ipaddr.js (its tables follow the IANA IPv4/IPv6 Special-Purpose
// Address Registries: RFC 6890 and later); only what it does not decide for us is written here.

/**
 * IPv6 prefixes whose addresses carry an IPv4 address that is the real destination, with where it sits:
 * [prefix, prefix length, 16-bit group of the embedded address's first half].
 * `::/96` IPv4-compatible (RFC 4291 §2.5.5.1), `::ffff:0:0/96` IPv4-mapped, `::ffff:0:0:0/96` IPv4-translated
 * (RFC 6145), `64:ff9b::/96` NAT64 well-known prefix (RFC 6052), `2002::/16` 6to4 (RFC 3056, bits 16–47).
 */
const EMBEDDING_PREFIXES: ReadonlyArray<readonly [IPv6, number, number]> = [
  [ipaddr.IPv6.parse('::'), 96, 6],
  [ipaddr.IPv6.parse('::ffff:0:0'), 96, 6],
  [ipaddr.IPv6.parse('::ffff:0:0:0'), 96, 6],
  [ipaddr.IPv6.parse('64:ff9b::'), 96, 6],
  [ipaddr.IPv6.parse('2002::'), 16, 1],
];

// IANA allocates global unicast only from 2000::/3 (RFC 4291 §2.4); everything else is reserved.
const GLOBAL_UNICAST: [IPv6, number] = [ipaddr.IPv6.parse('2000::'), 3];

function isPublicV4(address: IPv4): boolean {
  // 'unicast' is ipaddr.js's name for "in no special-purpose range".
  return address.range() === 'unicast';
}

function embeddedV4(address: IPv6): IPv4 | undefined {
  for (const [prefix, length, group] of EMBEDDING_PREFIXES) {
    if (!address.match(prefix, length)) continue;
    const parts = address.parts;
    const high = parts[group] ?? 0;
    const low = parts[group + 1] ?? 0;
    return new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
  }
  return undefined;
}

function isPublicV6(address: IPv6): boolean {
  const embedded = embeddedV4(address);
  if (embedded !== undefined) return isPublicV4(embedded);
  // Everything else with a special purpose is refused whole: the local-use NAT64 prefix 64:ff9b:1::/48
  // (RFC 8215, where the IPv4 address sits depends on the operator), Teredo, site-local fec0::/10,
  // documentation 2001:db8::/32, benchmarking, ORCHID, unique and link local, multicast, ….
  return address.range() === 'unicast' && address.match(GLOBAL_UNICAST);
}

/**
 * Whether an IP address is one a guarded download must not reach: anything that is not public unicast.
 * IPv4: loopback, private (RFC 1918), CGNAT, link-local (cloud metadata at 169.254.169.254), "this
 * network", IETF protocol assignments, documentation (192.0.2/24, 198.51.100/24, 203.0.113/24), 6to4
 * relay anycast (192.88.99/24), benchmarking (198.18/15), AS112, AMT, multicast, reserved, broadcast.
 * IPv6: everything outside 2000::/3 and every special-purpose range inside it; forms that embed an IPv4
 * address (`::a.b.c.d`, `::ffff:a.b.c.d`, `::ffff:0:a.b.c.d`, `64:ff9b::a.b.c.d`, `2002:AABB:CCDD::/48`)
 * are judged by that IPv4 address. A zone id (`fe80::1%eth0`) is ignored. Anything that is not an IP is blocked.
 */
export function isBlockedAddress(address: string): boolean {
  if (isIP(address) === 0) return true;
  try {
    const parsed = ipaddr.parse(address);
    return parsed.kind() === 'ipv4' ? !isPublicV4(parsed as IPv4) : !isPublicV6(parsed as IPv6);
  } catch {
    return true;
  }
}
