import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { buildConnector } from 'undici';
import { isBlockedAddress } from './blocked-addresses.js';
import { blockedHostError } from './url-policy.js';

/**
 * An undici connector that resolves the host itself, refuses the connection when any resolved
 * address is private (see `isBlockedAddress`), then connects to the vetted address. Checking at
 * connect time, on the address actually dialled, is what defeats DNS rebinding. TLS keeps the
 * original name for SNI and certificate checks because undici derives them from `host`.
 */
export function createGuardedConnector(
  isTrustedHost: (host: string) => boolean,
): buildConnector.connector {
  const connect = buildConnector({});
  return (options, callback) => {
    if (isTrustedHost(options.hostname)) {
      connect(options, callback);
      return;
    }
    resolveVetted(options.hostname).then(
      (address) => connect({ ...options, hostname: address }, callback),
      (error: Error) => callback(error, null),
    );
  };
}

async function resolveVetted(hostname: string): Promise<string> {
  const addresses = isIP(hostname)
    ? [hostname]
    : (await lookup(hostname, { all: true })).map((entry) => entry.address);
  const blocked = addresses.find(isBlockedAddress);
  if (blocked !== undefined || addresses.length === 0) {
    throw blockedHostError(hostname, 'private-address', { address: blocked });
  }
  return addresses[0] as string;
}
