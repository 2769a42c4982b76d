import { readdir } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { ErrorCode } from '@ad-pipeline/errors';
import { startFaultServer, type FaultServer } from '../../test/download/fault-server.js';
import { listTree, makeTempDir, rejectsWith, removeDir } from '../../test/helpers.js';
import { fixtureBytes } from '../../test/media/fixtures.js';
import { AssetManager } from '../asset-manager.js';
import { closeSharedAgents } from '../download/index.js';
import type { MediaExpectation } from './types.js';

/** What an 8 s 9:16 scene needs (the shape templates' `sceneAssetSpec` maps onto). */
const SCENE: MediaExpectation = {
  kind: 'video',
  minDurationSec: 7.5,
  maxDurationSec: 8.5,
  aspectRatio: '9:16',
};
const RIGHT = 'h264-aac-9x16-8s.mp4';
const LANDSCAPE_SHORT = 'h264-aac-16x9-5s.mp4';

let baseDir: string;
let manager: AssetManager;
let server: FaultServer;

beforeAll(async () => {
  server = await startFaultServer((req, res) => {
    const name = decodeURIComponent((req.url ?? '/').slice(1));
    const body = fixtureBytes(name);
    res
      .writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length })
      .end(body);
  });
});
afterAll(async () => {
  await server.close();
  await closeSharedAgents();
});
beforeEach(async () => {
  baseDir = await makeTempDir();
  // The SSRF guard is on by default: the loopback test server needs the explicit opt-out.
  manager = new AssetManager('media-job', { baseDir, blockPrivateNetworks: false });
});
afterEach(async () => {
  await removeDir(baseDir);
});

/** Every entry of the scenes directory, hidden in-progress files included. */
const scenesEntries = async (): Promise<string[]> =>
  (await readdir(manager.scenesDir).catch(() => [])).sort();

describe('an 8 s 9:16 scene refuses the 16:9 5 s clip and keeps nothing', () => {
  it('saveFile', async () => {
    const error = await rejectsWith(
      manager.saveFile(fixtureBytes(LANDSCAPE_SHORT), 'scene1.mp4', 'scenes', { expect: SCENE }),
      ErrorCode.ASSET_SPEC_MISMATCH,
    );
    expect(error.retryable).toBe(false);
    expect(error.httpStatus).toBe(502);
    expect(error.details['expected']).toEqual({ minDurationSec: 7.5, aspectRatio: '9:16' });
    expect(error.details['actual']).toEqual({ minDurationSec: 5, aspectRatio: '16:9' });
    expect(await scenesEntries()).toEqual([]);
  });

  it('saveFile from a stream', async () => {
    const stream = Readable.from([
      fixtureBytes(LANDSCAPE_SHORT).subarray(0, 1000),
      fixtureBytes(LANDSCAPE_SHORT).subarray(1000),
    ]);
    await rejectsWith(
      manager.saveFile(stream, 'scene1.mp4', 'scenes', { expect: SCENE }),
      ErrorCode.ASSET_SPEC_MISMATCH,
    );
    expect(await scenesEntries()).toEqual([]);
  });

  it('downloadFile from a local server', async () => {
    const error = await rejectsWith(
      manager.downloadFile(server.url(`/${LANDSCAPE_SHORT}`), 'scene1.mp4', 'scenes', {
        expect: SCENE,
      }),
      ErrorCode.ASSET_SPEC_MISMATCH,
    );
    expect(error.details['actual']).toEqual({ minDurationSec: 5, aspectRatio: '16:9' });
    expect(await scenesEntries()).toEqual([]);
  });

  it('downloadWithRetry, without retrying (the same bytes will not change)', async () => {
    const before = server.stats.requests.length;
    const onRetry = jest.fn();
    await rejectsWith(
      manager.downloadWithRetry(server.url(`/${LANDSCAPE_SHORT}`), 'scene1.mp4', 'scenes', {
        expect: SCENE,
        retries: 3,
        minDelayMs: 1,
        onRetry,
      }),
      ErrorCode.ASSET_SPEC_MISMATCH,
    );
    expect(onRetry).not.toHaveBeenCalled();
    expect(server.stats.requests.length - before).toBe(1);
    expect(await scenesEntries()).toEqual([]);
  });
});

describe('the right clip passes', () => {
  it('saveFile, downloadFile and downloadWithRetry keep the 9:16 8 s clip', async () => {
    await manager.saveFile(fixtureBytes(RIGHT), 'a.mp4', 'scenes', {
      expect: SCENE,
      kind: 'video',
    });
    await manager.downloadFile(server.url(`/${RIGHT}`), 'b.mp4', 'scenes', { expect: SCENE });
    await manager.downloadWithRetry(server.url(`/${RIGHT}`), 'c.mp4', 'scenes', { expect: SCENE });
    expect(await scenesEntries()).toEqual(['a.mp4', 'b.mp4', 'c.mp4']);
    const info = await manager.inspectFile('b.mp4', 'scenes');
    expect(info.media).toMatchObject({
      kind: 'video',
      aspectRatio: '9:16',
      width: 180,
      height: 320,
      videoCodec: 'h264',
      audioCodec: 'aac',
    });
  });
});

describe('each near-miss fails the check it misses', () => {
  it.each([
    ['h264-aac-9x16-5s.mp4', SCENE, { minDurationSec: 7.5 }, { minDurationSec: 5 }],
    [
      'h264-aac-16x9-5s.mp4',
      { aspectRatio: '9:16' },
      { aspectRatio: '9:16' },
      { aspectRatio: '16:9' },
    ],
    [
      'still-named-video.mp4',
      SCENE,
      { kind: 'video', minDurationSec: 7.5, maxDurationSec: 8.5 },
      { kind: 'image', minDurationSec: null, maxDurationSec: null },
    ],
    ['raw-photo-crx.cr3', { kind: 'video' }, { kind: 'video' }, { kind: 'image' }],
    ['tone-3s.mp3', { kind: 'video' }, { kind: 'video' }, { kind: 'audio' }],
    ['h264-9x16-2s-noftyp-moov.mov', { hasAudio: true }, { hasAudio: true }, { hasAudio: false }],
    [
      'still-9x16.png',
      { kind: 'image', minWidth: 1080, minHeight: 1920 },
      { minWidth: 1080, minHeight: 1920 },
      { minWidth: 180, minHeight: 320 },
    ],
    ['vp9-opus-9x16-3s.webm', { hasVideo: false }, { hasVideo: false }, { hasVideo: true }],
    // A lone nominal duration accepts ±0.5 s: 5 s is not an 8 s scene.
    ['h264-aac-9x16-5s.mp4', { durationSec: 8 }, { durationSec: 8 }, { durationSec: 5 }],
    ['h264-aac-9x16-10s.mp4', { durationSec: 8 }, { durationSec: 8 }, { durationSec: 10 }],
  ] as const)('%s', async (name, expectation, expected, actual) => {
    const error = await rejectsWith(
      manager.saveFile(fixtureBytes(name), 'x.bin', 'scenes', {
        expect: expectation as MediaExpectation,
      }),
      ErrorCode.ASSET_SPEC_MISMATCH,
    );
    expect(error.details['expected']).toEqual(expected);
    expect(error.details['actual']).toEqual(actual);
    expect(await scenesEntries()).toEqual([]);
  });

  it.each([
    ['a cut-off MP4 (moov missing)', fixtureBytes(RIGHT).subarray(0, 20_000)],
    [
      'an MP4 container with no stream in it (0.1 sample media)',
      Buffer.from('\0\0\0\x10ftypisom\0\0\x02\0\0\0\0\x08free'),
    ],
  ])('%s is not video, though its container is', async (_name, bytes) => {
    const error = await rejectsWith(
      manager.saveFile(bytes, 'x.mp4', 'scenes', { expect: { kind: 'video' } }),
      ErrorCode.ASSET_SPEC_MISMATCH,
    );
    expect(error.details['media']).toMatchObject({ mime: 'video/mp4', hasVideo: false });
    expect(await scenesEntries()).toEqual([]);
  });

  it.each([
    ['h264-aac-9x16-8s.mp4', { durationSec: 8 }],
    ['h264-aac-9x16-10s.mp4', { durationSec: 10 }],
    // With bounds, the bounds decide and durationSec is carried along.
    ['h264-aac-9x16-5s.mp4', { durationSec: 8, minDurationSec: 4, maxDurationSec: 6 }],
  ] as const)('%s meets %j', async (name, expectation) => {
    await manager.saveFile(fixtureBytes(name), 'x.mp4', 'scenes', { expect: expectation });
    expect(await scenesEntries()).toEqual(['x.mp4']);
  });

  it('an empty save fails a kind expectation and leaves nothing', async () => {
    await rejectsWith(
      manager.saveFile(new Uint8Array(0), 'x.mp4', 'scenes', { expect: { kind: 'video' } }),
      ErrorCode.ASSET_SPEC_MISMATCH,
    );
    expect(await scenesEntries()).toEqual([]);
  });

  it('aspectTolerance widens the aspect check', async () => {
    // 180x320 is exactly 9:16; against 10:16 it is 10 % off.
    await rejectsWith(
      manager.saveFile(fixtureBytes(RIGHT), 'x.mp4', 'scenes', {
        expect: { aspectRatio: '10:16' },
      }),
      ErrorCode.ASSET_SPEC_MISMATCH,
    );
    await manager.saveFile(fixtureBytes(RIGHT), 'x.mp4', 'scenes', {
      expect: { aspectRatio: '10:16', aspectTolerance: 0.11 },
    });
  });
});

describe('kind (first bytes) on real files', () => {
  it.each([
    'h264-aac-9x16-2s-noftyp-wide.mov',
    'h264-aac-9x16-2s-noftyp-mdat.mov',
    'h264-9x16-2s-noftyp-moov.mov',
  ])('a QuickTime file without ftyp (%s) passes kind "video"', async (name) => {
    await manager.saveFile(fixtureBytes(name), 'clip.mov', 'scenes', { kind: 'video' });
    await manager.downloadFile(server.url(`/${name}`), 'dl.mov', 'scenes', { kind: 'video' });
    expect(await scenesEntries()).toEqual(['clip.mov', 'dl.mov']);
  });

  it('a raw photo in ISO boxes (ftyp crx) does not pass kind "video"', async () => {
    const error = await rejectsWith(
      manager.saveFile(fixtureBytes('raw-photo-crx.cr3'), 'clip.mp4', 'scenes', { kind: 'video' }),
      ErrorCode.UNSUPPORTED_FORMAT,
    );
    expect(error.details['detected']).toBe('image/x-canon-cr3');
    await rejectsWith(
      manager.downloadFile(server.url('/raw-photo-crx.cr3'), 'clip.mp4', 'scenes', {
        kind: 'video',
      }),
      ErrorCode.UNSUPPORTED_FORMAT,
    );
    expect(await scenesEntries()).toEqual([]);
  });
});

describe('verifyFile', () => {
  it('returns the media info of a stored file that matches', async () => {
    await manager.saveFile(fixtureBytes(RIGHT), 'scene1.mp4', 'scenes');
    const info = await manager.verifyFile('scene1.mp4', 'scenes', SCENE);
    expect(info).toMatchObject({ kind: 'video', aspectRatio: '9:16', durationSec: 8 });
  });

  it('throws ASSET_SPEC_MISMATCH for a stored file that does not match, and leaves it in place', async () => {
    await manager.saveFile(fixtureBytes(LANDSCAPE_SHORT), 'scene1.mp4', 'scenes');
    const error = await rejectsWith(
      manager.verifyFile('scene1.mp4', 'scenes', SCENE),
      ErrorCode.ASSET_SPEC_MISMATCH,
    );
    expect(error.details['expected']).toEqual({ minDurationSec: 7.5, aspectRatio: '9:16' });
    expect(error.details['media']).toMatchObject({ width: 320, height: 180 });
    expect(await scenesEntries()).toEqual(['scene1.mp4']);
  });

  it('a missing file is STORAGE_ERROR; bad names and expectations are INVALID_INPUT before any I/O', async () => {
    await rejectsWith(manager.verifyFile('nope.mp4', 'scenes', SCENE), ErrorCode.STORAGE_ERROR);
    await rejectsWith(manager.verifyFile('../x.mp4', 'scenes', SCENE), ErrorCode.INVALID_INPUT);
    await rejectsWith(
      manager.verifyFile('x.mp4', 'scenes', { kind: 'movie' } as never),
      ErrorCode.INVALID_INPUT,
    );
    await rejectsWith(
      manager.verifyFile('x.mp4', 'scenes', undefined as never),
      ErrorCode.INVALID_INPUT,
    );
    expect(await listTree(baseDir)).toEqual([]);
  });
});

describe('a bad expect option is INVALID_INPUT before anything is written or requested', () => {
  it.each([
    ['not an object', 'yes'],
    ['unknown key', { durationMs: 8000 }],
    ['negative nominal duration', { durationSec: -1 }],
    ['bad kind', { kind: 'movie' }],
    ['negative duration', { minDurationSec: -1 }],
    ['NaN duration', { maxDurationSec: Number.NaN }],
    ['min above max', { minDurationSec: 9, maxDurationSec: 8 }],
    ['ratio without colon', { aspectRatio: '0.5625' }],
    ['zero ratio side', { aspectRatio: '0:16' }],
    ['tolerance of 1', { aspectTolerance: 1 }],
    ['fractional width', { minWidth: 10.5 }],
    ['string flag', { hasAudio: 'yes' }],
  ])('%s', async (_name, expectation) => {
    const requests = server.stats.requests.length;
    const saveError = await rejectsWith(
      manager.saveFile(fixtureBytes(RIGHT), 'a.mp4', 'scenes', { expect: expectation as never }),
      ErrorCode.INVALID_INPUT,
    );
    expect(String(saveError.details['field'] ?? '')).toMatch(/^expect/);
    await rejectsWith(
      manager.downloadFile(server.url(`/${RIGHT}`), 'a.mp4', 'scenes', {
        expect: expectation as never,
      }),
      ErrorCode.INVALID_INPUT,
    );
    await rejectsWith(
      manager.downloadWithRetry(server.url(`/${RIGHT}`), 'a.mp4', 'scenes', {
        expect: expectation as never,
      }),
      ErrorCode.INVALID_INPUT,
    );
    expect(server.stats.requests.length).toBe(requests);
    expect(await listTree(baseDir)).toEqual([]);
  });
});
