import { isIP } from 'node:net';

/** Lower-cases a host name, strips IPv6 brackets and a trailing dot, so `[::1]` and `Example.COM.` compare as written in a pattern. */
export function normalizeHost(host: string): string {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  return bare.toLowerCase().replace(/\.$/, '');
}

/**
 * Builds a matcher for `allowHosts` patterns: an exact host (`cdn.example.com`, `127.0.0.1`, `::1`)
 * or a suffix wildcard (`*.example.com`: any subdomain, not `example.com` itself). Wildcards match
 * DNS names only, never IP literals (`*.0.0.1` does not admit `127.0.0.1`; SPEC 6.1).
 */
export function createHostMatcher(patterns: readonly string[]): (host: string) => boolean {
  const exact = new Set<string>();
  const suffixes: string[] = [];
  for (const pattern of patterns) {
    const normalized = normalizeHost(pattern.trim());
    if (normalized.startsWith('*.')) suffixes.push(normalized.slice(1));
    else exact.add(normalized);
  }
  return (host) => {
    const normalized = normalizeHost(host);
    if (exact.has(normalized)) return true;
    return isIP(normalized) === 0 && suffixes.some((suffix) => normalized.endsWith(suffix));
  };
}

/**
 * The hosts of `patterns` that skip the SSRF address check: exact entries only. A wildcard admits
 * names, but whatever address a matching name resolves to (a subdomain someone else controls, DNS
 * rebinding) is still checked, so `*.cdn.example.com` can never reach loopback or a metadata address.
 */
export function createTrustedHostMatcher(patterns: readonly string[]): (host: string) => boolean {
  return createHostMatcher(patterns.filter((pattern) => !normalizeHost(pattern.trim()).startsWith('*.')));
}
