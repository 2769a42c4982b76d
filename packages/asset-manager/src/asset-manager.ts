import { lstat, readdir, rm, unlink, type FileHandle } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Dispatcher } from 'undici';
import { ErrorCode, PipelineError, ValidationError, toPipelineError } from '@ad-pipeline/errors';
import { ensureDirInsideJob, ensurePrivateJobRoot, resolveInsideJob } from './containment.js';
import { treeSize } from './disk-usage.js';
import {
  createNetworkContext,
  downloadAll,
  downloadToFile,
  downloadToFileWithRetry,
  type DownloadItem,
  type DownloadManyOptions,
  type DownloadOptions,
  type DownloadResult,
  type DownloadTarget,
  type DownloadWithRetryOptions,
  type NetworkContext,
} from './download/index.js';
import { parseDownloadUrl } from './download/url-policy.js';
import { isMissingPathError } from './errno.js';
import { digestFile, readHead, withRegularFile } from './file-digest.js';
import {
  assertFilename,
  assertJobId,
  assertSubdir,
  describeValue,
  SUBDIRS,
  type Subdir,
} from './paths.js';
import {
  adoptStream,
  assertSaveContent,
  assertSaveOptions,
  saveContent,
  type SaveContent,
  type SaveOptions,
} from './save-content.js';
import {
  assertOptionalByteCount,
  assertOptionalKind,
  optionsRecord,
  validateDownloadOptions,
  validateRetryOptions,
} from './option-checks.js';
import { sniffMedia, type AssetKind } from './sniff.js';
import {
  assertMediaExpectation,
  probeMedia,
  verifyAgainstExpect,
  type MediaExpectation,
  type MediaInfo,
} from './media/index.js';
import { sweepJobs, type SweepOptions, type SweepResult } from './sweep.js';

/** Options of `new AssetManager()`. */
export interface AssetManagerOptions {
  /** Parent directory of every job directory. Default: `path.join(os.tmpdir(), 'video_jobs')`. */
  baseDir?: string;
  /** SSRF guard: only these hosts may be downloaded from; listed hosts skip the address check. Default: any host. */
  allowHosts?: string[];
  /**
   * SSRF guard: refuse every non-public address (loopback, private, link-local, reserved, …) at connect
   * time, redirects included. Default: `true` since 0.2; `false` to reach e.g. a development server on loopback.
   */
  blockPrivateNetworks?: boolean;
  /** undici dispatcher for downloads (proxies, tests); requires `blockPrivateNetworks: false`. Default: a shared keep-alive agent. */
  dispatcher?: Dispatcher;
}

/** Options of `validateFile`. */
export interface ValidateFileOptions {
  /** Smallest acceptable size in bytes. Default: 100. */
  minSize?: number;
  /** Required kind, checked by magic bytes. Default: not checked. */
  kind?: AssetKind;
}

/** What `inspectFile` reports about a stored file. */
export interface FileInfo {
  /** Size in bytes. */
  size: number;
  /** Media type sniffed from the content; `application/octet-stream` when unrecognised. */
  mime: string;
  /** Asset kind sniffed from the content; undefined when unrecognised. */
  kind: AssetKind | undefined;
  /** Lowercase hex SHA-256 of the content. */
  sha256: string;
  /** What {@link probeMedia} reads from the container headers: duration, size, codecs, streams. */
  media: MediaInfo;
}

const UNKNOWN_MIME = 'application/octet-stream';

/** What reading an existing job file found. */
type ReadOutcome<T> =
  { status: 'read'; value: T } | { status: 'missing'; cause: unknown } | { status: 'not-regular' };

/** Runs `work`, turning anything it throws into a PipelineError (original kept as cause). */
async function asPipelineErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toPipelineError(error);
  }
}

function assertManagerOptions(options: unknown): asserts options is AssetManagerOptions {
  const { baseDir } = optionsRecord(options);
  if (
    baseDir !== undefined &&
    (typeof baseDir !== 'string' || baseDir.length === 0 || baseDir.includes('\0'))
  ) {
    throw new ValidationError('baseDir must be a non-empty path', 'baseDir', {
      value: describeValue(baseDir),
    });
  }
}

function assertValidateOptions(options: unknown): asserts options is ValidateFileOptions {
  const { minSize, kind } = optionsRecord(options);
  assertOptionalByteCount(minSize, 'minSize');
  assertOptionalKind(kind);
}

/**
 * One video job's files: `<baseDir>/<jobId>/{scenes,audio,final}/`. Every path it touches stays
 * inside the job directory (symlinks included), every write is atomic, every failure is a
 * PipelineError.
 */
export class AssetManager {
  /** The job id (1–128 of `[A-Za-z0-9._-]`, no leading dot). */
  readonly jobId: string;
  /** Absolute parent directory of all jobs. */
  readonly baseDir: string;
  /** Absolute directory of this job. */
  readonly jobDir: string;
  /** Absolute `scenes` directory of this job. */
  readonly scenesDir: string;
  /** Absolute `audio` directory of this job. */
  readonly audioDir: string;
  /** Absolute `final` directory of this job. */
  readonly finalDir: string;
  readonly #network: NetworkContext;

  /** Validates `jobId` and `options` (INVALID_INPUT, before any I/O); touches no file. */
  constructor(jobId: string, options: AssetManagerOptions = {}) {
    assertJobId(jobId);
    assertManagerOptions(options);
    this.jobId = jobId;
    this.baseDir = path.resolve(options.baseDir ?? path.join(os.tmpdir(), 'video_jobs'));
    this.jobDir = path.join(this.baseDir, jobId);
    this.scenesDir = path.join(this.jobDir, 'scenes');
    this.audioDir = path.join(this.jobDir, 'audio');
    this.finalDir = path.join(this.jobDir, 'final');
    const { allowHosts, blockPrivateNetworks, dispatcher } = options;
    this.#network = createNetworkContext({ allowHosts, blockPrivateNetworks, dispatcher });
  }

  /**
   * Removes stale job directories below `baseDir` and orphaned in-progress files left by crashes.
   * Never follows symlinks. See {@link SweepOptions} and {@link SweepResult}.
   */
  static sweep(baseDir: string, options: SweepOptions): Promise<SweepResult> {
    return asPipelineErrors(() => sweepJobs(baseDir, options));
  }

  /**
   * Creates the job directory and its subdirectories; idempotent and safe to run concurrently. Returns
   * `jobDir`. A missing base or job directory is created with mode 0700; an existing one that another
   * user owns or that group/others can write is PERMISSION_DENIED (nothing is created below it).
   */
  createJobDirectory(): Promise<string> {
    return asPipelineErrors(async () => {
      await ensurePrivateJobRoot(this.baseDir, this.jobDir);
      await Promise.all(
        SUBDIRS.map((subdir) => ensureDirInsideJob(this.#dirOf(subdir), this.jobDir)),
      );
      return this.jobDir;
    });
  }

  /** Absolute path of `filename` in `subdir` (or the job root). Validates names only; no I/O. */
  getFilePath(filename: string, subdir?: Subdir): string {
    assertFilename(filename);
    assertSubdir(subdir);
    return path.join(this.#dirOf(subdir), filename);
  }

  /**
   * Saves `content` atomically as `filename` in `subdir` (created if needed) and returns its absolute
   * path. A failed save leaves nothing behind (a stream given as content is destroyed); concurrent
   * saves of one name leave one whole version.
   */
  saveFile(
    content: SaveContent,
    filename: string,
    subdir?: Subdir,
    options: SaveOptions = {},
  ): Promise<string> {
    return asPipelineErrors(async () => {
      assertSaveContent(content);
      const release = adoptStream(content);
      try {
        assertSaveOptions(options);
        const target = await this.prepareTarget(filename, subdir);
        await saveContent(content, target, filename, options);
        release(false);
        return target.finalPath;
      } catch (error) {
        release(true);
        throw error;
      }
    });
  }

  /** Downloads `url` (http/https) atomically into `filename` in `subdir`; returns its absolute path. */
  async downloadFile(
    url: string,
    filename: string,
    subdir: Subdir | undefined = undefined,
    options: DownloadOptions = {},
  ): Promise<string> {
    return this.#download({ url, filename, subdir, options }, false);
  }

  /** {@link AssetManager.downloadFile} with retries, backoff, `Retry-After` and `Range` resume. */
  async downloadWithRetry(
    url: string,
    filename: string,
    subdir?: Subdir,
    options: DownloadWithRetryOptions = {},
  ): Promise<string> {
    return this.#download({ url, filename, subdir, options }, true);
  }

  /**
   * Downloads every item with a concurrency limit; one result (path or error) per item, in order.
   * Each distinct directory of the batch is checked (created if needed, private, inside the job)
   * once, when its first item starts, rather than once per file: the job's directories are
   * private to this user, so no other user can swap one while the batch runs.
   */
  downloadMany(items: DownloadItem[], options?: DownloadManyOptions): Promise<DownloadResult[]> {
    const resolved = options ?? {};
    const dirs = new Map<Subdir | undefined, Promise<string>>();
    const dirOf = (subdir: Subdir | undefined): Promise<string> => {
      let dir = dirs.get(subdir);
      if (dir === undefined) {
        const prepared = this.#prepareDir(subdir);
        // A failure is not kept for the batch: the next item of that directory tries again.
        prepared.catch(() => dirs.get(subdir) === prepared && dirs.delete(subdir));
        dirs.set(subdir, (dir = prepared));
      }
      return dir;
    };
    return downloadAll(items, resolved, (item) =>
      this.#download(item, resolved.retry !== false, dirOf),
    );
  }

  /**
   * One download into the job: bad input (options, URL, filename, subdir) fails with
   * `INVALID_INPUT` before any directory is created; `dirOf` prepares the directory.
   */
  async #download(
    { url, filename, subdir, options = {} }: DownloadItem,
    retry: boolean,
    dirOf = (dir: Subdir | undefined) => this.#prepareDir(dir),
  ): Promise<string> {
    if (retry) validateRetryOptions(options);
    else validateDownloadOptions(options);
    parseDownloadUrl(url);
    const target = await this.prepareTarget(filename, subdir, dirOf);
    return retry
      ? downloadToFileWithRetry(url, target, options, this.#network)
      : downloadToFile(url, target, options, this.#network);
  }

  /**
   * Absolute paths of the regular files directly in `subdir` (or the job root), sorted; in-progress
   * and other dot files, directories and symlinks are left out. A missing directory gives [].
   */
  listFiles(subdir?: Subdir): Promise<string[]> {
    return asPipelineErrors(async () => {
      assertSubdir(subdir);
      const dir = this.#dirOf(subdir);
      try {
        await resolveInsideJob(dir, this.jobDir);
      } catch (error) {
        if (isMissingPathError(error)) return [];
        throw error;
      }
      const entries = await readdir(dir, { withFileTypes: true });
      return entries
        .filter((entry) => entry.isFile() && !entry.name.startsWith('.'))
        .map((entry) => entry.name)
        .sort()
        .map((name) => path.join(dir, name));
    });
  }

  /**
   * Whether `filename` exists as a regular file of at least `minSize` bytes (and of `kind`, when
   * given). A missing file is `false`; bad names, bad options and paths leaving the job throw.
   */
  validateFile(
    filename: string,
    subdir?: Subdir,
    options: ValidateFileOptions = {},
  ): Promise<boolean> {
    return asPipelineErrors(async () => {
      assertValidateOptions(options);
      const { minSize = 100, kind } = options;
      const outcome = await this.#readExisting(filename, subdir, async (handle, size) => {
        if (size < minSize) return false;
        return kind === undefined || sniffMedia(await readHead(handle))?.kind === kind;
      });
      return outcome.status === 'read' && outcome.value;
    });
  }

  /** Size, sniffed media type and kind, SHA-256 (streamed; memory stays flat) and `media` (probed headers) of a stored file. */
  inspectFile(filename: string, subdir?: Subdir): Promise<FileInfo> {
    return asPipelineErrors(async () => {
      const outcome = await this.#readExisting(
        filename,
        subdir,
        async (handle, _size, realPath) => ({
          ...(await digestFile(handle)),
          media: await probeMedia(realPath),
        }),
      );
      if (outcome.status === 'missing') {
        throw new PipelineError(
          ErrorCode.STORAGE_ERROR,
          `${filename} does not exist`,
          { filename, subdir },
          {
            cause: outcome.cause,
            retryable: false,
          },
        );
      }
      if (outcome.status === 'not-regular') {
        throw new ValidationError(`${filename} is not a regular file`, 'filename', {
          filename,
          subdir,
        });
      }
      const { size, sha256, head, media } = outcome.value;
      const sniffed = sniffMedia(head);
      return { size, mime: sniffed?.mime ?? UNKNOWN_MIME, kind: sniffed?.kind, sha256, media };
    });
  }

  /**
   * Probes a stored file and checks it against `expect` (see {@link MediaExpectation}); returns its
   * {@link MediaInfo} when it matches. The file is only read: a mismatching file stays where it is.
   *
   * @throws PipelineError `ASSET_SPEC_MISMATCH` (details `expected`, `actual`, `media`) when it does not match;
   *   `INVALID_INPUT` for a bad name, subdir or expectation; `STORAGE_ERROR` when the file does not exist.
   */
  verifyFile(
    filename: string,
    subdir: Subdir | undefined,
    expect: MediaExpectation,
  ): Promise<MediaInfo> {
    return asPipelineErrors(async () => {
      if (expect === undefined) throw new ValidationError('expect must be an object', 'expect');
      assertMediaExpectation(expect);
      const outcome = await this.#readExisting(filename, subdir, (_handle, _size, realPath) =>
        verifyAgainstExpect(realPath, expect, filename),
      );
      if (outcome.status === 'missing') {
        throw new PipelineError(
          ErrorCode.STORAGE_ERROR,
          `${filename} does not exist`,
          { filename, subdir },
          { cause: outcome.cause, retryable: false },
        );
      }
      if (outcome.status === 'not-regular') {
        throw new ValidationError(`${filename} is not a regular file`, 'filename', {
          filename,
          subdir,
        });
      }
      return outcome.value as MediaInfo;
    });
  }

  /** Total bytes of the regular files in the job tree (symlinks not followed); 0 when the job does not exist. */
  getDiskUsage(): Promise<number> {
    return asPipelineErrors(() => treeSize(this.jobDir));
  }

  /**
   * Removes this job's directory and everything in it; idempotent. Symlinks inside are removed, not
   * followed; if `jobDir` itself is a symlink, only the link is removed.
   */
  cleanup(): Promise<void> {
    return asPipelineErrors(async () => {
      let isLink: boolean;
      try {
        isLink = (await lstat(this.jobDir)).isSymbolicLink();
      } catch (error) {
        if (isMissingPathError(error)) return;
        throw error;
      }
      if (!isLink) {
        await rm(this.jobDir, { recursive: true, force: true });
        return;
      }
      try {
        await unlink(this.jobDir);
      } catch (error) {
        // A concurrent cleanup got there first: the wanted state.
        if (!isMissingPathError(error)) throw error;
      }
    });
  }

  /**
   * Validates `filename` and `subdir` (INVALID_INPUT before any I/O), creates the directory if needed,
   * checks that it resolves inside the job (symlinks included) and returns where a write must land.
   */
  private async prepareTarget(
    filename: string,
    subdir?: Subdir,
    dirOf = (dir: Subdir | undefined) => this.#prepareDir(dir),
  ): Promise<DownloadTarget> {
    return asPipelineErrors(async () => {
      assertFilename(filename);
      assertSubdir(subdir);
      const dir = await dirOf(subdir);
      return { dir, finalPath: path.join(dir, filename) };
    });
  }

  /** Creates `subdir` (or the job root) if needed and checks it is private and inside the job; returns its path. */
  async #prepareDir(subdir: Subdir | undefined): Promise<string> {
    return asPipelineErrors(async () => {
      const dir = this.#dirOf(subdir);
      await ensureDirInsideJob(dir, this.jobDir, this.baseDir);
      return dir;
    });
  }

  /**
   * Opens an existing file of the job for reading (after checking that it, and any symlink to it,
   * stays inside the job) and runs `use` on it. A file missing at any step, races included, is
   * reported as `missing` rather than thrown.
   */
  async #readExisting<T>(
    filename: string,
    subdir: Subdir | undefined,
    use: (handle: FileHandle, size: number, realPath: string) => Promise<T>,
  ): Promise<ReadOutcome<T>> {
    const filePath = this.getFilePath(filename, subdir);
    try {
      const realPath = await resolveInsideJob(filePath, this.jobDir);
      const value = await withRegularFile(realPath, (handle, size) => use(handle, size, realPath));
      return value === undefined ? { status: 'not-regular' } : { status: 'read', value };
    } catch (error) {
      if (isMissingPathError(error)) return { status: 'missing', cause: error };
      throw error;
    }
  }

  #dirOf(subdir: Subdir | undefined): string {
    return subdir === undefined ? this.jobDir : path.join(this.jobDir, subdir);
  }
}
