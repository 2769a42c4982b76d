import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { open, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  EXPECTED_MEDIA,
  MEDIA_FIXTURES_DIR,
  fixtureBytes,
  fixturePath,
  type ExpectedMedia,
} from '../../test/media/fixtures.js';
import { makeTempDir, rejectsWith, removeDir } from '../../test/helpers.js';
import { probeMedia } from './probe-media.js';
import type { MediaInfo } from './types.js';

const FIXTURES = Object.keys(EXPECTED_MEDIA);

/**
 * Containers whose headers carry no frame rate (ffmpeg's WebM muxer writes no DefaultDuration;
 * ffprobe derives one from the packets' timestamps): probeMedia leaves `frameRate` out.
 */
const NO_HEADER_FRAME_RATE = new Set(['matroska,webm']);

/** Asserts `info` agrees with ffprobe's numbers: duration within 0.1 s, exact sizes, same codecs and streams. */
function expectAgreement(info: MediaInfo, expected: ExpectedMedia): void {
  if (expected.ffprobe === 'unreadable') return;
  expect(info.hasVideo).toBe(expected.hasVideo);
  expect(info.hasAudio).toBe(expected.hasAudio);
  if (expected.durationSec === undefined) expect(info.durationSec).toBeUndefined();
  else
    expect(Math.abs((info.durationSec ?? Number.NaN) - expected.durationSec)).toBeLessThanOrEqual(
      0.1,
    );
  expect(info.width).toBe(expected.width);
  expect(info.height).toBe(expected.height);
  if (expected.hasVideo) {
    expect(info.videoCodec).toBe(expected.videoCodec);
    if (NO_HEADER_FRAME_RATE.has(expected.format as string)) expect(info.frameRate).toBeUndefined();
    else expect(info.frameRate).toBeCloseTo(expected.frameRate as number, 2);
  }
  if (expected.hasAudio) {
    expect(info.audioCodec).toBe(expected.audioCodec);
    expect(info.sampleRate).toBe(expected.sampleRate);
    expect(info.channels).toBe(expected.channels);
  }
}

describe('probeMedia on the ffmpeg fixtures', () => {
  it('has a committed expectation for every fixture file, and a fixture for every expectation', () => {
    const files = readFileSync(path.join(MEDIA_FIXTURES_DIR, 'expected.json'), 'utf8');
    expect(FIXTURES.length).toBeGreaterThanOrEqual(20);
    for (const name of FIXTURES) expect(existsSync(fixturePath(name))).toBe(true);
    expect(files).toContain('h264-aac-9x16-8s.mp4');
  });

  it.each(FIXTURES)('%s agrees with ffprobe (expected.json)', async (name) => {
    expectAgreement(await probeMedia(fixturePath(name)), EXPECTED_MEDIA[name] as ExpectedMedia);
  });

  it.each([
    ['h264-aac-9x16-8s.mp4', 'mp4', 'video/mp4', 'video', '9:16'],
    ['h264-aac-16x9-5s.mp4', 'mp4', 'video/mp4', 'video', '16:9'],
    ['h264-aac-9x16-4s-fragmented.mp4', 'mp4', 'video/mp4', 'video', '9:16'],
    ['h264-aac-9x16-2s.mov', 'mov', 'video/quicktime', 'video', '9:16'],
    ['h264-aac-9x16-2s-noftyp-wide.mov', 'mov', 'video/quicktime', 'video', '9:16'],
    ['h264-aac-9x16-2s-noftyp-mdat.mov', 'mov', 'video/quicktime', 'video', '9:16'],
    ['h264-9x16-2s-noftyp-moov.mov', 'mov', 'video/quicktime', 'video', '9:16'],
    ['vp9-opus-9x16-3s.webm', 'webm', 'video/webm', 'video', '9:16'],
    ['tone-3s.mp3', 'mp3', 'audio/mpeg', 'audio', undefined],
    ['tone-1s.wav', 'wav', 'audio/wav', 'audio', undefined],
    ['tone-3s.m4a', 'm4a', 'audio/x-m4a', 'audio', undefined],
    ['tone-3s.aac', 'aac', 'audio/aac', 'audio', undefined],
    ['tone-3s.ogg', 'ogg', 'audio/ogg', 'audio', undefined],
    ['still-9x16.png', 'png', 'image/png', 'image', '9:16'],
    ['still-9x16.jpg', 'jpeg', 'image/jpeg', 'image', '9:16'],
    ['still-9x16.webp', 'webp', 'image/webp', 'image', '9:16'],
    // Near-misses: a raw photo in ISO boxes and a still named .mp4 are images, never video.
    ['raw-photo-crx.cr3', 'cr3', 'image/x-canon-cr3', 'image', undefined],
    ['still-named-video.mp4', 'png', 'image/png', 'image', '9:16'],
  ])('%s is %s (%s, kind %s, aspect %s)', async (name, container, mime, kind, aspectRatio) => {
    const info = await probeMedia(fixturePath(name));
    expect(info).toMatchObject({ container, mime, kind });
    expect(info.aspectRatio).toBe(aspectRatio);
  });

  const ffprobe = spawnSync('ffprobe', ['-version']).status === 0;
  (ffprobe ? it : it.skip)(
    're-derives expected.json with the ffprobe on this machine (skipped without ffprobe)',
    () => {
      const fresh = JSON.parse(
        execFileSync(process.execPath, [path.join(MEDIA_FIXTURES_DIR, 'generate.mjs'), '--print'], {
          encoding: 'utf8',
        }),
      ) as Record<string, ExpectedMedia>;
      for (const name of FIXTURES) {
        const now = fresh[name] as ExpectedMedia;
        const committed = EXPECTED_MEDIA[name] as ExpectedMedia;
        expect({ name, ...now, durationSec: undefined }).toEqual({
          name,
          ...committed,
          durationSec: undefined,
        });
        if (committed.durationSec !== undefined)
          expect(Math.abs((now.durationSec as number) - committed.durationSec)).toBeLessThan(0.01);
      }
    },
  );
  if (!ffprobe)
    console.warn(
      'ffprobe is not installed: probeMedia is compared with the committed expected.json only',
    );
});

describe('probeMedia reads headers, not whole files', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await makeTempDir();
  });
  afterAll(async () => {
    await removeDir(dir);
  });

  /** Bytes this process has read through read(2) and friends (Linux `/proc/self/io` rchar). */
  const bytesRead = (): number =>
    Number(/rchar: (\d+)/.exec(readFileSync('/proc/self/io', 'utf8'))?.[1]);
  const linux = existsSync('/proc/self/io');

  (linux ? it : it.skip)(
    'finds the moov after a 1 GiB mdat (non-faststart MP4) reading a few hundred KiB',
    async () => {
      // The 8 s fixture is ftyp, free, mdat, moov: grow its mdat by a 1 GiB hole (sparse: no disk
      // used) so the moov lands past 1 GiB; the chunk offsets still point at the original samples.
      const source = fixtureBytes('h264-aac-9x16-8s.mp4');
      const boxes: { at: number; size: number; type: string }[] = [];
      for (let at = 0; at < source.length;) {
        const size = source.readUInt32BE(at);
        boxes.push({ at, size, type: source.toString('latin1', at + 4, at + 8) });
        at += size;
      }
      expect(boxes.map((b) => b.type)).toEqual(['ftyp', 'free', 'mdat', 'moov']);
      const mdat = boxes[2] as { at: number; size: number };
      const moov = boxes[3] as { at: number; size: number };
      const hole = 1024 ** 3;
      const big = path.join(dir, 'big.mp4');
      const handle = await open(big, 'w');
      try {
        const head = Buffer.from(source.subarray(0, mdat.at + mdat.size));
        head.writeUInt32BE(mdat.size + hole, mdat.at);
        await handle.write(head, 0, head.length, 0);
        const tail = source.subarray(moov.at, moov.at + moov.size);
        await handle.write(tail, 0, tail.length, head.length + hole);
      } finally {
        await handle.close();
      }
      const before = bytesRead();
      const info = await probeMedia(big);
      const read = bytesRead() - before;
      expect(info).toMatchObject({
        kind: 'video',
        width: 180,
        height: 320,
        aspectRatio: '9:16',
        hasAudio: true,
      });
      expect(Math.abs((info.durationSec as number) - 8)).toBeLessThanOrEqual(0.1);
      expect(read).toBeLessThan(4 * 1024 * 1024);
    },
  );

  (linux ? it : it.skip)('reads a WAV with a 1 GiB data chunk from its header', async () => {
    const wav = fixtureBytes('tone-1s.wav');
    const dataAt = wav.indexOf('data', 12, 'latin1');
    const header = Buffer.from(wav.subarray(0, dataAt + 8));
    const dataBytes = 1024 ** 3;
    header.writeUInt32LE(dataAt + dataBytes, 4);
    header.writeUInt32LE(dataBytes, dataAt + 4);
    const big = path.join(dir, 'big.wav');
    const handle = await open(big, 'w');
    try {
      await handle.write(header, 0, header.length, 0);
      await handle.truncate(header.length + dataBytes);
    } finally {
      await handle.close();
    }
    const before = bytesRead();
    const info = await probeMedia(big);
    expect(bytesRead() - before).toBeLessThan(4 * 1024 * 1024);
    // 16 kHz mono 16-bit: 32 000 bytes a second.
    expect(Math.abs((info.durationSec as number) - dataBytes / 32_000)).toBeLessThan(0.1);
    expect(info).toMatchObject({ kind: 'audio', sampleRate: 16_000, channels: 1 });
  });
});

describe('probeMedia on what is not media', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await makeTempDir();
  });
  afterAll(async () => {
    await removeDir(dir);
  });

  it.each([
    ['empty', Buffer.alloc(0)],
    ['text', Buffer.from('hello, not media')],
    ['an HTML error page named .mp4', Buffer.from('<!doctype html><title>502 Bad Gateway</title>')],
  ])('reports %s as unknown, without streams', async (_name, bytes) => {
    const file = path.join(dir, 'x.mp4');
    await writeFile(file, bytes);
    expect(await probeMedia(file)).toEqual({
      container: 'unknown',
      mime: 'application/octet-stream',
      kind: undefined,
      hasVideo: false,
      hasAudio: false,
    });
  });

  it('reports a truncated MP4 (moov cut off) by its type, with no streams', async () => {
    const bytes = fixtureBytes('h264-aac-9x16-8s.mp4');
    const file = path.join(dir, 'cut.mp4');
    await writeFile(file, bytes.subarray(0, 20_000));
    expect(await probeMedia(file)).toMatchObject({
      mime: 'video/mp4',
      kind: 'video',
      hasVideo: false,
      hasAudio: false,
    });
  });

  it.each([
    ['tone-3s.ogg', 'voice.mp3'],
    ['tone-3s.mp3', 'voice.wav'],
    ['tone-1s.wav', 'voice.ogg'],
    ['tone-3s.aac', 'voice.m4a'],
    ['vp9-opus-9x16-3s.webm', 'clip.mp3'],
    ['h264-aac-9x16-8s.mp4', '.tmp-0123456789abcdef.part'],
  ])('reads %s by its content when it is named %s', async (name, misnamed) => {
    const file = path.join(dir, misnamed);
    await writeFile(file, fixtureBytes(name));
    expectAgreement(await probeMedia(file), EXPECTED_MEDIA[name] as ExpectedMedia);
  });

  it('refuses a directory and a FIFO as INVALID_INPUT without blocking', async () => {
    await rejectsWith(probeMedia(dir), 'INVALID_INPUT');
    const fifo = path.join(dir, 'pipe.mp4');
    execFileSync('mkfifo', [fifo]);
    await rejectsWith(probeMedia(fifo), 'INVALID_INPUT');
  });

  it('throws a PipelineError for a missing file', async () => {
    const error = await rejectsWith(probeMedia(path.join(dir, 'nope.mp4')), 'STORAGE_ERROR');
    expect((error.cause as NodeJS.ErrnoException).code).toBe('ENOENT');
  });
});
