import { AssetManager } from '@ad-pipeline/asset-manager';
import type { Contender, DownloadAll } from './contender.js';

const JOB_ID = 'bench';

async function createManager(dir: string): Promise<AssetManager> {
  // The bench server is on loopback: the SSRF guard (on by default since 0.2) is turned off explicitly.
  const manager = new AssetManager(JOB_ID, { baseDir: dir, blockPrivateNetworks: false });
  await manager.createJobDirectory();
  return manager;
}

/** Our `AssetManager.downloadFile` with its default options (no checksum, no kind sniffing). */
export const oursContender: Contender = {
  async prepare(dir) {
    const manager = await createManager(dir);
    return ({ url, filename }) => manager.downloadFile(url, filename);
  },
};

/** Our `AssetManager.downloadFile` checking the file's SHA-256 (`sha256` option). */
export const oursSha256Contender: Contender = {
  async prepare(dir) {
    const manager = await createManager(dir);
    return ({ url, filename, sha256 }) => manager.downloadFile(url, filename, undefined, sha256 === undefined ? {} : { sha256 });
  },
};

/** Prepare our `AssetManager.downloadMany` over `dir`; any failed item fails the run. */
export async function prepareOursMany(dir: string): Promise<DownloadAll> {
  const manager = await createManager(dir);
  return async (items, concurrency) => {
    const results = await manager.downloadMany(items, { concurrency });
    return results.map((result) => {
      if (!result.ok) throw result.error;
      return result.path;
    });
  };
}
