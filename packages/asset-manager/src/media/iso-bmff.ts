import type { FileHandle } from 'node:fs/promises';
import { createFile, Log, MP4BoxBuffer, type ISOFile } from 'mp4box';
import { sumMovieFragments, type FragmentTotals } from './movie-fragments.js';
import type { StreamFacts } from './stream-facts.js';

/** Bytes read per step; mp4box asks for the next position, so `mdat` is skipped by seeking past it. */
const READ_BYTES = 64 * 1024;
/** Beyond this much header reading we stop: a `moov` this large is not a media file we can use. */
const MAX_HEADER_BYTES = 64 * 1024 * 1024;

/** ffprobe codec names of ISO sample-entry types (ISO/IEC 14496-12/-15, the MP4 registration authority). */
const CODEC_NAMES: Readonly<Record<string, string>> = {
  avc1: 'h264',
  avc3: 'h264',
  hvc1: 'hevc',
  hev1: 'hevc',
  av01: 'av1',
  vp08: 'vp8',
  vp09: 'vp9',
  mp4v: 'mpeg4',
  jpeg: 'mjpeg',
  mjpa: 'mjpeg',
  mjpb: 'mjpeg',
  apch: 'prores',
  apcn: 'prores',
  apcs: 'prores',
  apco: 'prores',
  ap4h: 'prores',
  mp4a: 'aac',
  '.mp3': 'mp3',
  Opus: 'opus',
  'ac-3': 'ac3',
  'ec-3': 'eac3',
  fLaC: 'flac',
  alac: 'alac',
  sowt: 'pcm_s16le',
  twos: 'pcm_s16be',
};

/** MPEG-4 objectTypeIndication values that are MP3 inside an `mp4a` entry (ISO/IEC 14496-1 table 5). */
const MP3_OBJECT_TYPES = new Set([0x69, 0x6b]);

interface Descriptor {
  tag?: number;
  oti?: number;
  data?: Uint8Array;
  findDescriptor?(tag: number): Descriptor | undefined;
}

interface SampleEntryLike {
  type: string;
  width?: number;
  height?: number;
  channel_count?: number;
  samplerate?: number;
  esds?: { esd?: Descriptor };
}

let quietLog = false;

/**
 * Reads the `moov` of an ISO base media file (MP4, MOV with or without `ftyp`, M4A, 3GP) with
 * mp4box, from wherever it is: the first 64 KiB, then only the positions mp4box asks for, so a
 * non-faststart file's `mdat` is stepped over, never read. Returns undefined when no `moov` is found.
 */
export async function readIsoBmff(
  handle: FileHandle,
  size: number,
): Promise<StreamFacts | undefined> {
  if (!quietLog) {
    // mp4box logs parse warnings to the console by default; errors still surface through onError.
    Log.setLogLevel(Log.error);
    quietLog = true;
  }
  const file = createFile(false);
  let failed = false;
  file.onError = () => {
    failed = true;
  };
  let position = 0;
  let readTotal = 0;
  while (file.moov === undefined && !failed && position < size && readTotal < MAX_HEADER_BYTES) {
    const length = Math.min(READ_BYTES, size - position);
    const bytes = new Uint8Array(length);
    const { bytesRead } = await handle.read(bytes, 0, length, position);
    if (bytesRead === 0) break;
    readTotal += bytesRead;
    const next = file.appendBuffer(
      MP4BoxBuffer.fromArrayBuffer(bytes.buffer.slice(0, bytesRead), position),
      position + bytesRead >= size,
    );
    // mp4box answers the next position it needs; anything not ahead of us means "the next bytes".
    position = next > position ? next : position + bytesRead;
  }
  if (file.moov === undefined) return undefined;
  // A fragmented file's moov describes only what precedes the first fragment (often nothing).
  const trexs = file.moov.mvex?.trexs ?? [];
  const fragments =
    file.moov.mvex === undefined
      ? new Map<number, FragmentTotals>()
      : await sumMovieFragments(
          handle,
          size,
          new Map(trexs.map((trex) => [trex.track_id, trex.default_sample_duration])),
        );
  return describeMovie(file, fragments);
}

function describeMovie(file: ISOFile, fragments: ReadonlyMap<number, FragmentTotals>): StreamFacts {
  const moov = file.moov as NonNullable<ISOFile['moov']>;
  const facts: StreamFacts = { hasVideo: false, hasAudio: false };
  let longestTrackSec = 0;
  for (const trak of moov.traks) {
    const { mdhd, hdlr } = trak.mdia;
    const fragment = fragments.get(trak.tkhd.track_id) ?? { samples: 0, ticks: 0 };
    const trackSec = mdhd.timescale > 0 ? (mdhd.duration + fragment.ticks) / mdhd.timescale : 0;
    longestTrackSec = Math.max(longestTrackSec, trackSec);
    const entry = trak.mdia.minf?.stbl?.stsd?.entries?.[0] as SampleEntryLike | undefined;
    if (entry === undefined) continue;
    if (hdlr.handler === 'vide' && !facts.hasVideo) {
      facts.hasVideo = true;
      facts.videoCodec = CODEC_NAMES[entry.type] ?? entry.type.trim();
      if (entry.width) facts.width = entry.width;
      if (entry.height) facts.height = entry.height;
      const samples = (trak.mdia.minf.stbl.stsz?.sample_count ?? 0) + fragment.samples;
      if (samples > 0 && trackSec > 0)
        facts.frameRate = Math.round((samples / trackSec) * 1000) / 1000;
    } else if (hdlr.handler === 'soun' && !facts.hasAudio) {
      facts.hasAudio = true;
      Object.assign(facts, describeAudioEntry(entry));
    }
  }
  const movieSec = moov.mvhd.timescale > 0 ? moov.mvhd.duration / moov.mvhd.timescale : 0;
  // Fragmented: the fragments are the movie (mvhd counts only the samples in moov).
  const durationSec =
    movieSec > 0 && fragments.size === 0 ? movieSec : Math.max(movieSec, longestTrackSec);
  if (durationSec > 0) facts.durationSec = durationSec;
  return facts;
}

function describeAudioEntry(entry: SampleEntryLike): Partial<StreamFacts> {
  const decoderConfig = entry.esds?.esd?.findDescriptor?.(4);
  const codec =
    entry.type === 'mp4a' &&
    decoderConfig?.oti !== undefined &&
    MP3_OBJECT_TYPES.has(decoderConfig.oti)
      ? 'mp3'
      : (CODEC_NAMES[entry.type] ?? entry.type.trim());
  const facts: Partial<StreamFacts> = { audioCodec: codec };
  if (entry.samplerate) facts.sampleRate = entry.samplerate;
  // The MP4 sample entry's channel count is a template field (ISO 14496-12 says 2); the real count
  // is the channelConfiguration of the AAC AudioSpecificConfig (ISO 14496-3 §1.6.2.1), as ffprobe reads it.
  const channels = aacChannels(decoderConfig?.findDescriptor?.(5)?.data) ?? entry.channel_count;
  if (channels) facts.channels = channels;
  return facts;
}

/** channelConfiguration (1–7 → 1–6, 8 channels) of an AudioSpecificConfig; undefined when it is 0 or absent. */
function aacChannels(config: Uint8Array | undefined): number | undefined {
  if (config === undefined || config.length < 2) return undefined;
  let bit = 5; // audioObjectType
  if ((config[0] as number) >> 3 === 31) bit += 6; // escape: 6 more bits of object type
  const read = (at: number, count: number): number => {
    let value = 0;
    for (let i = at; i < at + count; i++)
      value = (value << 1) | ((((config[i >> 3] ?? 0) as number) >> (7 - (i & 7))) & 1);
    return value;
  };
  const frequencyIndex = read(bit, 4);
  bit += frequencyIndex === 15 ? 4 + 24 : 4;
  const configuration = read(bit, 4);
  if (configuration === 0) return undefined;
  return configuration === 7 ? 8 : configuration <= 6 ? configuration : undefined;
}
