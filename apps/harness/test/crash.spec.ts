import { spawn } from 'node:child_process';
import { access, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { AssetManager } from '@ad-pipeline/asset-manager';
import { findTempFiles, makeTempDir, waitFor, type TempDir } from '../src/index.js';
import { startFaultServer, type FaultServer } from '@ad-pipeline/test-support';

let server: FaultServer;
let temp: TempDir;

beforeAll(async () => {
  server = await startFaultServer();
  temp = await makeTempDir('crash');
});
afterAll(async () => {
  await server.close();
  await temp.remove();
});

/** Size of the largest in-progress file under `dir` (0 when there is none). */
async function partialBytes(dir: string): Promise<number> {
  const sizes = await Promise.all((await findTempFiles(dir)).map(async (file) => (await stat(file)).size));
  return Math.max(0, ...sizes);
}

describe('crash safety', () => {
  test('SIGKILL mid-download leaves no file at the final path; sweep removes the leftovers', async () => {
    const base = join(temp.path, 'jobs');
    const jobId = 'crashed-job';
    // 2 MB trickling at 8 KiB per 20 ms: about 5 s, so the kill always lands mid-body.
    const url = server.url('/crash.mp4', { size: 2_000_000, trickleBytes: 8192, trickleMs: 20 });
    const child = spawn(process.execPath, [join(__dirname, 'fixtures', 'crash-download.mjs'), url, base, jobId], {
      cwd: join(__dirname, '..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));

    try {
      // Kill only once bytes really reached the child's in-progress file.
      const arrived = await waitFor(async () => (await partialBytes(base)) >= 32 * 1024, { timeoutMs: 15_000 });
      expect({ arrived, output }).toEqual({ arrived: true, output: 'downloading\n' });
    } finally {
      child.kill('SIGKILL');
    }
    expect(await exited).toBe('SIGKILL');

    const manager = new AssetManager(jobId, { baseDir: base });
    const finalPath = manager.getFilePath('victim.mp4', 'scenes');
    await expect(access(finalPath)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await manager.listFiles('scenes')).toEqual([]);
    const leftovers = await findTempFiles(base);
    expect(leftovers).toHaveLength(1);
    expect(leftovers[0]).toMatch(/\/scenes\/\.tmp-[0-9a-f]+\.part$/);
    expect(server.stats.bytesSent('/crash.mp4')).toBeLessThan(2_000_000);
    // The server notices the dead peer and drops the connection.
    expect(await waitFor(() => server.stats.openConnections() === 0)).toBe(true);

    const swept = await AssetManager.sweep(base, { olderThanMs: 0 });
    const removed = [...swept.removedJobs, ...swept.removedTempFiles];
    expect(removed.some((path) => path === manager.jobDir || path === leftovers[0])).toBe(true);
    expect(await findTempFiles(base)).toEqual([]);
  });

  test('sweep keeps a job that changed more recently than olderThanMs', async () => {
    const base = join(temp.path, 'fresh');
    const manager = new AssetManager('fresh-job', { baseDir: base });
    const saved = await manager.saveFile('done', 'done.txt', 'final');
    expect(await AssetManager.sweep(base, { olderThanMs: 60 * 60 * 1000 })).toEqual({ removedJobs: [], removedTempFiles: [], failedJobs: [] });
    await expect(access(saved)).resolves.toBeUndefined();
  });
});
