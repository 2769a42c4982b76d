import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';

/** The payload kinds the fault server can serve: real media headers, or deliberately wrong content. */
export const PAYLOAD_KINDS = ['png', 'jpg', 'mp4', 'wav', 'mp3', 'html', 'bin'] as const;

/** One of `PAYLOAD_KINDS`. */
export type PayloadKind = (typeof PAYLOAD_KINDS)[number];

/** Deterministic bytes with a known digest. */
export interface Payload {
  readonly kind: PayloadKind;
  readonly bytes: Buffer;
  readonly sha256: string;
}

/** The `Content-Type` a well-behaved server sends for each payload kind. */
export const CONTENT_TYPES: Readonly<Record<PayloadKind, string>> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  mp4: 'video/mp4',
  wav: 'audio/wav',
  mp3: 'audio/mpeg',
  html: 'text/html; charset=utf-8',
  bin: 'application/octet-stream',
};

/** The asset-manager `kind` each media payload sniffs as (`undefined` for non-media). */
export const MEDIA_KIND: Readonly<Record<PayloadKind, 'image' | 'video' | 'audio' | undefined>> = {
  png: 'image',
  jpg: 'image',
  mp4: 'video',
  wav: 'audio',
  mp3: 'audio',
  html: undefined,
  bin: undefined,
};

/** Whether `value` names a payload kind. */
export function isPayloadKind(value: unknown): value is PayloadKind {
  return typeof value === 'string' && (PAYLOAD_KINDS as readonly string[]).includes(value);
}

/** The payload kind a file extension implies (`scene.mp4` → `mp4`), else `bin`. */
export function kindFromPath(path: string): PayloadKind {
  const extension = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  if (extension === 'jpeg') return 'jpg';
  return isPayloadKind(extension) ? extension : 'bin';
}

/** SHA-256 of `bytes` as lowercase hex. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Pseudo-random bytes that depend only on `seed` (xorshift128, seeded by the seed's SHA-256). */
export function seededBytes(size: number, seed: string): Buffer {
  const state = new Uint32Array(createHash('sha256').update(seed).digest().buffer, 0, 4);
  const words = new Uint32Array(Math.ceil(size / 4));
  let [x, y, z, w] = state;
  for (let index = 0; index < words.length; index++) {
    const t = x ^ (x << 11);
    x = y;
    y = z;
    z = w;
    w = (w ^ (w >>> 19) ^ t ^ (t >>> 8)) >>> 0;
    words[index] = w;
  }
  return Buffer.from(words.buffer, 0, size);
}

function pngHeader(): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(1, 0); // width
  ihdr.writeUInt32BE(1, 4); // height
  ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, default compression/filter/interlace
  const type = Buffer.from('IHDR', 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([type, ihdr])));
  const length = Buffer.alloc(4);
  length.writeUInt32BE(13);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    length,
    type,
    ihdr,
    crc,
  ]);
}

function wavHeader(size: number): Buffer {
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(Math.max(size - 8, 0), 4);
  header.write('WAVEfmt ', 8, 'latin1');
  header.writeUInt32LE(16, 16); // PCM format chunk size
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(8000, 24); // sample rate
  header.writeUInt32LE(16000, 28); // byte rate
  header.writeUInt16LE(2, 32); // block align
  header.writeUInt16LE(16, 34); // bits per sample
  header.write('data', 36, 'latin1');
  header.writeUInt32LE(Math.max(size - 44, 0), 40);
  return header;
}

function headerFor(kind: PayloadKind, size: number): Buffer {
  switch (kind) {
    case 'png':
      return pngHeader();
    case 'jpg':
      return Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]);
    case 'mp4':
      // An ISO BMFF `ftyp` box: size 24, brand isom, minor 0x200, compatible isom + mp41.
      return Buffer.concat([
        Buffer.from([0, 0, 0, 24]),
        Buffer.from('ftypisom', 'latin1'),
        Buffer.from([0, 0, 2, 0]),
        Buffer.from('isommp41', 'latin1'),
      ]);
    case 'wav':
      return wavHeader(size);
    case 'mp3':
      return Buffer.from([0x49, 0x44, 0x33, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]);
    case 'html':
      return Buffer.from('<!doctype html><html><body><p>', 'latin1');
    case 'bin':
      return Buffer.from('HARNESS-BIN', 'latin1');
  }
}

/** The smallest size a payload of `kind` can have (its header). */
export function minPayloadSize(kind: PayloadKind): number {
  return headerFor(kind, 0).length;
}

/**
 * Deterministic `size` bytes of `kind`: a valid header (magic bytes) followed by seeded bytes.
 * `html` payloads are filled with printable text so they really look like a web page.
 */
export function makePayload(kind: PayloadKind, size: number, seed: string): Payload {
  const header = headerFor(kind, size);
  if (!Number.isSafeInteger(size) || size < header.length) {
    throw new RangeError(`a ${kind} payload needs at least ${header.length} bytes, got ${size}`);
  }
  const bytes = seededBytes(size, `${kind}:${seed}`);
  if (kind === 'html') {
    for (let index = 0; index < bytes.length; index++) bytes[index] = 0x61 + (bytes[index] % 26);
  }
  header.copy(bytes, 0);
  return { kind, bytes, sha256: sha256Hex(bytes) };
}
