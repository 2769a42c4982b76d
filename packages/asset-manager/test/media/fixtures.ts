import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The committed ffmpeg fixtures (see fixtures/media/README.md and generate.mjs). */
export const MEDIA_FIXTURES_DIR = path.join(__dirname, '..', 'fixtures', 'media');

/** What ffprobe said about one fixture (expected.json), in MediaInfo's terms. */
export interface ExpectedMedia {
  format?: string;
  ffprobe?: 'unreadable';
  durationSec?: number;
  width?: number;
  height?: number;
  frameRate?: number;
  videoCodec?: string;
  audioCodec?: string;
  sampleRate?: number;
  channels?: number;
  hasVideo?: boolean;
  hasAudio?: boolean;
}

/** expected.json: file name → ffprobe's numbers. */
export const EXPECTED_MEDIA: Readonly<Record<string, ExpectedMedia>> = JSON.parse(
  readFileSync(path.join(MEDIA_FIXTURES_DIR, 'expected.json'), 'utf8'),
);

/** Absolute path of a fixture. */
export const fixturePath = (name: string): string => path.join(MEDIA_FIXTURES_DIR, name);

/** A fixture's bytes. */
export const fixtureBytes = (name: string): Buffer => readFileSync(fixturePath(name));
