import { ErrorCode, PipelineError } from '@ad-pipeline/errors';

/** What a stored or downloaded asset is meant to be; checked by magic bytes. */
export type AssetKind = 'video' | 'audio' | 'image';

/** Every asset kind. */
export const ASSET_KINDS: readonly AssetKind[] = Object.freeze(['video', 'audio', 'image'] as const);

/** A detected media type. */
export interface MediaType {
  /** IANA media type, e.g. `video/mp4`. */
  mime: string;
  /** The asset kind it belongs to. */
  kind: AssetKind;
}

/** How many leading bytes {@link sniffMedia} needs to recognise every supported format. */
export const SNIFF_BYTES = 64;

/** Whether `value` is an {@link AssetKind}. */
export function isAssetKind(value: unknown): value is AssetKind {
  return typeof value === 'string' && (ASSET_KINDS as readonly string[]).includes(value);
}

const ascii = (head: Uint8Array, offset: number, length: number): string =>
  String.fromCharCode(...head.subarray(offset, offset + length));

const startsWith = (head: Uint8Array, bytes: readonly number[], offset = 0): boolean =>
  head.length >= offset + bytes.length && bytes.every((byte, index) => head[offset + index] === byte);

const includesAscii = (head: Uint8Array, text: string): boolean =>
  Buffer.from(head.buffer, head.byteOffset, head.byteLength).includes(text, 0, 'latin1');

const media = (mime: string, kind: AssetKind): MediaType => ({ mime, kind });

/**
 * Raw-photo brands that reuse the ISO box structure for a still (file-type's table): never video.
 * `crx ` is Canon CR3.
 */
const RAW_PHOTO_BRANDS: Readonly<Record<string, string>> = { 'crx ': 'image/x-canon-cr3' };

/**
 * QuickTime files need no `ftyp` (QTFF): cameras and phones write `wide`, `mdat`, `moov`, `free`,
 * `skip` or `pnot` first. Recognised by that box type at offset 4, as file-type does.
 */
const QUICKTIME_FIRST_BOXES = new Set(['moov', 'mdat', 'wide', 'free', 'skip', 'pnot']);

function sniffQuickTimeWithoutFtyp(head: Uint8Array): MediaType | undefined {
  if (head.length < 8 || !QUICKTIME_FIRST_BOXES.has(ascii(head, 4, 4))) return undefined;
  return media('video/quicktime', 'video');
}

/** ISO base media (MP4 family): `ftyp` box at offset 4, major brand at offset 8. */
function sniffFtyp(head: Uint8Array): MediaType | undefined {
  if (head.length < 12 || ascii(head, 4, 4) !== 'ftyp') return undefined;
  const brand = ascii(head, 8, 4);
  const rawPhoto = RAW_PHOTO_BRANDS[brand];
  if (rawPhoto !== undefined) return media(rawPhoto, 'image');
  if (['M4A ', 'M4B ', 'M4P '].includes(brand)) return media('audio/mp4', 'audio');
  if (brand === 'qt  ') return media('video/quicktime', 'video');
  if (brand === 'avif' || brand === 'avis') return media('image/avif', 'image');
  if (['heic', 'heix', 'heim', 'heis', 'mif1', 'msf1'].includes(brand)) return media('image/heic', 'image');
  if (brand.startsWith('3g2')) return media('video/3gpp2', 'video');
  if (brand.startsWith('3gp')) return media('video/3gpp', 'video');
  return media('video/mp4', 'video');
}

/** RIFF containers: WAVE, WEBP and AVI. */
function sniffRiff(head: Uint8Array): MediaType | undefined {
  if (head.length < 12 || ascii(head, 0, 4) !== 'RIFF') return undefined;
  const form = ascii(head, 8, 4);
  if (form === 'WAVE') return media('audio/wav', 'audio');
  if (form === 'WEBP') return media('image/webp', 'image');
  if (form === 'AVI ') return media('video/x-msvideo', 'video');
  return undefined;
}

/** Ogg pages: the codec's identification header follows the first page header. */
function sniffOgg(head: Uint8Array): MediaType | undefined {
  if (ascii(head, 0, 4) !== 'OggS') return undefined;
  if (includesAscii(head, 'theora')) return media('video/ogg', 'video');
  return media('audio/ogg', 'audio');
}

/** MPEG audio: ADTS AAC (layer 0) or an MP3 frame header (valid layer, version, bitrate, rate). */
function sniffMpegAudio(head: Uint8Array): MediaType | undefined {
  if (head.length < 3 || head[0] !== 0xff) return undefined;
  const [, b1 = 0, b2 = 0] = head;
  if ((b1 & 0xf6) === 0xf0) return media('audio/aac', 'audio');
  const version = (b1 >> 3) & 0b11;
  const layer = (b1 >> 1) & 0b11;
  const bitrate = b2 >> 4;
  const sampleRate = (b2 >> 2) & 0b11;
  const isFrame = (b1 & 0xe0) === 0xe0 && version !== 0b01 && layer !== 0 && bitrate !== 0xf && sampleRate !== 0b11;
  return isFrame ? media('audio/mpeg', 'audio') : undefined;
}

const SIGNATURES: ReadonlyArray<readonly [readonly number[], MediaType]> = [
  [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], media('image/png', 'image')],
  [[0xff, 0xd8, 0xff], media('image/jpeg', 'image')],
  [[0x47, 0x49, 0x46, 0x38, 0x37, 0x61], media('image/gif', 'image')],
  [[0x47, 0x49, 0x46, 0x38, 0x39, 0x61], media('image/gif', 'image')],
  [[0x49, 0x49, 0x2a, 0x00], media('image/tiff', 'image')],
  [[0x4d, 0x4d, 0x00, 0x2a], media('image/tiff', 'image')],
  [[0x49, 0x44, 0x33], media('audio/mpeg', 'audio')],
  [[0x66, 0x4c, 0x61, 0x43], media('audio/flac', 'audio')],
  [[0x46, 0x4c, 0x56, 0x01], media('video/x-flv', 'video')],
];

/**
 * Detects the media type from a file's first bytes (at least {@link SNIFF_BYTES} when available):
 * PNG, JPEG, GIF, WEBP, TIFF, AVIF/HEIC, raw photos in ISO boxes (CR3), MP4/MOV/3GP/M4A (MOV
 * also without `ftyp`), WEBM/MKV, AVI, FLV, MP3, AAC (ADTS), WAV, AIFF, OGG, FLAC. Returns
 * undefined for anything else. A quick first-bytes check: {@link probeMedia} reads the container.
 */
export function sniffMedia(head: Uint8Array): MediaType | undefined {
  for (const [signature, type] of SIGNATURES) {
    if (startsWith(head, signature)) return type;
  }
  if (startsWith(head, [0x1a, 0x45, 0xdf, 0xa3])) {
    return includesAscii(head, 'webm') ? media('video/webm', 'video') : media('video/x-matroska', 'video');
  }
  if (ascii(head, 0, 4) === 'FORM' && ['AIFF', 'AIFC'].includes(ascii(head, 8, 4))) {
    return media('audio/aiff', 'audio');
  }
  return (
    sniffFtyp(head) ??
    sniffRiff(head) ??
    sniffOgg(head) ??
    sniffMpegAudio(head) ??
    sniffQuickTimeWithoutFtyp(head)
  );
}

/**
 * Throws UNSUPPORTED_FORMAT unless the first bytes are media of `kind`. `source` names the file
 * (or URL) in the message and `details.filename`.
 */
export function assertKind(head: Uint8Array, kind: AssetKind, source: string): void {
  const detected = sniffMedia(head);
  if (detected?.kind === kind) return;
  const found = detected?.mime ?? 'unknown';
  throw new PipelineError(ErrorCode.UNSUPPORTED_FORMAT, `${source}: expected ${kind} content, found ${found}`, {
    expected: kind,
    detected: found,
    filename: source,
  });
}
