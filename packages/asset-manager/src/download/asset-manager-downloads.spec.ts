import { readFile, readdir, rm, symlink } from 'node:fs/promises';
import path from 'node:path';
import { AssetManager } from '../asset-manager.js';
import {
  LOOPBACK,
  PNG_1X1,
  makeTempDir,
  payload,
  rejectsWith,
  removeDir,
  startFaultServer,
  type FaultServer,
} from '../../test/download/fault-server.js';
import { closeSharedAgents } from './network-context.js';
import type { DownloadItem } from './types.js';

const BODY = payload(64 * 1024, 3);
let server: FaultServer;
let baseDir: string;
let jobs = 0;
const flakyHits = new Map<string, number>();

/**
 * Holds batch responses until `limit` requests wait at once, then answers the oldest one a moment
 * later (the last ones drain as they come). A batch that ran fewer than `limit` downloads at a time
 * is never answered; one that runs more has its extra requests arrive while `limit` are held, which
 * shows in the server's `maxInFlight`. Passing does not depend on timing: the pause only gives an
 * over-eager batch the chance to show itself.
 */
const batchGate = {
  limit: 0,
  expected: 0,
  arrivals: 0,
  parked: [] as Array<() => void>,
  timer: undefined as NodeJS.Timeout | undefined,
  reset(limit: number, expected: number): void {
    Object.assign(this, { limit, expected, arrivals: 0, parked: [], timer: undefined });
  },
  park(answer: () => void): void {
    this.arrivals += 1;
    this.parked.push(answer);
    this.settle();
  },
  settle(): void {
    if (this.arrivals >= this.expected) {
      clearTimeout(this.timer);
      this.timer = undefined;
      for (const answer of this.parked.splice(0)) answer();
    } else if (this.parked.length >= this.limit && this.timer === undefined) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.parked.shift()?.();
        this.settle();
      }, 10);
    }
  },
};

beforeAll(async () => {
  server = await startFaultServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/missing') {
      res.writeHead(404).end();
    } else if (url.pathname === '/flaky') {
      const hit = (flakyHits.get(url.search) ?? 0) + 1;
      flakyHits.set(url.search, hit);
      if (hit === 1) res.writeHead(503).end();
      else res.writeHead(200).end(BODY);
    } else if (url.pathname === '/png') {
      res.writeHead(200).end(PNG_1X1);
    } else {
      batchGate.park(() => res.writeHead(200, { 'content-length': BODY.length }).end(BODY));
    }
  });
  baseDir = await makeTempDir();
});

afterAll(async () => {
  await server.close();
  await closeSharedAgents();
  await removeDir(baseDir);
});

/** A manager for a fresh job; every file it leaves is checked for `.tmp-*` leftovers by `allFiles`. */
function newJob(options: ConstructorParameters<typeof AssetManager>[1] = {}): AssetManager {
  jobs += 1;
  return new AssetManager(`job-${jobs}`, { baseDir, ...LOOPBACK, ...options });
}

async function allFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

describe('AssetManager downloads', () => {
  test('downloadFile lands in the subdir, atomically, and is listed', async () => {
    const manager = newJob();
    const saved = await manager.downloadFile(server.url('/png'), 'logo.png', 'scenes', {
      kind: 'image',
    });
    expect(saved).toBe(path.join(manager.scenesDir, 'logo.png'));
    expect((await readFile(saved)).equals(PNG_1X1)).toBe(true);
    expect(await manager.listFiles('scenes')).toEqual([saved]);
    expect(await allFiles(manager.jobDir)).toEqual([saved]);
  });

  test('downloadWithRetry retries a 503', async () => {
    const manager = newJob();
    const onRetry = jest.fn();
    const saved = await manager.downloadWithRetry(server.url('/flaky?m=1'), 'clip.bin', 'audio', {
      minDelayMs: 10,
      onRetry,
    });
    expect((await readFile(saved)).equals(BODY)).toBe(true);
    expect(onRetry).toHaveBeenCalledTimes(1);
  });

  test('downloadMany keeps to the concurrency limit and returns one result per item', async () => {
    const manager = newJob();
    const items: DownloadItem[] = Array.from({ length: 12 }, (_, index) => ({
      url: server.url(index === 5 ? '/missing' : `/batch/${index}`),
      filename: `scene-${index}.bin`,
      subdir: 'scenes',
      options: { minDelayMs: 10 },
    }));
    batchGate.reset(3, items.length - 1);
    server.stats.reset();
    const results = await manager.downloadMany(items, { concurrency: 3 });
    // The bound holds, and the gate proves it was reached (nothing is answered before 3 wait).
    expect(server.stats.peakInFlight()).toBeLessThanOrEqual(3);
    expect(server.stats.peakInFlight()).toBe(3);
    expect(results).toHaveLength(12);
    expect(results.map((result) => result.item)).toEqual(items);
    expect(results.filter((result) => !result.ok).map((result) => result.item.filename)).toEqual([
      'scene-5.bin',
    ]);
    expect(await manager.listFiles('scenes')).toHaveLength(11);
    expect(
      (await allFiles(manager.jobDir)).every((file) => !path.basename(file).startsWith('.tmp-')),
    ).toBe(true);
  }, 20_000);

  test.each([true, false])(
    'downloadMany (retry %s): each item lands in its own directory; a bad item fails alone, before any directory is made',
    async (retry) => {
      const manager = newJob();
      const png = (filename: string, subdir?: DownloadItem['subdir']): DownloadItem => ({
        url: server.url('/png'),
        filename,
        ...(subdir === undefined ? {} : { subdir }),
      });
      const bad: DownloadItem[] = [
        png('../escape.png', 'scenes'),
        { url: 'file:///etc/passwd', filename: 'p.png' },
        { ...png('t.png'), options: { timeoutMs: -1 } },
        png('s.png', 'elsewhere' as DownloadItem['subdir']),
      ];
      // Bad items alone: every one INVALID_INPUT, and the job directory is never created.
      const refused = await manager.downloadMany(bad, { retry });
      expect(refused.map((result) => !result.ok && result.error.code)).toEqual(
        Array(bad.length).fill('INVALID_INPUT'),
      );
      await expect(readdir(manager.jobDir)).rejects.toMatchObject({ code: 'ENOENT' });

      const good = [
        png('a.png', 'scenes'),
        png('b.png', 'audio'),
        png('c.png'),
        png('d.png', 'scenes'),
      ];
      const results = await manager.downloadMany([...good, ...bad], { retry, concurrency: 8 });
      expect(results.map((result) => result.ok)).toEqual([
        ...good.map(() => true),
        ...bad.map(() => false),
      ]);
      expect(results.slice(0, good.length).map((result) => result.ok && result.path)).toEqual([
        path.join(manager.jobDir, 'scenes', 'a.png'),
        path.join(manager.jobDir, 'audio', 'b.png'),
        path.join(manager.jobDir, 'c.png'),
        path.join(manager.jobDir, 'scenes', 'd.png'),
      ]);
      expect(
        (await allFiles(manager.jobDir)).map((file) => path.relative(manager.jobDir, file)).sort(),
      ).toEqual(['audio/b.png', 'c.png', 'scenes/a.png', 'scenes/d.png']);
    },
  );

  test('downloadMany: a subdir that escapes the job fails each of its items, nothing requested for them; the rest land', async () => {
    const manager = newJob();
    await manager.createJobDirectory();
    const outside = await makeTempDir();
    try {
      await rm(manager.finalDir, { recursive: true });
      await symlink(outside, manager.finalDir);
      server.stats.reset();
      const results = await manager.downloadMany([
        { url: server.url('/png?i=1'), filename: 'a.png', subdir: 'final' },
        { url: server.url('/png?i=2'), filename: 'b.png', subdir: 'scenes' },
        { url: server.url('/png?i=3'), filename: 'c.png', subdir: 'final' },
      ]);
      expect(results.map((result) => (result.ok ? 'ok' : result.error.code))).toEqual([
        'INVALID_INPUT',
        'ok',
        'INVALID_INPUT',
      ]);
      expect(server.stats.requests.map((request) => request.path)).toEqual(['/png?i=2']);
      expect(await readdir(outside)).toEqual([]);
    } finally {
      await removeDir(outside);
    }
  });

  test('an unsafe filename is INVALID_INPUT and nothing is requested', async () => {
    const manager = newJob();
    const before = server.stats.requests.length;
    await rejectsWith(manager.downloadFile(server.url('/png'), '../escape.png'), 'INVALID_INPUT');
    expect(server.stats.requests.length).toBe(before);
  });

  test.each([
    ['a non-http URL', 'file:///etc/passwd', {}],
    ['a malformed URL', 'not a url', {}],
    ['a bad option', 'http://127.0.0.1:1/x.png', { timeoutMs: -1 }],
  ])('%s is INVALID_INPUT before any directory is created', async (_name, url, options) => {
    const manager = newJob();
    await rejectsWith(manager.downloadFile(url, 'x.png', 'scenes', options), 'INVALID_INPUT');
    await rejectsWith(manager.downloadWithRetry(url, 'x.png', 'scenes', options), 'INVALID_INPUT');
    await expect(readdir(manager.jobDir)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  test('blockPrivateNetworks refuses the loopback server; allowHosts lets it through', async () => {
    const before = server.stats.requests.length;
    const guarded = newJob({ blockPrivateNetworks: true });
    const error = await rejectsWith(
      guarded.downloadFile(server.url('/png'), 'a.png'),
      'INVALID_INPUT',
    );
    expect(error.details).toMatchObject({ reason: 'blocked-address' });
    expect(server.stats.requests.length).toBe(before);

    const allowed = newJob({ blockPrivateNetworks: true, allowHosts: ['127.0.0.1'] });
    await expect(allowed.downloadFile(server.url('/png'), 'a.png')).resolves.toBe(
      path.join(allowed.jobDir, 'a.png'),
    );
  });
});
