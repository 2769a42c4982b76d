import { existsSync, linkSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { lstat, readFile, symlink, writeFile } from 'node:fs/promises';
import type http from 'node:http';
import path from 'node:path';
import { makeTempDir, removeDir } from '../../test/helpers.js';
import { payload, useDownloadFixture } from '../../test/download/fault-server.js';
import { AtomicFileWriter } from '../atomic-file-writer.js';
import { downloadToFileWithRetry } from './download-with-retry.js';
import { createNetworkContext } from './network-context.js';
import type { DownloadTarget } from './types.js';

// Temp files (SPEC 6.1): every open exclusive and refusing symlinks, the final path never a symlink.
// The attack: during a retry's backoff the partial file is swapped for a link to a file outside the job.

const BODY = payload(100_000, 13);
let hits = 0;
const fixture = useDownloadFixture((req, res) => {
  hits += 1;
  const match = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
  if (hits === 1) {
    res.writeHead(200, { 'content-length': BODY.length, etag: '"v1"' });
    res.write(BODY.subarray(0, 40_000), () => setTimeout(() => res.socket?.destroy(), 10));
  } else if (match) {
    const first = Number(match[1]);
    partial(res, first);
  } else {
    res.writeHead(200, { 'content-length': BODY.length, etag: '"v1"' }).end(BODY);
  }
});
function partial(res: http.ServerResponse, first: number): void {
  res
    .writeHead(206, {
      'content-range': `bytes ${first}-${BODY.length - 1}/${BODY.length}`,
      'content-length': BODY.length - first,
      etag: '"v1"',
    })
    .end(BODY.subarray(first));
}
beforeEach(() => {
  hits = 0;
});
const { server, dir } = fixture;
const ctx = createNetworkContext({ blockPrivateNetworks: false });

let outsideDir = '';
beforeEach(async () => {
  outsideDir = await makeTempDir();
});
afterEach(async () => {
  await removeDir(outsideDir);
});

// Synchronous, so each swap is complete before the backoff ends.
const SWAPS: Array<[string, (tempPath: string, outside: string) => void]> = [
  [
    'a symlink to a file outside the job',
    (tempPath, outside) => (rmSync(tempPath), symlinkSync(outside, tempPath)),
  ],
  [
    'a dangling symlink',
    (tempPath, outside) => (rmSync(tempPath), symlinkSync(`${outside}.new`, tempPath)),
  ],
  [
    'a hard link to a file outside the job',
    (tempPath, outside) => (rmSync(tempPath), linkSync(outside, tempPath)),
  ],
  [
    'another regular file',
    (tempPath) => (rmSync(tempPath), writeFileSync(tempPath, Buffer.alloc(60_000, 7))),
  ],
];

describe('the partial file swapped during a retry backoff', () => {
  it.each(SWAPS)(
    '%s: never written through, the final file is ours and regular',
    async (_name, swap) => {
      const outside = path.join(outsideDir, 'precious.txt');
      await writeFile(outside, 'precious');
      const target: DownloadTarget = { dir: dir(), finalPath: path.join(dir(), 'asset.bin') };
      let swapped = '';
      const saved = await downloadToFileWithRetry(
        server().url('/swap'),
        target,
        {
          minDelayMs: 50,
          maxDelayMs: 50,
          onRetry: () => {
            // Called as the backoff starts: swap the only in-progress file.
            const name = readdirSync(dir()).find((entry) => entry.startsWith('.tmp-'));
            swapped = name ?? '';
            if (name !== undefined) swap(path.join(dir(), name), outside);
          },
        },
        ctx,
      );
      expect(swapped).not.toBe('');
      expect(await readFile(outside, 'utf8')).toBe('precious');
      expect(existsSync(`${outside}.new`)).toBe(false);
      expect((await lstat(saved)).isFile()).toBe(true);
      expect((await readFile(saved)).equals(BODY)).toBe(true);
      // Nothing of ours was appended to a foreign file: the download started over.
      expect(server().stats.requests.at(-1)?.headers.range).toBeUndefined();
    },
  );
});

describe('the save temp file is opened exclusively', () => {
  it.each([
    [
      'a symlink planted at its path',
      (tempPath: string, outside: string) => symlink(outside, tempPath),
    ],
    [
      'a dangling symlink planted at its path',
      (tempPath: string, outside: string) => symlink(`${outside}.new`, tempPath),
    ],
    ['a file planted at its path', (tempPath: string) => writeFile(tempPath, 'planted')],
  ])('%s: refused, nothing written through it', async (_name, plant) => {
    const outside = path.join(outsideDir, 'precious.txt');
    await writeFile(outside, 'precious');
    const jobDir = await makeTempDir();
    try {
      const writer = new AtomicFileWriter(jobDir);
      await plant(writer.tempPath, outside);
      await expect(writer.write(Buffer.from('attacker gets this?'))).rejects.toMatchObject({
        code: 'EEXIST',
      });
      await writer.abort();
      expect(await readFile(outside, 'utf8')).toBe('precious');
      expect(existsSync(`${outside}.new`)).toBe(false);
      expect(existsSync(path.join(jobDir, 'final.bin'))).toBe(false);
    } finally {
      await removeDir(jobDir);
    }
  });
});
