import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, inflateSync } from 'node:zlib';

/** The generator, run as its CLI (it is plain ESM; this suite runs under CommonJS Jest). */
const GENERATOR = join(__dirname, '..', '..', '..', 'tools', 'sample-media', 'generate.mjs');

interface Chunk {
  type: string;
  data: Buffer;
  crcOk: boolean;
}

function pngChunks(png: Buffer): Chunk[] {
  const chunks: Chunk[] = [];
  for (let offset = 8; offset < png.length;) {
    const length = png.readUInt32BE(offset);
    const typeAndData = png.subarray(offset + 4, offset + 8 + length);
    chunks.push({
      type: typeAndData.subarray(0, 4).toString('latin1'),
      data: typeAndData.subarray(4),
      crcOk: crc32(typeAndData) === png.readUInt32BE(offset + 8 + length),
    });
    offset += 12 + length;
  }
  return chunks;
}

function mp4Boxes(mp4: Buffer): { type: string; size: number }[] {
  const boxes: { type: string; size: number }[] = [];
  for (let offset = 0; offset < mp4.length;) {
    const size = mp4.readUInt32BE(offset);
    if (size < 8) throw new Error(`bad box size ${size} at ${offset}`);
    boxes.push({ type: mp4.subarray(offset + 4, offset + 8).toString('latin1'), size });
    offset += size;
  }
  return boxes;
}

describe('tools/sample-media/generate.mjs', () => {
  let outDir: string;
  beforeAll(async () => {
    outDir = await mkdtemp(join(tmpdir(), 'sample-media-'));
    const run = spawnSync(process.execPath, [GENERATOR, outDir], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stdout.trim().split('\n')).toEqual(
      ['sample.png', 'sample.mp4', 'sample.wav'].map((name) => join(outDir, name)),
    );
  });
  afterAll(async () => {
    await rm(outDir, { recursive: true, force: true });
  });

  test('writes the three files', async () => {
    expect((await readdir(outDir)).sort()).toEqual(['sample.mp4', 'sample.png', 'sample.wav']);
  });

  test('sample.png is a valid PNG: signature, CRC-checked IHDR/IDAT/IEND, pixels that inflate to the declared size', async () => {
    const png = await readFile(join(outDir, 'sample.png'));
    expect(png.subarray(0, 8)).toEqual(
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    );
    const chunks = pngChunks(png);
    expect(chunks.map((chunk) => chunk.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
    expect(chunks.every((chunk) => chunk.crcOk)).toBe(true);
    const ihdr = (chunks[0] as Chunk).data;
    const [width, height] = [ihdr.readUInt32BE(0), ihdr.readUInt32BE(4)];
    expect(width / height).toBeCloseTo(9 / 16, 2);
    expect([ihdr[8], ihdr[9]]).toEqual([8, 2]); // 8-bit RGB
    expect(inflateSync((chunks[1] as Chunk).data).length).toBe(height * (1 + width * 3));
  });

  test('sample.wav is 16-bit PCM mono whose sizes match the file, holding a sine tone', async () => {
    const wav = await readFile(join(outDir, 'sample.wav'));
    expect(wav.toString('latin1', 0, 4)).toBe('RIFF');
    expect(wav.readUInt32LE(4)).toBe(wav.length - 8);
    expect(wav.toString('latin1', 8, 16)).toBe('WAVEfmt ');
    expect([wav.readUInt16LE(20), wav.readUInt16LE(22), wav.readUInt16LE(34)]).toEqual([1, 1, 16]);
    const sampleRate = wav.readUInt32LE(24);
    expect(wav.readUInt32LE(28)).toBe(sampleRate * 2);
    expect(wav.toString('latin1', 36, 40)).toBe('data');
    expect(wav.readUInt32LE(40)).toBe(wav.length - 44);
    const samples = Array.from({ length: 200 }, (_, i) => wav.readInt16LE(44 + i * 2));
    expect(Math.max(...samples)).toBeGreaterThan(5000);
    expect(Math.min(...samples)).toBeLessThan(-5000);
  });

  test('sample.mp4 is an ISO BMFF file: ftyp (isom), moov with mvhd, mdat; box sizes cover the file exactly', async () => {
    const mp4 = await readFile(join(outDir, 'sample.mp4'));
    const boxes = mp4Boxes(mp4);
    expect(boxes.map((box) => box.type)).toEqual(['ftyp', 'moov', 'mdat']);
    expect(boxes.reduce((sum, box) => sum + box.size, 0)).toBe(mp4.length);
    expect(mp4.toString('latin1', 8, 12)).toBe('isom');
    const moovStart = (boxes[0] as { size: number }).size;
    expect(mp4.toString('latin1', moovStart + 12, moovStart + 16)).toBe('mvhd');
    expect((boxes[2] as { size: number }).size).toBeGreaterThan(100_000);
  });

  test('the CLI without an output directory prints its usage and exits 2', () => {
    const run = spawnSync(process.execPath, [GENERATOR], { encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('Usage: node tools/sample-media/generate.mjs <outDir>');
  });
});
