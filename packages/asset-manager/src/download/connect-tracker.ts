import { isIP, type Socket } from 'node:net';
import type { buildConnector } from 'undici';
import { skipUnsolicitedContinue } from './interim-responses.js';

/** The stage of a connection being opened: resolving its host, TCP, or the TLS handshake. */
export type ConnectStage = 'dns' | 'connect' | 'tls';

/** Sees every connection an Agent opens, so a deadline can name the stage it stopped in and end it. */
export interface ConnectTracker {
  /** The connector to give the Agent (`connect` option). */
  readonly connector: buildConnector.connector;
  /** The stage of a connection being opened to `url`'s origin, if one is. */
  stageOf(url: URL): ConnectStage | undefined;
  /** Destroys the connections being opened to `url`'s origin (a deadline fired while connecting). */
  abandon(url: URL, reason: Error): void;
}

interface Pending {
  stage: ConnectStage;
  socket?: Socket;
}

/** `https://host:443`, the same key for a URL and for undici's connect options. */
function originKey(
  protocol: string,
  hostname: string,
  port: string | number | null | undefined,
): string {
  const portText =
    port === undefined || port === null || port === ''
      ? protocol === 'https:'
        ? '443'
        : '80'
      : String(port);
  return `${protocol}//${hostname.replace(/^\[|\]$/g, '')}:${portText}`;
}

/**
 * Wraps `inner` (undici's `buildConnector` or the SSRF-guarded connector): records each opening
 * connection's stage from its socket's `lookup`/`connect` events, and fixes every connected socket
 * so an unsolicited `100 Continue` is skipped (`skipUnsolicitedContinue`). A connector that hands
 * its socket over only once connected (the guarded one resolves first) reports `connect`
 * throughout.
 */
export function trackConnects(inner: buildConnector.connector): ConnectTracker {
  const pending = new Map<string, Set<Pending>>();
  const connector: buildConnector.connector = (options, callback) => {
    const key = originKey(options.protocol, options.hostname, options.port);
    const entry: Pending = {
      stage: isIP(options.hostname.replace(/^\[|\]$/g, '')) ? 'connect' : 'dns',
    };
    let entries = pending.get(key);
    if (entries === undefined) pending.set(key, (entries = new Set()));
    entries.add(entry);
    const settle = (): void => {
      entries.delete(entry);
      if (entries.size === 0 && pending.get(key) === entries) pending.delete(key);
    };
    const returned = inner(options, (error, socket) => {
      settle();
      if (error !== null) {
        callback(error, null);
        return;
      }
      skipUnsolicitedContinue(socket as Socket);
      callback(null, socket);
    }) as unknown;
    if (isSocket(returned)) {
      entry.socket = returned;
      returned.once('lookup', () => (entry.stage = 'connect'));
      returned.once(
        'connect',
        () => (entry.stage = options.protocol === 'https:' ? 'tls' : 'connect'),
      );
    } else {
      entry.stage = 'connect';
    }
    return returned as ReturnType<buildConnector.connector>;
  };
  return {
    connector,
    stageOf: (url) => {
      const entries = pending.get(originKey(url.protocol, url.hostname, url.port));
      return entries === undefined ? undefined : [...entries][0]?.stage;
    },
    abandon: (url, reason) => {
      for (const entry of pending.get(originKey(url.protocol, url.hostname, url.port)) ?? [])
        entry.socket?.destroy(reason);
    },
  };
}

/** Whether a connector handed back its socket at once (undici's does; a guarded one resolves first). */
export function isSocket(value: unknown): value is Socket {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Socket).destroy === 'function' &&
    typeof (value as Socket).once === 'function'
  );
}
