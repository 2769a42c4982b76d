import { mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import fc from 'fast-check';
import { AssetManager, type Subdir } from '@ad-pipeline/asset-manager';
import { ErrorCode, isPipelineError } from '@ad-pipeline/errors';
import { makeTempDir, walkFiles, type TempDir } from '../src/index.js';

const RUNS = 1000;
const CONTENT = Buffer.from('harness');

/** The spec's job id rule: 1–128 of `[A-Za-z0-9._-]`, not starting with a dot. */
function isValidJobId(jobId: string): boolean {
  return /^[A-Za-z0-9._-]{1,128}$/.test(jobId) && !jobId.startsWith('.');
}

/**
 * The spec's filename rule: 1–255 UTF-8 bytes, no `/`, `\`, NUL or control characters, not starting
 * with a dot (so not `.`/`..`). Lone surrogates are refused too: UTF-8 cannot store them as given.
 */
function isValidFilename(name: string): boolean {
  const bytes = Buffer.byteLength(name, 'utf8');
  return (
    bytes >= 1 &&
    bytes <= 255 &&
    !/[/\\\p{Cc}\p{Cs}]/u.test(name) &&
    // Bidirectional controls and leading/trailing white space (names that display as another).
    !/[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u.test(name) &&
    name.trim() === name &&
    !name.startsWith('.')
  );
}

const hostile = ['..', '.', '/', '\\', '\0', '\n', '\u0085', '%2e', '~', ' ', 'é', '\u202e', ':', '*', 'scenes', 'a', '.mp4', '\ud800'];
function pathLike(extra: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    fc.string({ unit: 'binary', maxLength: 24 }),
    fc.string({ unit: 'grapheme', minLength: 60, maxLength: 140 }),
    fc.array(fc.constantFrom(...hostile), { minLength: 1, maxLength: 8 }).map((parts) => parts.join('')),
    fc.constantFrom(...extra),
  );
}
const jobIds = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9._-]{1,130}$/),
  pathLike(['../base', 'a/b', '..', '.', '.job', 'x'.repeat(128), 'x'.repeat(129), 'job-1', '']),
);
const filenames = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9._ -]{1,40}$/),
  pathLike(['../escape', '..\\escape', '/etc/passwd', '....//x', 'scenes/../../x', '.hidden', '.tmp-0.part', 'x'.repeat(255), 'x'.repeat(256), 'é'.repeat(127) + 'x', 'é'.repeat(128)]),
);
const subdirs = fc.constantFrom<Subdir | undefined>('scenes', 'audio', 'final', undefined);

let temp: TempDir;
beforeAll(async () => {
  temp = await makeTempDir('property-paths');
});
afterAll(() => temp.remove());

describe('property: job ids and filenames', () => {
  test(`random job ids and filenames never write outside the job; accepted or INVALID_INPUT (${RUNS} runs)`, async () => {
    const base = join(temp.path, 'base');
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(jobIds, filenames, subdirs, async (jobId, filename, subdir) => {
        await rm(base, { recursive: true, force: true });
        await mkdir(base);
        let saved: string | undefined;
        let jobDir: string | undefined;
        try {
          const manager = new AssetManager(jobId, { baseDir: base });
          jobDir = manager.jobDir;
          saved = await manager.saveFile(CONTENT, filename, subdir);
        } catch (error) {
          expect(isPipelineError(error)).toBe(true);
          expect((error as { code: string }).code).toBe(ErrorCode.INVALID_INPUT);
        }
        // Whatever happened, the only file anywhere under the temp root is the one just saved.
        expect(await walkFiles(temp.path)).toEqual(saved === undefined ? [] : [saved]);
        expect(saved !== undefined).toBe(isValidJobId(jobId) && isValidFilename(filename));
        if (saved !== undefined && jobDir !== undefined) {
          accepted++;
          expect(relative(jobDir, saved).split(sep)).toEqual(subdir === undefined ? [filename] : [subdir, filename]);
          expect(await readFile(saved)).toEqual(CONTENT);
        }
      }),
      { numRuns: RUNS },
    );
    expect(accepted).toBeGreaterThan(RUNS / 10);
  });

  test('a subdirectory symlinked outside the job is refused and nothing lands outside', async () => {
    const base = join(temp.path, 'symlinked');
    const outside = join(temp.path, 'outside');
    await mkdir(outside, { recursive: true });
    const manager = new AssetManager('job', { baseDir: base });
    await mkdir(manager.jobDir, { recursive: true });
    await symlink(outside, manager.scenesDir);
    await expect(manager.saveFile(CONTENT, 'escape.png', 'scenes')).rejects.toMatchObject({ code: ErrorCode.INVALID_INPUT });
    expect(await walkFiles(outside)).toEqual([]);
  });

  test('a file symlinked outside the job is replaced, never written through', async () => {
    const base = join(temp.path, 'file-link');
    const victim = join(temp.path, 'victim.txt');
    const manager = new AssetManager('job', { baseDir: base });
    await manager.createJobDirectory();
    await rm(victim, { force: true });
    await writeFile(victim, 'original');
    await symlink(victim, join(manager.scenesDir, 'link.png'));
    await manager.saveFile(CONTENT, 'link.png', 'scenes').catch((error: unknown) => {
      expect((error as { code: string }).code).toBe(ErrorCode.INVALID_INPUT);
    });
    expect(await readFile(victim, 'utf8')).toBe('original');
  });
});
