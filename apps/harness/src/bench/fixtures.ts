import { createHash, randomFill } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { promisify } from 'node:util';
import { benchError } from './bench-error.js';
import type { BenchConfig } from './config.js';
import { hasDigest, type FileDigest } from './hash.js';

const randomFillAsync = promisify(randomFill);
const CHUNK_BYTES = 1024 * 1024;

/** Name of the cache directory of generated bench files (under the temp dir), reused across runs. */
export const CACHE_DIR_NAME = 'ad-pipeline-bench';

/** A file the bench server offers: its URL path and expected digest. */
export interface Fixture extends FileDigest {
  /** Path under the server root, with `/` separators and a leading `/`. */
  urlPath: string;
}

/** Every file one bench run downloads. */
export interface Fixtures {
  /** Directory the file server serves. */
  root: string;
  /** The single large file. */
  big: Fixture;
  /** The fan-out files, in order. */
  fanOut: Fixture[];
}

type Manifest = Record<string, FileDigest>;

/**
 * Make sure the files of `config` exist under `<cacheDir>/files` with the recorded size and
 * SHA-256, generating (random bytes) only what is missing or does not match.
 */
export async function prepareFixtures(config: BenchConfig, cacheDir: string): Promise<Fixtures> {
  const root = path.join(cacheDir, 'files');
  const manifestPath = path.join(cacheDir, 'manifest.json');
  const manifest = await readManifest(manifestPath);
  const ensure = async (urlPath: string, size: number): Promise<Fixture> => {
    const file = path.join(root, ...urlPath.split('/'));
    const recorded = manifest[urlPath];
    if (recorded?.size === size && (await hasDigest(file, recorded))) return { urlPath, ...recorded };
    const digest = await generateRandomFile(file, size);
    manifest[urlPath] = digest;
    return { urlPath, ...digest };
  };

  const big = await ensure(`/big-${config.bigFileBytes}.bin`, config.bigFileBytes);
  const fanOutDir = `/fan-${config.fanOutCount}x${config.fanOutFileBytes}`;
  const fanOut: Fixture[] = [];
  for (let index = 0; index < config.fanOutCount; index++) {
    fanOut.push(await ensure(`${fanOutDir}/${String(index).padStart(3, '0')}.bin`, config.fanOutFileBytes));
  }
  await writeFile(manifestPath, JSON.stringify(manifest, null, 2));
  return { root, big, fanOut };
}

async function readManifest(manifestPath: string): Promise<Manifest> {
  try {
    return JSON.parse(await readFile(manifestPath, 'utf8')) as Manifest;
  } catch {
    return {};
  }
}

/** Write `size` random bytes to `file` (via a temporary file and rename), hashing as it goes. */
async function generateRandomFile(file: string, size: number): Promise<FileDigest> {
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  const hash = createHash('sha256');
  const out = createWriteStream(temporary);
  try {
    for (let written = 0; written < size; written += CHUNK_BYTES) {
      const chunk = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, size - written));
      await randomFillAsync(chunk);
      hash.update(chunk);
      if (!out.write(chunk)) await once(out, 'drain');
    }
    out.end();
    await finished(out);
    await rename(temporary, file);
  } catch (error) {
    out.destroy();
    await rm(temporary, { force: true });
    throw benchError(`could not write the bench file ${file}`, error);
  }
  return { size, sha256: hash.digest('hex') };
}
