import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { ValidationError, toPipelineError } from '@ad-pipeline/errors';
import { readHead } from '../file-digest.js';
import { sniffMedia, type AssetKind } from '../sniff.js';
import { reduceAspectRatio } from './aspect-ratio.js';
import type { StreamFacts } from './stream-facts.js';
import type { MediaInfo } from './types.js';

type ContainerParsers = typeof import('./container-parsers.js');
let containerParsers: Promise<ContainerParsers> | undefined;
/**
 * file-type, mp4box, music-metadata and image-size load on the first probe, not with the package:
 * together they added ~0.1 s of start-up to every process importing it, most of which never probes
 * (`apps/harness/test/startup-imports.spec.ts` checks what an import loads).
 */
function loadContainerParsers(): Promise<ContainerParsers> {
  containerParsers ??= import('./container-parsers.js');
  return containerParsers;
}

const UNKNOWN_MIME = 'application/octet-stream';
// Non-blocking so a FIFO cannot hang the open; it is refused right after as not a regular file.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** Our container names for file-type's extensions where they differ. */
const CONTAINER_OF_EXT: Readonly<Record<string, string>> = {
  jpg: 'jpeg',
  mkv: 'matroska',
  oga: 'ogg',
  ogv: 'ogg',
  ogx: 'ogg',
  opus: 'ogg',
  spx: 'ogg',
  tif: 'tiff',
};

/** ISO base media (ISO/IEC 14496-12) and QuickTime: read with mp4box. */
const ISO_BMFF = new Set([
  'mp4',
  'mov',
  'm4a',
  'm4v',
  'm4b',
  'm4p',
  '3gp',
  '3g2',
  'f4v',
  'f4a',
  'f4b',
  'f4p',
]);
/** Read with music-metadata. */
const TAGGED = new Set([
  'webm',
  'matroska',
  'mp3',
  'wav',
  'aac',
  'ogg',
  'flac',
  'aiff',
  'mpc',
  'wv',
  'ape',
  'asf',
  'wma',
]);
/** Stills read with image-size. */
const IMAGES = new Set([
  'png',
  'jpeg',
  'webp',
  'gif',
  'bmp',
  'tiff',
  'avif',
  'heic',
  'ico',
  'psd',
  'svg',
  'jxl',
  'j2c',
  'jp2',
]);

interface Detected {
  mime: string;
  container: string;
}

const kindOfMime = (mime: string): AssetKind | undefined => {
  const top = mime.split('/')[0];
  return top === 'video' || top === 'audio' || top === 'image' ? top : undefined;
};

/**
 * Describes a media file from its container headers, never reading it whole: file-type names the
 * format; mp4box reads an MP4/MOV/M4A `moov` wherever it is (seeking past `mdat`; QuickTime without
 * `ftyp` included); music-metadata reads WebM, MP3, WAV, AAC, Ogg and FLAC; image-size reads the
 * stills. A file none of them understands is reported with `kind` undefined and no streams; a
 * damaged file with what its name-giving bytes say (its streams unknown). See {@link MediaInfo}.
 *
 * @throws PipelineError when the file cannot be opened or read (`STORAGE_ERROR`, `PERMISSION_DENIED`, …);
 *   `INVALID_INPUT` for a directory, FIFO, socket or device.
 */
export async function probeMedia(path: string): Promise<MediaInfo> {
  let handle: FileHandle;
  try {
    handle = await open(path, OPEN_FLAGS);
  } catch (error) {
    throw toPipelineError(error);
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw new ValidationError(`${path} is not a regular file`, 'path');
    const { size } = stats;
    const parsers = await loadContainerParsers();
    const detected = await detect(parsers, path, handle);
    const facts =
      detected === undefined
        ? undefined
        : await readStreams(parsers, path, handle, size, detected.container);
    return describe(detected, facts);
  } catch (error) {
    throw toPipelineError(error);
  } finally {
    await handle.close();
  }
}

async function detect(
  { fileTypeFromFile }: ContainerParsers,
  path: string,
  handle: FileHandle,
): Promise<Detected | undefined> {
  const found = await fileTypeFromFile(path);
  if (found !== undefined)
    return { mime: found.mime, container: CONTAINER_OF_EXT[found.ext] ?? found.ext };
  // file-type knows QuickTime without ftyp only by `moov`/`mdat`/`wide`/`free`; `skip`/`pnot` come from our sniff.
  const sniffed = sniffMedia(await readHead(handle));
  if (sniffed?.mime === 'video/quicktime') return { mime: sniffed.mime, container: 'mov' };
  return undefined;
}

/** Stream facts from the right parser; undefined when the file is damaged or not what its first bytes claim. */
async function readStreams(
  { readIsoBmff, readTaggedContainer, readImageDimensions }: ContainerParsers,
  path: string,
  handle: FileHandle,
  size: number,
  container: string,
): Promise<StreamFacts | undefined> {
  try {
    if (ISO_BMFF.has(container)) return await readIsoBmff(handle, size);
    if (TAGGED.has(container)) return await readTaggedContainer(path, container, size);
    if (IMAGES.has(container)) return await readImageDimensions(path);
  } catch {
    // A parser's complaint about damaged content: the file is reported by its type, streams unknown.
  }
  return undefined;
}

function describe(detected: Detected | undefined, facts: StreamFacts | undefined): MediaInfo {
  const mime = detected?.mime ?? UNKNOWN_MIME;
  const hasVideo = facts?.hasVideo ?? false;
  const hasAudio = facts?.hasAudio ?? false;
  const kind: AssetKind | undefined = hasVideo ? 'video' : hasAudio ? 'audio' : kindOfMime(mime);
  const info: MediaInfo = {
    container: detected?.container ?? 'unknown',
    mime,
    kind,
    hasVideo,
    hasAudio,
  };
  if (facts === undefined) return info;
  Object.assign(info, facts);
  if (info.durationSec !== undefined) info.durationSec = Math.round(info.durationSec * 1000) / 1000;
  if (info.width !== undefined && info.height !== undefined) {
    const ratio = reduceAspectRatio(info.width, info.height);
    if (ratio !== undefined) info.aspectRatio = ratio;
  }
  return info;
}
