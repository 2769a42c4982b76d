import { parseFromTokenizer, type IFormat } from 'music-metadata';
import { fromFile } from 'strtok3';
import type { StreamFacts } from './stream-facts.js';

/**
 * Formats whose duration is only known by walking every frame or page (ADTS AAC has no index; an
 * Ogg stream's length is its last page's granule position). music-metadata walks them, seeking
 * over the payloads, only up to this size; a larger file of these formats has no `durationSec`.
 */
export const SCAN_FOR_DURATION_MAX_BYTES = 64 * 1024 * 1024;
const SCANNED_FOR_DURATION = new Set(['aac', 'ogg']);

/** ffprobe names of music-metadata's codec labels (lower-cased). */
const CODEC_NAMES: Readonly<Record<string, string>> = {
  'mpeg 1 layer 3': 'mp3',
  'mpeg 2 layer 3': 'mp3',
  'mpeg 2.5 layer 3': 'mp3',
  'mpeg 1 layer 2': 'mp2',
  'mpeg 2 layer 2': 'mp2',
  aac: 'aac',
  'mpeg-4/aac': 'aac',
  'vorbis i': 'vorbis',
  vorbis: 'vorbis',
  opus: 'opus',
  flac: 'flac',
  vp8: 'vp8',
  vp9: 'vp9',
  av1: 'av1',
  'mpeg4/iso/avc': 'h264',
  'mpeg4/iso/hevc': 'hevc',
};

const codecName = (label: string | undefined): string | undefined =>
  label === undefined ? undefined : (CODEC_NAMES[label.toLowerCase()] ?? label.toLowerCase());

/** PCM in WAV, named as ffprobe does: `pcm_s16le`, `pcm_u8`, `pcm_f32le`, … */
function pcmName(format: IFormat): string {
  const bits = format.bitsPerSample ?? 16;
  if (format.codec?.toLowerCase().includes('float')) return `pcm_f${bits}le`;
  return bits === 8 ? 'pcm_u8' : `pcm_s${bits}le`;
}

/**
 * Reads WebM/Matroska, MP3, WAV, ADTS AAC, Ogg and FLAC headers with music-metadata (cover art
 * skipped) over a random-access file tokenizer. `container` is the format file-type found (our
 * name, which is also its usual extension): music-metadata picks its parser by the file name's
 * extension first, so a `voice.mp3` holding Ogg, or an in-progress `.part` file, is read as what
 * its content is.
 */
export async function readTaggedContainer(
  path: string,
  container: string,
  size: number,
): Promise<StreamFacts> {
  const tokenizer = await fromFile(path);
  let format: IFormat;
  try {
    tokenizer.fileInfo.path = `content.${container}`;
    ({ format } = await parseFromTokenizer(tokenizer, {
      duration: SCANNED_FOR_DURATION.has(container) && size <= SCAN_FOR_DURATION_MAX_BYTES,
      skipCovers: true,
    }));
  } finally {
    await tokenizer.close();
  }
  const tracks = format.trackInfo ?? [];
  const video = tracks.find((track) => track.video !== undefined);
  const audio = tracks.find((track) => track.audio !== undefined);
  const facts: StreamFacts = {
    hasVideo: video !== undefined || format.hasVideo === true,
    hasAudio: audio !== undefined || format.hasAudio === true || format.codec !== undefined,
  };
  if (format.duration !== undefined && format.duration > 0) facts.durationSec = format.duration;
  const width = video?.video?.pixelWidth ?? video?.video?.displayWidth;
  const height = video?.video?.pixelHeight ?? video?.video?.displayHeight;
  if (width) facts.width = width;
  if (height) facts.height = height;
  const videoCodec = codecName(video?.codecName);
  if (videoCodec) facts.videoCodec = videoCodec;
  if (facts.hasAudio) {
    const audioCodec =
      container === 'wav' && format.codec === 'PCM'
        ? pcmName(format)
        : codecName(audio?.codecName ?? format.codec);
    if (audioCodec) facts.audioCodec = audioCodec;
    const sampleRate = audio?.audio?.samplingFrequency ?? format.sampleRate;
    const channels = audio?.audio?.channels ?? format.numberOfChannels;
    if (sampleRate) facts.sampleRate = sampleRate;
    if (channels) facts.channels = channels;
  }
  return facts;
}
