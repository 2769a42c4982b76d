import { readdir } from 'node:fs/promises';
import {
  seededBytes,
  startFaultServer,
  type FaultHandler,
  type FaultServer,
} from '@ad-pipeline/test-support';
import { closeSharedAgents } from '../../src/download/network-context.js';
import { makeTempDir, removeDir } from '../helpers.js';

// The download suites import their helpers from here: the fault server is the workspace's one
// (@ad-pipeline/test-support); what is asset-manager's own (its shared agents) stays in this file.
export { LOOPBACK, makeTempDir, rejectsWith, removeDir } from '../helpers.js';
export { sha256Hex as sha256, startFaultServer } from '@ad-pipeline/test-support';
export type { FaultServer } from '@ad-pipeline/test-support';

/** Deterministic pseudo-random bytes (so a resumed file can be compared byte for byte). */
export function payload(size: number, seed = 1): Buffer {
  return seededBytes(size, `payload-${seed}`);
}

/** A valid 1×1 PNG. */
export const PNG_1X1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/** In-progress (`.tmp-*`) files left in a directory. */
export async function leftoverTempFiles(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((name) => name.startsWith('.tmp-'));
}

/**
 * Registers the usual hooks of a download suite: a fault server in handler mode for the whole file
 * (closed after it, with the shared keep-alive agents), and a fresh temp directory per test that must
 * hold no `.tmp-*` file afterwards. Returns getters, valid inside tests.
 */
export function useDownloadFixture(handler: FaultHandler): {
  server: () => FaultServer;
  dir: () => string;
} {
  let server: FaultServer | undefined;
  let dir = '';
  beforeAll(async () => {
    server = await startFaultServer(handler);
  });
  afterAll(async () => {
    await server?.close();
    await closeSharedAgents();
  });
  beforeEach(async () => {
    dir = await makeTempDir();
  });
  afterEach(async () => {
    expect(await leftoverTempFiles(dir)).toEqual([]);
    await removeDir(dir);
  });
  return { server: () => server as FaultServer, dir: () => dir };
}
