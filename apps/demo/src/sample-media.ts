/**
 * The demo's media: real encoder output (ffmpeg H.264/AAC MP4, PNG, WAV) committed with the
 * asset-manager's tests, `packages/asset-manager/test/fixtures/media/` (its README and generate.mjs
 * say how each file was made). Read from the source tree at run time.
 */
import { readFile } from 'node:fs/promises';

// Same relative path from src/ and from dist/: both sit in apps/demo.
const FIXTURES_URL = new URL('../../../packages/asset-manager/test/fixtures/media/', import.meta.url);

/** The fixture file names the demo serves, by role. */
export const SAMPLE_MEDIA = {
  /** A 9:16 H.264/AAC clip per video-scene length, in seconds. */
  videoBySeconds: {
    8: 'h264-aac-9x16-8s.mp4',
    10: 'h264-aac-9x16-10s.mp4',
  } as Readonly<Record<number, string>>,
  /** The CTA still (scene 4): a 9:16 PNG. */
  still: 'still-9x16.png',
  /** The voice-over: a 1 s PCM WAV tone. */
  voiceover: 'tone-1s.wav',
  /** A near-miss a video model might return for an 8 s 9:16 scene: 16:9 and 5 s. */
  nearMiss: 'h264-aac-16x9-5s.mp4',
} as const;

/** Reads one committed fixture. */
export function readSampleMedia(name: string): Promise<Buffer> {
  return readFile(new URL(name, FIXTURES_URL));
}
