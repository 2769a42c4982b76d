#!/usr/bin/env node
/**
 * Sample media for the offline demo and tests: a tiny valid PNG, a valid MP4 (ISO BMFF) and a
 * WAV sine tone, built from bytes on the fly so the repository holds no binary blobs.
 *
 * Library: `import { createPng, createMp4, createWav, generateSampleMedia, writeSampleMedia } from './generate.mjs'`.
 * CLI:     `node tools/sample-media/generate.mjs <outDir>` writes sample.png, sample.mp4 and sample.wav.
 *
 * Plain Node ESM, no dependencies (node:zlib deflates the PNG and computes its CRC-32s).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { crc32, deflateSync } from 'node:zlib';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** One PNG chunk: length, type, data, CRC-32 of type + data. */
function pngChunk(type, data) {
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/**
 * A valid 8-bit RGB PNG (a diagonal gradient), 9:16 by default.
 * @param {{ width?: number, height?: number }} [options] width defaults to 45, height to 80.
 * @returns {Buffer}
 */
export function createPng({ width = 45, height = 80 } = {}) {
  assertPositiveInteger('width', width);
  assertPositiveInteger('height', height);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: truecolour RGB
  // bytes 10-12: compression, filter and interlace methods, all 0
  const rowBytes = 1 + width * 3; // each scanline starts with its filter type (0 = none)
  const pixels = Buffer.alloc(rowBytes * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const offset = y * rowBytes + 1 + x * 3;
      pixels[offset] = Math.round((255 * x) / Math.max(1, width - 1));
      pixels[offset + 1] = Math.round((255 * y) / Math.max(1, height - 1));
      pixels[offset + 2] = 160;
    }
  }
  return Buffer.concat([
    PNG_SIGNATURE,
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(pixels)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * A valid 16-bit PCM mono WAV holding a sine tone.
 * @param {{ seconds?: number, sampleRate?: number, frequency?: number }} [options]
 *   seconds defaults to 1, sampleRate to 22050 Hz, frequency to 440 Hz.
 * @returns {Buffer}
 */
export function createWav({ seconds = 1, sampleRate = 22_050, frequency = 440 } = {}) {
  assertPositiveInteger('sampleRate', sampleRate);
  if (!(seconds > 0) || !(frequency > 0))
    throw new RangeError('seconds and frequency must be positive');
  const samples = Math.round(seconds * sampleRate);
  const dataBytes = samples * 2;
  const wav = Buffer.alloc(44 + dataBytes);
  wav.write('RIFF', 0, 'latin1');
  wav.writeUInt32LE(36 + dataBytes, 4);
  wav.write('WAVE', 8, 'latin1');
  wav.write('fmt ', 12, 'latin1');
  wav.writeUInt32LE(16, 16); // fmt chunk size
  wav.writeUInt16LE(1, 20); // PCM
  wav.writeUInt16LE(1, 22); // mono
  wav.writeUInt32LE(sampleRate, 24);
  wav.writeUInt32LE(sampleRate * 2, 28); // byte rate
  wav.writeUInt16LE(2, 32); // block align
  wav.writeUInt16LE(16, 34); // bits per sample
  wav.write('data', 36, 'latin1');
  wav.writeUInt32LE(dataBytes, 40);
  for (let i = 0; i < samples; i++) {
    const amplitude = 0.3 * Math.sin((2 * Math.PI * frequency * i) / sampleRate);
    wav.writeInt16LE(Math.round(amplitude * 32_767), 44 + i * 2);
  }
  return wav;
}

/** One ISO BMFF box: 32-bit size, four-character type, payload. */
function box(type, ...payload) {
  const body = Buffer.concat(payload);
  const header = Buffer.alloc(8);
  header.writeUInt32BE(8 + body.length, 0);
  header.write(type, 4, 'latin1');
  return Buffer.concat([header, body]);
}

/** The movie header (version 0): timescale 1000, the given duration, identity matrix. */
function mvhd(durationMs) {
  const body = Buffer.alloc(100);
  // bytes 0-3: version 0 and flags; 4-11: creation and modification times (0)
  body.writeUInt32BE(1000, 12); // timescale
  body.writeUInt32BE(durationMs, 16);
  body.writeUInt32BE(0x0001_0000, 20); // rate 1.0
  body.writeUInt16BE(0x0100, 24); // volume 1.0
  // 26-35 reserved; 36-71 the unity matrix
  const matrix = [0x0001_0000, 0, 0, 0, 0x0001_0000, 0, 0, 0, 0x4000_0000];
  matrix.forEach((value, i) => body.writeUInt32BE(value, 36 + i * 4));
  // 72-95 pre_defined
  body.writeUInt32BE(1, 96); // next track id
  return box('mvhd', body);
}

/** Deterministic pseudo-random bytes (xorshift32), so a payload's sha256 is stable across runs. */
function pseudoRandomBytes(length, seed) {
  const bytes = Buffer.alloc(length);
  let state = seed >>> 0 || 0x9e37_79b9;
  for (let i = 0; i < length; i++) {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    bytes[i] = state & 0xff;
  }
  return bytes;
}

/**
 * A structurally valid MP4: `ftyp` (isom), `moov` with a movie header, and an `mdat` payload.
 * @param {{ payloadBytes?: number, durationMs?: number, seed?: number }} [options]
 *   payloadBytes defaults to 256 KiB, durationMs to 8000, seed (of the payload bytes) to 1.
 * @returns {Buffer}
 */
export function createMp4({ payloadBytes = 256 * 1024, durationMs = 8_000, seed = 1 } = {}) {
  if (!Number.isInteger(payloadBytes) || payloadBytes < 0)
    throw new RangeError('payloadBytes must be a non-negative integer');
  assertPositiveInteger('durationMs', durationMs);
  const ftyp = box(
    'ftyp',
    Buffer.from('isom', 'latin1'),
    Buffer.from([0, 0, 0x02, 0x00]), // minor version 512
    Buffer.from('isomiso2mp41', 'latin1'),
  );
  return Buffer.concat([
    ftyp,
    box('moov', mvhd(durationMs)),
    box('mdat', pseudoRandomBytes(payloadBytes, seed)),
  ]);
}

/**
 * The demo's sample set, in memory: `sample.png`, `sample.mp4` and `sample.wav`.
 * @returns {Record<'sample.png' | 'sample.mp4' | 'sample.wav', Buffer>}
 */
export function generateSampleMedia() {
  return { 'sample.png': createPng(), 'sample.mp4': createMp4(), 'sample.wav': createWav() };
}

/**
 * Writes the sample set into `outDir` (created if missing).
 * @param {string} outDir
 * @returns {Promise<string[]>} the absolute paths written
 */
export async function writeSampleMedia(outDir) {
  const dir = resolve(outDir);
  await mkdir(dir, { recursive: true });
  const written = [];
  for (const [name, bytes] of Object.entries(generateSampleMedia())) {
    const path = join(dir, name);
    await writeFile(path, bytes);
    written.push(path);
  }
  return written;
}

function assertPositiveInteger(name, value) {
  if (!Number.isInteger(value) || value <= 0)
    throw new RangeError(`${name} must be a positive integer`);
}

const runAsCli =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (runAsCli) {
  const outDir = process.argv[2];
  if (outDir === undefined || outDir === '--help' || outDir === '-h') {
    console.error('Usage: node tools/sample-media/generate.mjs <outDir>');
    process.exitCode = outDir === undefined ? 2 : 0;
  } else {
    try {
      for (const path of await writeSampleMedia(outDir)) console.log(path);
    } catch (error) {
      console.error(`sample-media: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    }
  }
}
