import type { BenchConfig } from '../config.js';
import type { Fixtures } from '../fixtures.js';

/** What every suite needs: the sizes, the running server, its files and a scratch directory. */
export interface BenchContext {
  config: BenchConfig;
  /** Origin of the bench file server, e.g. `http://127.0.0.1:40123`. */
  origin: string;
  fixtures: Fixtures;
  /** Scratch directory for downloaded files; each run's output is verified, then removed. */
  workDir: string;
  /** curl's version line, or `undefined` when curl is absent (its rows are then skipped). */
  curl: string | undefined;
  /** Progress output (stderr), so stdout carries only the table. */
  log(message: string): void;
}
