import type { CClient, CClientVariant } from '../c-client/c-client.js';
import type { BenchConfig } from '../config.js';
import type { Fixtures } from '../fixtures.js';

/** Which file server a suite runs against. */
export interface ServerInfo {
  /** Prefix of the figure ids (`''` for the Node server, `'nginx_'` for nginx). */
  idPrefix: string;
  /** For people: `Node server`, `nginx`. */
  label: string;
}

/** What every suite needs: the sizes, the running server, its files and a scratch directory. */
export interface BenchContext {
  config: BenchConfig;
  /** Origin of the bench file server, e.g. `http://127.0.0.1:40123`. */
  origin: string;
  /** The server behind `origin`. */
  server: ServerInfo;
  fixtures: Fixtures;
  /** Scratch directory for downloaded files; each run's output is verified, then removed. */
  workDir: string;
  /** curl's version line, or `undefined` when curl is absent (its rows are then skipped). */
  curl: string | undefined;
  /**
   * The compiled C reference clients (`buildCClient`), or why their rows are skipped: `plain` (the
   * floor), `sha256` (hashing on a second thread), `nonblocking` (libuv's read pattern).
   */
  cClients: Readonly<Record<CClientVariant, CClient>>;
  /** Progress output (stderr), so stdout carries only the table. */
  log(message: string): void;
}
