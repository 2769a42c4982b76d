import { mkdir, symlink } from 'node:fs/promises';
import path from 'node:path';
import { ErrorCode } from '@ad-pipeline/errors';
import { startFaultServer, type FaultServer } from '../test/download/fault-server.js';
import { LOOPBACK, listTree, makeTempDir, pngBytes, rejectsWith, removeDir } from '../test/helpers.js';
import { AssetManager } from './asset-manager.js';
import { closeSharedAgents } from './download/index.js';

const PNG = pngBytes(2048);
let server: FaultServer;
let baseDir: string;
let manager: AssetManager;
/** How many more times `/flaky.png` answers 503 before it succeeds. */
let flakyFailures = 0;

beforeAll(async () => {
  server = await startFaultServer((req, res) => {
    if (req.url === '/flaky.png' && flakyFailures > 0) {
      flakyFailures -= 1;
      res.writeHead(503).end('busy');
    } else if (req.url === '/missing.png') {
      res.writeHead(404).end('not here');
    } else {
      res.writeHead(200, { 'content-type': 'image/png', 'content-length': PNG.length }).end(PNG);
    }
  });
});
afterAll(async () => {
  await server.close();
  await closeSharedAgents();
});
beforeEach(async () => {
  baseDir = await makeTempDir();
  manager = new AssetManager('dl-job', { baseDir, ...LOOPBACK });
  flakyFailures = 0;
  server.stats.reset();
});
afterEach(async () => {
  await removeDir(baseDir);
});

const FAST_RETRY = { minDelayMs: 1, maxDelayMs: 5 };

// The download module's own suite covers landing, retries and concurrency; these cover the storage side
// (validation and containment before any request) and the delegation choices of the class.
describe('AssetManager downloads: storage checks and delegation', () => {
  it('rejects a bad filename or subdir before any request is made', async () => {
    await rejectsWith(manager.downloadFile(server.url('/a.png'), '../a.png'), ErrorCode.INVALID_INPUT);
    await rejectsWith(manager.downloadWithRetry(server.url('/a.png'), 'a.png', 'tmp' as never), ErrorCode.INVALID_INPUT);
    expect(server.stats.requests).toHaveLength(0);
    expect(await listTree(baseDir)).toEqual([]);
  });

  it('refuses a subdir symlinked outside the job before any request, writing nothing outside', async () => {
    const outside = path.join(baseDir, 'outside');
    await mkdir(outside);
    await mkdir(manager.jobDir);
    await symlink(outside, manager.finalDir);
    await rejectsWith(manager.downloadFile(server.url('/a.png'), 'a.png', 'final'), ErrorCode.INVALID_INPUT);
    expect(server.stats.requests).toHaveLength(0);
    expect(await listTree(outside)).toEqual([]);
  });

  it('downloadMany retries by default and uses single attempts when retry is false', async () => {
    const items = [
      { url: server.url('/one.png'), filename: 'one.png', subdir: 'scenes' as const },
      { url: server.url('/missing.png'), filename: 'two.png', subdir: 'scenes' as const },
      { url: server.url('/flaky.png'), filename: 'three.png', options: FAST_RETRY },
    ];
    flakyFailures = 1;
    const retried = await manager.downloadMany(items, { concurrency: 2 });
    expect(retried.map((result) => result.ok)).toEqual([true, false, true]);
    expect(retried[1]).toMatchObject({ ok: false, item: items[1], error: { code: ErrorCode.ASSET_DOWNLOAD_FAILED } });
    expect(retried[2]).toMatchObject({ ok: true, path: path.join(manager.jobDir, 'three.png') });

    flakyFailures = 1;
    const single = await manager.downloadMany([items[2] as (typeof items)[2]], { retry: false });
    expect(single[0]).toMatchObject({ ok: false, error: { code: ErrorCode.ASSET_DOWNLOAD_FAILED } });
  });

  it('wires allowHosts from the constructor into every download method', async () => {
    const allowListed = new AssetManager('listed', { baseDir, allowHosts: ['assets.example.com'] });
    await rejectsWith(allowListed.downloadFile(server.url('/a.png'), 'a.png'), ErrorCode.INVALID_INPUT);
    await rejectsWith(allowListed.downloadWithRetry(server.url('/a.png'), 'a.png', 'final'), ErrorCode.INVALID_INPUT);
    expect(server.stats.requests).toHaveLength(0);
  });
});
