import type { FileHandle } from 'node:fs/promises';

/** A `moof` larger than this is not read (real ones are a few KiB). */
const MAX_MOOF_BYTES = 16 * 1024 * 1024;
/** Top-level boxes walked at most (a 1 GiB file of 1 s fragments has a few thousand). */
const MAX_TOP_LEVEL_BOXES = 200_000;

/** Samples and their total duration (in the track's timescale) that a file's movie fragments add to a track. */
export interface FragmentTotals {
  samples: number;
  ticks: number;
}

/**
 * Sums the `trun` sample durations of every movie fragment (`moof`, ISO/IEC 14496-12 §8.8) per
 * track id, walking only the top-level box headers and reading each `moof` (never an `mdat`).
 * `defaultDurations` are the `trex` defaults per track, used when neither `tfhd` nor `trun` gives one.
 */
export async function sumMovieFragments(
  handle: FileHandle,
  size: number,
  defaultDurations: ReadonlyMap<number, number>,
): Promise<Map<number, FragmentTotals>> {
  const totals = new Map<number, FragmentTotals>();
  const header = Buffer.alloc(16);
  let position = 0;
  for (let boxes = 0; position + 8 <= size && boxes < MAX_TOP_LEVEL_BOXES; boxes++) {
    const { bytesRead } = await handle.read(header, 0, 16, position);
    if (bytesRead < 8) break;
    let boxSize = header.readUInt32BE(0);
    let headerSize = 8;
    if (boxSize === 1) {
      if (bytesRead < 16) break;
      boxSize = Number(header.readBigUInt64BE(8));
      headerSize = 16;
    } else if (boxSize === 0) {
      boxSize = size - position;
    }
    if (boxSize < headerSize) break;
    if (header.toString('latin1', 4, 8) === 'moof' && boxSize <= MAX_MOOF_BYTES) {
      const moof = Buffer.alloc(boxSize - headerSize);
      const read = await handle.read(moof, 0, moof.length, position + headerSize);
      addFragment(moof.subarray(0, read.bytesRead), defaultDurations, totals);
    }
    position += boxSize;
  }
  return totals;
}

/** Children of a box payload as `[type, payload]`; stops at the first malformed size. */
function* children(payload: Buffer): Generator<[string, Buffer]> {
  for (let at = 0; at + 8 <= payload.length;) {
    const size = payload.readUInt32BE(at);
    if (size < 8 || at + size > payload.length) return;
    yield [payload.toString('latin1', at + 4, at + 8), payload.subarray(at + 8, at + size)];
    at += size;
  }
}

function addFragment(
  moof: Buffer,
  defaults: ReadonlyMap<number, number>,
  totals: Map<number, FragmentTotals>,
): void {
  for (const [type, traf] of children(moof)) {
    if (type !== 'traf') continue;
    let trackId: number | undefined;
    let defaultDuration: number | undefined;
    for (const [childType, box] of children(traf)) {
      if (childType === 'tfhd' && box.length >= 8) {
        const flags = box.readUInt32BE(0) & 0xffffff;
        trackId = box.readUInt32BE(4);
        // Optional fields in order: base-data-offset (8), sample-description-index (4), default-sample-duration (4).
        const at = 8 + (flags & 0x01 ? 8 : 0) + (flags & 0x02 ? 4 : 0);
        defaultDuration =
          flags & 0x08 && box.length >= at + 4 ? box.readUInt32BE(at) : defaults.get(trackId);
      } else if (childType === 'trun' && trackId !== undefined) {
        const run = sumRun(box, defaultDuration ?? 0);
        const total = totals.get(trackId) ?? { samples: 0, ticks: 0 };
        total.samples += run.samples;
        total.ticks += run.ticks;
        totals.set(trackId, total);
      }
    }
  }
}

/** Sample count and summed durations of one `trun` (§8.8.8). */
function sumRun(box: Buffer, defaultDuration: number): FragmentTotals {
  if (box.length < 8) return { samples: 0, ticks: 0 };
  const flags = box.readUInt32BE(0) & 0xffffff;
  const samples = box.readUInt32BE(4);
  if (!(flags & 0x100)) return { samples, ticks: samples * defaultDuration };
  let at = 8 + (flags & 0x01 ? 4 : 0) + (flags & 0x04 ? 4 : 0);
  const stride = 4 * [0x100, 0x200, 0x400, 0x800].filter((bit) => flags & bit).length;
  let ticks = 0;
  for (let i = 0; i < samples && at + 4 <= box.length; i++, at += stride)
    ticks += box.readUInt32BE(at);
  return { samples, ticks };
}
