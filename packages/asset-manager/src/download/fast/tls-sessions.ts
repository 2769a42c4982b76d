/** TLS sessions kept per pool, like undici's connector keeps them (its default: 100). */
const MAX_SESSIONS = 100;

/**
 * The latest TLS session (ticket) of each server name a pool's connections spoke to, so the next
 * new connection to it resumes instead of a full handshake (RFC 8446 §2.2). The socket path builds
 * a connector per connection (to give it its `onread`), so undici's own per-connector cache would
 * never see a second connection; this one lives with the pool, i.e. per address policy. Oldest
 * names are forgotten first beyond 100.
 */
export class TlsSessionCache {
  readonly #sessions = new Map<string, Buffer>();

  get(serverName: string): Buffer | undefined {
    return this.#sessions.get(serverName);
  }

  set(serverName: string, session: Buffer): void {
    this.#sessions.delete(serverName);
    this.#sessions.set(serverName, session);
    if (this.#sessions.size > MAX_SESSIONS) {
      const oldest = this.#sessions.keys().next().value as string;
      this.#sessions.delete(oldest);
    }
  }

  clear(): void {
    this.#sessions.clear();
  }
}
