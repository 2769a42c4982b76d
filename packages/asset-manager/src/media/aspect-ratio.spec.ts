import fc from 'fast-check';
import { aspectRatioValue, reduceAspectRatio } from './aspect-ratio.js';
import { compareWithExpectation } from './expectation.js';
import type { MediaInfo } from './types.js';

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

describe('reduceAspectRatio', () => {
  it.each([
    [1080, 1920, '9:16'],
    [720, 1280, '9:16'],
    [1920, 1080, '16:9'],
    [1080, 1080, '1:1'],
    [1080, 1350, '4:5'],
    [180, 320, '9:16'],
    [1366, 768, '683:384'],
  ])('%i×%i → %s', (width, height, ratio) => {
    expect(reduceAspectRatio(width, height)).toBe(ratio);
  });

  it('gives coprime sides with the same proportion for any size', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000 }),
        fc.integer({ min: 1, max: 100_000 }),
        (w, h) => {
          const [a, b] = (reduceAspectRatio(w, h) as string).split(':').map(Number) as [
            number,
            number,
          ];
          return a * h === b * w && gcd(a, b) === 1;
        },
      ),
    );
  });

  it.each([
    [0, 10],
    [10, 0],
    [-9, 16],
    [9.5, 16],
    [Number.NaN, 16],
  ])('is undefined for %s×%s', (width, height) => {
    expect(reduceAspectRatio(width, height)).toBeUndefined();
  });
});

describe('aspectRatioValue', () => {
  it.each([
    ['9:16', 0.5625],
    ['16:9', 16 / 9],
    ['1.85:1', 1.85],
  ])('%s → %d', (ratio, value) => {
    expect(aspectRatioValue(ratio)).toBeCloseTo(value, 10);
  });

  it.each(['', '9/16', '9:', ':16', '0:16', '9:0', '-9:16', ' 9:16', '9:16 ', 'a:b', 9])(
    'rejects %p',
    (ratio) => {
      expect(aspectRatioValue(ratio)).toBeUndefined();
    },
  );
});

describe('compareWithExpectation: the aspect tolerance', () => {
  const video = (width: number, height: number): MediaInfo => ({
    container: 'mp4',
    mime: 'video/mp4',
    kind: 'video',
    width,
    height,
    hasVideo: true,
    hasAudio: false,
  });

  it.each([
    [1080, 1920, true],
    [720, 1280, true],
    [1080, 1918, true], // 0.1 % off
    [1088, 1920, true], // 0.74 % off (a 16-aligned encoder height)
    [1080, 1350, false], // 4:5
    [1920, 1080, false],
  ])('9:16 with the default 1 %%: %i×%i passes = %s', (width, height, passes) => {
    expect(compareWithExpectation(video(width, height), { aspectRatio: '9:16' })).toHaveLength(
      passes ? 0 : 1,
    );
  });

  it('fails a file with no size', () => {
    const audio: MediaInfo = {
      container: 'mp3',
      mime: 'audio/mpeg',
      kind: 'audio',
      hasVideo: false,
      hasAudio: true,
    };
    expect(compareWithExpectation(audio, { aspectRatio: '9:16' })).toEqual([
      { field: 'aspectRatio', expected: '9:16', actual: null },
    ]);
  });
});
