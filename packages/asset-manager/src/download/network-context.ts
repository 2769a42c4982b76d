import { ValidationError } from '@ad-pipeline/errors';
import { Agent, buildConnector, type Dispatcher } from 'undici';
import type { Socket } from 'node:net';
import {
  isSocket,
  trackConnects,
  type ConnectStage,
  type ConnectTracker,
} from './connect-tracker.js';
import { ConnectionPool } from './fast/connection-pool.js';
import type { SocketRoute } from './fast/fast-exchange.js';
import { createGuardedConnector } from './guarded-connector.js';
import { createHostMatcher, createTrustedHostMatcher, normalizeHost } from './host-patterns.js';
import { blockedHostError } from './url-policy.js';

/** Options of `createNetworkContext`. */
export interface NetworkContextOptions {
  /** Hosts that may be fetched (`cdn.example.com`, `*.example.com`); when set, every other host is refused. Default: any host. */
  allowHosts?: readonly string[];
  /**
   * Refuse connections to every non-public address (loopback, private, link-local, reserved, …; see
   * `isBlockedAddress`), checked at connect time on the address dialled. Default `true` (since 0.2):
   * pass `false` to reach a development server on loopback, or list that host in `allowHosts`.
   */
  blockPrivateNetworks?: boolean;
  /**
   * The undici dispatcher to send requests with. Default: a shared keep-alive `Agent`. A custom one
   * skips the address check, so it needs an explicit `blockPrivateNetworks: false`.
   */
  dispatcher?: Dispatcher;
}

/** How downloads reach the network: the dispatcher and the host policy. Build it once and reuse it. */
export interface NetworkContext {
  readonly dispatcher: Dispatcher;
  /** Throws `INVALID_INPUT` when the URL host of a hop is not allowed. */
  readonly assertHostAllowed: (url: URL) => void;
  /** The stage of a connection being opened to `url`'s origin (unknown with a custom dispatcher). */
  readonly connectStage: (url: URL) => ConnectStage | undefined;
  /** Ends the connections being opened to `url`'s origin: a deadline fired while connecting. */
  readonly abandonConnect: (url: URL, reason: Error) => void;
  /**
   * How the socket path (`fast/`) connects: a connector with extra socket options (`onread`)
   * applying the same address guard as the dispatcher, and the idle connections of that guard
   * policy; `undefined` when the caller gave a `dispatcher` (a proxy, a mock, HTTP/2): then every
   * request goes through it.
   */
  readonly socketRoute: SocketRoute | undefined;
}

// Keep-alive connections are pooled per origin by the Agent, so every download shares them.
const AGENT_OPTIONS = {
  keepAliveTimeout: 10_000,
  keepAliveMaxTimeout: 60_000,
} satisfies Agent.Options;

let sharedAgent: Agent | undefined;
const guardedAgents = new Map<string, Agent>();
// The socket path's idle connections, one pool per address policy like the Agents ('' = no guard).
const pools = new Map<string, ConnectionPool>();

function poolFor(policy: string): ConnectionPool {
  let pool = pools.get(policy);
  if (pool === undefined) {
    pool = new ConnectionPool();
    pools.set(policy, pool);
  }
  return pool;
}
// Every Agent we make opens its connections through a tracker (deadline phases, 1xx handling).
const trackers = new WeakMap<Dispatcher, ConnectTracker>();

function trackedAgent(connector: buildConnector.connector): Agent {
  const tracker = trackConnects(connector);
  const agent = new Agent({ ...AGENT_OPTIONS, connect: tracker.connector });
  trackers.set(agent, tracker);
  return agent;
}

/**
 * Builds the network context downloads run in. With the guard on (the default) one guarded `Agent`
 * is made per distinct `allowHosts` list and cached; with `blockPrivateNetworks: false` and no
 * dispatcher every context shares one module-level keep-alive `Agent`. Throws `INVALID_INPUT` for a
 * non-boolean `blockPrivateNetworks`, a bad `allowHosts`, or a `dispatcher` without
 * `blockPrivateNetworks: false`.
 */
export function createNetworkContext(options: NetworkContextOptions = {}): NetworkContext {
  const { allowHosts, dispatcher } = options;
  // Secure by default; a custom dispatcher is only accepted with the guard turned off by name.
  const blockPrivateNetworks = options.blockPrivateNetworks ?? true;
  if (typeof blockPrivateNetworks !== 'boolean') {
    throw new ValidationError('blockPrivateNetworks must be a boolean', 'blockPrivateNetworks');
  }
  if (dispatcher !== undefined && typeof dispatcher?.stream !== 'function') {
    throw new ValidationError('dispatcher must be an undici Dispatcher', 'dispatcher');
  }
  const allowList = validateAllowHosts(allowHosts);
  const isListed = createHostMatcher(allowList ?? []);
  const isTrusted = createTrustedHostMatcher(allowList ?? []);

  if (dispatcher !== undefined && blockPrivateNetworks) {
    // The address check lives in our Agent's connector; a foreign dispatcher would skip it silently.
    throw new ValidationError(
      'a custom dispatcher skips the SSRF guard: pass blockPrivateNetworks: false with it',
      'dispatcher',
    );
  }

  const current = (): Dispatcher =>
    dispatcher ??
    (blockPrivateNetworks ? guardedAgent(allowList ?? [], isTrusted) : defaultAgent());
  return {
    // Looked up on each use so a context outlives `closeSharedAgents()`: the next download opens a fresh Agent.
    get dispatcher() {
      return current();
    },
    connectStage: (url) => trackers.get(current())?.stageOf(url),
    abandonConnect: (url, reason) => trackers.get(current())?.abandon(url, reason),
    get socketRoute(): SocketRoute | undefined {
      if (dispatcher !== undefined) return undefined;
      return {
        connectorFor: (connect, onSocket) => {
          const dial = watchSockets(buildConnector(connect), onSocket);
          return blockPrivateNetworks ? createGuardedConnector(isTrusted, { dial }) : dial;
        },
        // Looked up on each use, like the dispatcher, so a context outlives `closeSharedAgents()`.
        pool: poolFor(blockPrivateNetworks ? policyKey(allowList ?? []) : ''),
      };
    },
    assertHostAllowed: (url) => {
      if (allowList !== undefined && !isListed(url.hostname)) {
        throw blockedHostError(normalizeHost(url.hostname), 'host-not-allowed');
      }
    },
  };
}

/** `connector`, telling `onSocket` of each socket it opens (undici's connector returns it at once). */
function watchSockets(
  connector: buildConnector.connector,
  onSocket: (socket: Socket, hostname: string) => void,
): buildConnector.connector {
  return (options, callback) => {
    const returned: unknown = connector(options, callback);
    if (isSocket(returned)) onSocket(returned, options.hostname);
    return returned as ReturnType<buildConnector.connector>;
  };
}

function defaultAgent(): Agent {
  sharedAgent ??= trackedAgent(buildConnector({}));
  return sharedAgent;
}

function guardedAgent(allowList: readonly string[], isTrusted: (host: string) => boolean): Agent {
  const key = policyKey(allowList);
  let agent = guardedAgents.get(key);
  if (agent === undefined) {
    // Hosts listed exactly on allowHosts were listed on purpose (e.g. an internal CDN): they skip the address check.
    agent = trackedAgent(createGuardedConnector(isTrusted));
    guardedAgents.set(key, agent);
  }
  return agent;
}

/** One key per guard policy: the sorted `allowHosts` list (the guard is on). */
function policyKey(allowList: readonly string[]): string {
  return JSON.stringify([...allowList].sort());
}

function validateAllowHosts(
  allowHosts: readonly string[] | undefined,
): readonly string[] | undefined {
  if (allowHosts === undefined) return undefined;
  if (
    !Array.isArray(allowHosts) ||
    allowHosts.some((host) => typeof host !== 'string' || host.trim() === '')
  ) {
    throw new ValidationError('allowHosts must be a list of non-empty host names', 'allowHosts');
  }
  return allowHosts.map((host) => normalizeHost(host.trim()));
}

/**
 * Closes the shared and guarded Agents and every keep-alive socket, the socket path's idle
 * connections included (for tests and graceful shutdown). Contexts stay usable: their next
 * download opens fresh connections.
 */
export async function closeSharedAgents(): Promise<void> {
  const agents = [...(sharedAgent ? [sharedAgent] : []), ...guardedAgents.values()];
  sharedAgent = undefined;
  guardedAgents.clear();
  for (const pool of pools.values()) pool.close();
  pools.clear();
  await Promise.all(agents.map((agent) => agent.close()));
}
