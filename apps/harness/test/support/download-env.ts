import { AssetManager, closeSharedAgents, type DownloadWithRetryOptions, type RetryInfo, type Subdir } from '@ad-pipeline/asset-manager';
import { isPipelineError, type PipelineError } from '@ad-pipeline/errors';
import { findTempFiles, makeTempDir, sha256File, type TempDir } from '../../src/index.js';
import { startFaultServer, type FaultServer } from '@ad-pipeline/test-support';

/** A fault server, a temp base directory and a fresh job per test; all torn down by the suite. */
export interface DownloadEnv {
  readonly server: FaultServer;
  readonly temp: TempDir;
  /** The current test's job (a new job id per test). */
  readonly manager: AssetManager;
}

/** Options that turn the SSRF guard off: the fault server listens on 127.0.0.1, which the guard refuses by default. */
export const LOOPBACK = { blockPrivateNetworks: false } as const;

/** Fast retry settings for tests: the backoff shape is the package's, only scaled down. */
export const FAST_RETRY = { minDelayMs: 5, maxDelayMs: 50 } as const satisfies DownloadWithRetryOptions;

/**
 * Registers the hooks of a download suite and returns its environment. After each test it
 * asserts that no in-progress (`.tmp-*`) file survived anywhere under the base directory.
 */
export function useDownloadEnv(label: string): DownloadEnv {
  let server: FaultServer | undefined;
  let temp: TempDir | undefined;
  let manager: AssetManager | undefined;
  let jobs = 0;

  beforeAll(async () => {
    server = await startFaultServer();
    temp = await makeTempDir(label);
  });
  beforeEach(async () => {
    server?.stats.reset();
    manager = new AssetManager(`job-${++jobs}`, { baseDir: temp?.path, ...LOOPBACK });
    await manager.createJobDirectory();
  });
  afterEach(async () => {
    expect(await findTempFiles(temp?.path ?? '')).toEqual([]);
  });
  afterAll(async () => {
    await server?.close();
    await closeSharedAgents();
    await temp?.remove();
  });

  const need = <T>(value: T | undefined, name: string): T => {
    if (value === undefined) throw new Error(`${name} is only available inside a test`);
    return value;
  };
  return {
    get server() {
      return need(server, 'server');
    },
    get temp() {
      return need(temp, 'temp');
    },
    get manager() {
      return need(manager, 'manager');
    },
  };
}

/** How one retried download ended, with every `onRetry` report. */
export interface Outcome {
  path?: string;
  error?: PipelineError;
  retries: RetryInfo[];
}

/** Runs `downloadWithRetry`, collecting `onRetry` calls; a non-PipelineError rejection fails the test. */
export async function download(
  manager: AssetManager,
  url: string,
  filename: string,
  options: DownloadWithRetryOptions = {},
  subdir: Subdir = 'scenes',
): Promise<Outcome> {
  const retries: RetryInfo[] = [];
  try {
    const path = await manager.downloadWithRetry(url, filename, subdir, {
      ...FAST_RETRY,
      ...options,
      onRetry: (info) => retries.push(info),
    });
    return { path, retries };
  } catch (error) {
    if (!isPipelineError(error)) throw error;
    return { error, retries };
  }
}

/** Asserts `path` holds exactly the bytes with digest `sha256`. */
export async function expectFileDigest(path: string | undefined, sha256: string): Promise<void> {
  expect(path).toBeDefined();
  expect(await sha256File(path as string)).toBe(sha256);
}
