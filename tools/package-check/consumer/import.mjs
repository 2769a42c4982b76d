// ESM consumer: the packages' native format, run against the oldest dependency versions their
// ranges allow (the consumer project pins those): a retried download over loopback exercises
// undici and p-retry, a template fill exercises zod.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { ErrorCode, PipelineError, isPipelineError } from '@ad-pipeline/errors';
import { estimateCost, fillTemplate, getSceneTemplate } from '@ad-pipeline/templates';
import { AssetManager } from '@ad-pipeline/asset-manager';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

const filled = fillTemplate(getSceneTemplate('bold'), 'Trail Shoe', 'Buy Now');
try {
  new AssetManager('../escape');
  throw new Error('asset-manager accepted a traversal job id');
} catch (error) {
  if (!isPipelineError(error) || error.code !== ErrorCode.INVALID_INPUT) throw error;
}
if (!(new PipelineError(ErrorCode.DISK_FULL, 'x') instanceof Error)) throw new Error('not an Error');

// First answer a 503, then the file: one retry through p-retry, one streamed download through undici.
let hits = 0;
const server = http.createServer((req, res) => {
  hits += 1;
  if (hits === 1) res.writeHead(503, { 'retry-after': '0' }).end();
  else res.writeHead(200, { 'content-type': 'image/png', 'content-length': PNG.length }).end(PNG);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const baseDir = await mkdtemp(path.join(os.tmpdir(), 'ad-pipeline-consumer-'));
try {
  const job = new AssetManager('consumer-job', { baseDir, blockPrivateNetworks: false });
  const url = `http://127.0.0.1:${server.address().port}/logo.png`;
  const saved = await job.downloadWithRetry(url, 'logo.png', 'scenes', { kind: 'image', minDelayMs: 1 });
  if (!(await readFile(saved)).equals(PNG) || hits !== 2) throw new Error('retried download went wrong');
} finally {
  server.close();
  await rm(baseDir, { recursive: true, force: true });
}

const versionOf = async (name) =>
  JSON.parse(await readFile(path.join('node_modules', name, 'package.json'), 'utf8')).version;
const versions = await Promise.all(['undici', 'p-retry', 'zod'].map(async (name) => `${name}@${await versionOf(name)}`));
console.log(`import: ${filled.scenes[3].textOverlay}; $${estimateCost(filled).totalUsd}; downloaded with ${versions.join(', ')}`);
