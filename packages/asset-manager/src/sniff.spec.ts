import { ErrorCode } from '@ad-pipeline/errors';
import { mediaBytes, mp4Bytes, pngBytes, throwsWith, wavBytes } from '../test/helpers.js';
import { fileTypeFromBuffer } from 'file-type';
import { EXPECTED_MEDIA, fixtureBytes } from '../test/media/fixtures.js';
import { assertKind, SNIFF_BYTES, sniffMedia } from './sniff.js';

const ebml = (docType: string): Buffer =>
  mediaBytes(`\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\xf2\x81\x04\x42\xf3\x81\x08\x42\x82\x84${docType}`, 64);
const ogg = (codecHeader: string): Buffer => mediaBytes(`OggS\0\x02${'\0'.repeat(22)}\x01\x1e${codecHeader}`, 64);
const ftyp = (brand: string): Buffer => mediaBytes(`\0\0\0\x18ftyp${brand}\0\0\0\0`, 64);

describe('sniffMedia', () => {
  it.each([
    ['PNG', pngBytes(64), 'image/png', 'image'],
    ['JPEG', mediaBytes([0xff, 0xd8, 0xff, 0xe0], 64), 'image/jpeg', 'image'],
    ['GIF87a', mediaBytes('GIF87a', 64), 'image/gif', 'image'],
    ['GIF89a', mediaBytes('GIF89a', 64), 'image/gif', 'image'],
    ['WEBP', mediaBytes('RIFF\0\0\0\0WEBPVP8 ', 64), 'image/webp', 'image'],
    ['TIFF little-endian', mediaBytes([0x49, 0x49, 0x2a, 0x00], 64), 'image/tiff', 'image'],
    ['TIFF big-endian', mediaBytes([0x4d, 0x4d, 0x00, 0x2a], 64), 'image/tiff', 'image'],
    ['AVIF', ftyp('avif'), 'image/avif', 'image'],
    ['HEIC', ftyp('heic'), 'image/heic', 'image'],
    ['MP4', mp4Bytes(64), 'video/mp4', 'video'],
    ['MP4 (mp42)', ftyp('mp42'), 'video/mp4', 'video'],
    ['MOV', ftyp('qt  '), 'video/quicktime', 'video'],
    ['3GP', ftyp('3gp5'), 'video/3gpp', 'video'],
    ['3G2', ftyp('3g2a'), 'video/3gpp2', 'video'],
    ['M4A', ftyp('M4A '), 'audio/mp4', 'audio'],
    ['WEBM', ebml('webm'), 'video/webm', 'video'],
    ['MKV', ebml('matroska'), 'video/x-matroska', 'video'],
    ['AVI', mediaBytes('RIFF\0\0\0\0AVI LIST', 64), 'video/x-msvideo', 'video'],
    ['FLV', mediaBytes('FLV\x01\x05', 64), 'video/x-flv', 'video'],
    ['Ogg Theora', ogg('\x80theora'), 'video/ogg', 'video'],
    ['Ogg Vorbis', ogg('\x01vorbis'), 'audio/ogg', 'audio'],
    ['Ogg Opus', ogg('OpusHead'), 'audio/ogg', 'audio'],
    ['MP3 with ID3', mediaBytes('ID3\x04\0\0', 64), 'audio/mpeg', 'audio'],
    ['MP3 frame (MPEG-1 layer III, 128 kbps)', mediaBytes([0xff, 0xfb, 0x90, 0x64], 64), 'audio/mpeg', 'audio'],
    ['MP3 frame (MPEG-2 layer III)', mediaBytes([0xff, 0xf3, 0x48, 0xc4], 64), 'audio/mpeg', 'audio'],
    ['AAC ADTS', mediaBytes([0xff, 0xf1, 0x50, 0x80], 64), 'audio/aac', 'audio'],
    ['WAV', wavBytes(64), 'audio/wav', 'audio'],
    ['FLAC', mediaBytes('fLaC\0\0\0\x22', 64), 'audio/flac', 'audio'],
    ['AIFF', mediaBytes('FORM\0\0\0\0AIFFCOMM', 64), 'audio/aiff', 'audio'],
    ['Canon CR3 (raw photo, ftyp crx)', ftyp('crx '), 'image/x-canon-cr3', 'image'],
    ['QuickTime without ftyp, moov first', mediaBytes('\0\0\x05\x02moov\0\0\0\x6cmvhd', 64), 'video/quicktime', 'video'],
    ['QuickTime without ftyp, mdat first', mediaBytes('\0\0\x59\xb6mdat', 64), 'video/quicktime', 'video'],
    ['QuickTime without ftyp, wide first', mediaBytes('\0\0\0\x08wide\0\0\x59\xb6mdat', 64), 'video/quicktime', 'video'],
    ['QuickTime without ftyp, free first', mediaBytes('\0\0\0\x08free', 64), 'video/quicktime', 'video'],
    ['QuickTime without ftyp, skip first', mediaBytes('\0\0\0\x08skip', 64), 'video/quicktime', 'video'],
    ['QuickTime without ftyp, pnot first', mediaBytes('\0\0\0\x14pnot', 64), 'video/quicktime', 'video'],
  ])('recognises %s', (_name, bytes, mime, kind) => {
    expect(bytes.length).toBeLessThanOrEqual(SNIFF_BYTES);
    expect(sniffMedia(bytes)).toEqual({ mime, kind });
  });

  it.each([
    ['empty', Buffer.alloc(0)],
    ['plain text', Buffer.from('hello, this is not media at all, just words')],
    ['HTML error page', Buffer.from('<!doctype html><title>404</title>')],
    ['truncated PNG signature', Buffer.from([0x89, 0x50, 0x4e])],
    ['unknown RIFF form', mediaBytes('RIFF\0\0\0\0XXXX', 64)],
    ['frame sync with reserved MPEG version', mediaBytes([0xff, 0xeb, 0x90, 0x64], 64)],
    ['0xFF without frame sync', mediaBytes([0xff, 0x00, 0x90], 64)],
    ['frame sync with the invalid bitrate index', mediaBytes([0xff, 0xfb, 0xf0], 64)],
    ['ftyp box cut short', Buffer.from('\0\0\0\x18ftyp')],
  ])('returns undefined for %s', (_name, bytes) => {
    expect(sniffMedia(bytes)).toBeUndefined();
  });

  it('reads a Uint8Array view at a non-zero offset correctly', () => {
    const backing = Buffer.concat([Buffer.from('garbage!'), ebml('webm')]);
    const view = new Uint8Array(backing.buffer, backing.byteOffset + 8, 64);
    expect(sniffMedia(view)).toEqual({ mime: 'video/webm', kind: 'video' });
  });
});

describe('sniffMedia on the ffmpeg fixtures', () => {
  it.each(Object.keys(EXPECTED_MEDIA))('%s: its kind from 64 bytes agrees with file-type reading the file', async (name) => {
    const bytes = fixtureBytes(name);
    const reference = await fileTypeFromBuffer(bytes);
    expect(sniffMedia(bytes.subarray(0, SNIFF_BYTES))?.kind).toBe(reference?.mime.split('/')[0]);
  });
});

describe('assertKind', () => {
  it('passes when the content is of the expected kind', () => {
    expect(() => assertKind(pngBytes(64), 'image', 'a.png')).not.toThrow();
    expect(() => assertKind(mp4Bytes(64), 'video', 'a.mp4')).not.toThrow();
    expect(() => assertKind(wavBytes(64), 'audio', 'a.wav')).not.toThrow();
  });

  it('throws UNSUPPORTED_FORMAT naming what it found', () => {
    const error = throwsWith(() => assertKind(pngBytes(64), 'video', 'scene.mp4'), ErrorCode.UNSUPPORTED_FORMAT);
    expect(error.details).toMatchObject({ expected: 'video', detected: 'image/png', filename: 'scene.mp4' });
  });

  it('throws UNSUPPORTED_FORMAT with "unknown" for unrecognised bytes', () => {
    const error = throwsWith(() => assertKind(Buffer.from('<html>'), 'image', 'x.png'), ErrorCode.UNSUPPORTED_FORMAT);
    expect(error.details).toMatchObject({ expected: 'image', detected: 'unknown' });
    expect(error.retryable).toBe(false);
  });
});
