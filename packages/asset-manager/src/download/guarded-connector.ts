import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { buildConnector } from 'undici';
import { isBlockedAddress } from './blocked-addresses.js';
import { blockedHostError } from './url-policy.js';

/** Seams of `createGuardedConnector`, for tests. */
export interface GuardedConnectorOptions {
  /** Which addresses to refuse. Default `isBlockedAddress`. */
  isBlocked?: (address: string) => boolean;
  /** Options of undici's `buildConnector` (e.g. a test CA). Default `{}`. */
  connect?: buildConnector.BuildOptions;
  /** Resolves a host name to its addresses. Default: `dns.lookup` with `all: true`. */
  resolve?: (hostname: string) => Promise<string[]>;
  /** Opens the socket to a vetted address. Default: undici's `buildConnector(connect)`. */
  dial?: buildConnector.connector;
}

/**
 * An undici connector that resolves the host itself, refuses the connection when any resolved
 * address is private (see `isBlockedAddress`), then connects to the vetted address. Checking at
 * connect time, on the address actually dialled, is what defeats DNS rebinding. TLS keeps the
 * original name for SNI and certificate checks because undici derives them from `host`.
 */
export function createGuardedConnector(
  isTrustedHost: (host: string) => boolean,
  {
    isBlocked = isBlockedAddress,
    connect: connectOptions = {},
    resolve = resolveWithDns,
    dial: connect = buildConnector(connectOptions),
  }: GuardedConnectorOptions = {},
): buildConnector.connector {
  return (options, callback) => {
    if (isTrustedHost(options.hostname)) {
      connect(options, callback);
      return;
    }
    resolveVetted(options.hostname, resolve, isBlocked).then(
      (addresses) => {
        // Dial the vetted addresses in turn (e.g. ::1 refused, 127.0.0.1 listening), as curl does.
        const dial = (index: number): void =>
          connect({ ...options, hostname: addresses[index] as string }, (error, socket) => {
            if (error && index + 1 < addresses.length && isUnreachable(error)) dial(index + 1);
            else if (error) callback(error, null);
            else callback(null, socket);
          });
        dial(0);
      },
      (error: Error) => callback(error, null),
    );
  };
}

const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
]);

function isUnreachable(error: Error): boolean {
  return UNREACHABLE_CODES.has((error as { code?: string }).code ?? '');
}

async function resolveWithDns(hostname: string): Promise<string[]> {
  return (await lookup(hostname, { all: true })).map((entry) => entry.address);
}

/**
 * Resolves `hostname` (an IP literal is taken as it is) and returns its addresses when every one of
 * them passes `isBlocked`; otherwise throws the `INVALID_INPUT` of `blockedHostError` with
 * `details.reason = 'blocked-address'`. Any transport that dials by itself must call this first.
 */
export async function resolveVetted(
  hostname: string,
  resolve: (hostname: string) => Promise<string[]> = resolveWithDns,
  isBlocked: (address: string) => boolean = isBlockedAddress,
): Promise<string[]> {
  const addresses = isIP(hostname) ? [hostname] : await resolve(hostname);
  // Every address must pass, not just the one we dial: a mixed answer is a rebinding attempt.
  const blocked = addresses.find(isBlocked);
  if (blocked !== undefined || addresses.length === 0) {
    throw blockedHostError(hostname, 'blocked-address', { address: blocked });
  }
  return addresses;
}
