import { createHash } from 'node:crypto';
import { get } from 'node:http';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AssetManager } from '@ad-pipeline/asset-manager';
import { S3JobStore } from '@ad-pipeline/asset-manager/s3';
import { ErrorCode, PipelineError, toPipelineError } from '@ad-pipeline/errors';
import S3rver from 's3rver';
import type { StoreSection } from '../report.js';
import type { AssetSpec } from './scene-assets.js';

/** s3rver's fixed credentials (it accepts any secret; these are its documented defaults). */
const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;
const BUCKET = 'demo-jobs';
/** Where the composed ad will live; until composition exists, scene 1's clip stands in for it. */
const FINAL = { filename: 'ad.mp4', subdir: 'final' } as const;

/**
 * `--store s3`: a second machine, offline. Starts an embedded S3-protocol server (s3rver on
 * 127.0.0.1, a free port), persists the job (`persistJob`), presigns the final asset's URL and
 * fetches it, then restores the job as a second worker into another base directory
 * (`restoreJob` verifies every file's SHA-256) and checks each scene there against its spec
 * (`verifyFile`). The server, its data and the second worker's directory are removed afterwards.
 */
export async function storeAndRestore(
  manager: AssetManager,
  scenes: readonly AssetSpec[],
  signal?: AbortSignal,
): Promise<StoreSection> {
  // The SDK warns on stderr about Node 20's end of life on every client; the demo's README says it.
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
  process.env['AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE'] ??= '1';
  const dataDir = await mkdtemp(join(tmpdir(), 'demo-s3-'));
  const secondBase = await mkdtemp(join(tmpdir(), 'demo-worker-b-'));
  const server = new S3rver({
    port: 0,
    address: '127.0.0.1',
    silent: true,
    directory: dataDir,
    configureBuckets: [{ name: BUCKET, configs: [] }],
  });
  try {
    const { port } = await server.run();
    const endpoint = `http://127.0.0.1:${port}`;
    const store = new S3JobStore({
      bucket: BUCKET,
      prefix: 'ads/',
      clientConfig: {
        endpoint,
        region: 'us-east-1',
        forcePathStyle: true,
        credentials: S3RVER_CREDENTIALS,
      },
    });
    const first = scenes[0];
    if (first === undefined) throw new PipelineError(ErrorCode.TEMPLATE_ERROR, 'The template has no scene');
    await manager.saveFile(
      await readFile(manager.getFilePath(first.filename, first.subdir)),
      FINAL.filename,
      FINAL.subdir,
      first.expect === undefined ? {} : { expect: first.expect },
    );
    const persisted = await store.persistJob(manager, signal === undefined ? {} : { signal });
    const finalKey = `${FINAL.subdir}/${FINAL.filename}`;
    const url = await store.presignUrl(manager.jobId, finalKey, { expiresInSec: 300 });
    const served = await sha256OfUrl(url);
    const { sha256: localSha256 } = await manager.inspectFile(FINAL.filename, FINAL.subdir);

    const restored = await store.restoreJob(manager.jobId, { baseDir: secondBase });
    const workerB = new AssetManager(manager.jobId, { baseDir: secondBase });
    const verified: string[] = [];
    for (const scene of scenes) {
      if (scene.expect === undefined) continue;
      await workerB.verifyFile(scene.filename, scene.subdir, scene.expect);
      verified.push(`${scene.subdir}/${scene.filename}`);
    }
    const deleted = await store.deleteJob(manager.jobId);
    return {
      endpoint,
      bucket: BUCKET,
      objects: persisted.objects.map(({ relativePath, size, sha256, contentType }) => ({
        relativePath,
        size,
        sha256: sha256 ?? '',
        contentType: contentType ?? 'application/octet-stream',
      })),
      bytes: persisted.bytes,
      presignedUrl: url,
      presignedServesFinal: served === localSha256,
      restoredFiles: restored.files.length,
      secondWorkerJobDir: restored.jobDir,
      verifiedAgainstSpec: verified,
      deletedObjects: deleted,
    };
  } catch (error) {
    throw toPipelineError(error);
  } finally {
    await server.close().catch(() => undefined);
    await rm(dataDir, { recursive: true, force: true });
    await rm(secondBase, { recursive: true, force: true });
  }
}

/** SHA-256 of what a plain HTTP GET of `url` returns (as a browser or CDN would fetch it). */
function sha256OfUrl(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    get(url, (response) => {
      if (response.statusCode !== 200) {
        response.resume();
        reject(
          new PipelineError(ErrorCode.STORAGE_ERROR, `The presigned URL answered HTTP ${response.statusCode ?? 0}`, {
            upstreamStatus: response.statusCode,
          }),
        );
        return;
      }
      const hash = createHash('sha256');
      response.on('data', (chunk: Buffer) => hash.update(chunk));
      response.once('end', () => resolve(hash.digest('hex')));
      response.once('error', reject);
    }).once('error', reject);
  });
}
