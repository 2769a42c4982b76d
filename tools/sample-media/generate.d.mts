/** Types of generate.mjs, for TypeScript callers (the demo imports it at runtime). */

/** A valid 8-bit RGB PNG (a diagonal gradient); width defaults to 45, height to 80 (9:16). */
export function createPng(options?: { width?: number; height?: number }): Buffer;

/** A valid 16-bit PCM mono WAV sine tone; seconds defaults to 1, sampleRate to 22050, frequency to 440. */
export function createWav(options?: {
  seconds?: number;
  sampleRate?: number;
  frequency?: number;
}): Buffer;

/** A structurally valid MP4 (ftyp, moov/mvhd, mdat); payloadBytes defaults to 256 KiB, durationMs to 8000, seed to 1. */
export function createMp4(options?: {
  payloadBytes?: number;
  durationMs?: number;
  seed?: number;
}): Buffer;

/** The sample set in memory: sample.png, sample.mp4 and sample.wav. */
export function generateSampleMedia(): Record<'sample.png' | 'sample.mp4' | 'sample.wav', Buffer>;

/** Writes the sample set into outDir (created if missing); resolves to the absolute paths written. */
export function writeSampleMedia(outDir: string): Promise<string[]>;
