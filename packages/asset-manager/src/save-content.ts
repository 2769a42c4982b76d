import type { Readable } from 'node:stream';
import { ErrorCode, PipelineError, ValidationError, toPipelineError } from '@ad-pipeline/errors';
import { AtomicFileWriter } from './atomic-file-writer.js';
import type { DownloadTarget } from './download/index.js';
import { describeValue } from './paths.js';
import { assertOptionalByteCount, assertOptionalKind, optionsRecord } from './option-checks.js';
import { assertKind, SNIFF_BYTES, type AssetKind } from './sniff.js';
import { assertMediaExpectation, verifyAgainstExpect, type MediaExpectation } from './media/index.js';

/** What `saveFile` accepts: bytes, a UTF-8 string, a Node readable stream or an async iterable of chunks. */
export type SaveContent = Uint8Array | string | Readable | AsyncIterable<Uint8Array | string>;

/** Options of `saveFile`. */
export interface SaveOptions {
  /** Largest accepted size in bytes; more is `FILE_TOO_LARGE` and nothing is saved. Default: no limit. */
  maxBytes?: number;
  /** Expected kind, checked on the first bytes; a mismatch is `UNSUPPORTED_FORMAT`. Default: not checked. */
  kind?: AssetKind;
  /** What the media must be (duration, aspect ratio, streams, …), probed before the file is kept; a mismatch is `ASSET_SPEC_MISMATCH` and nothing is saved. Default: not checked. */
  expect?: MediaExpectation;
}

const isAsyncIterable = (value: object): value is AsyncIterable<unknown> =>
  typeof (value as Partial<AsyncIterable<unknown>>)[Symbol.asyncIterator] === 'function';

/** Throws INVALID_INPUT unless `content` is one of the {@link SaveContent} shapes. */
export function assertSaveContent(content: unknown): asserts content is SaveContent {
  const ok =
    typeof content === 'string' ||
    content instanceof Uint8Array ||
    (typeof content === 'object' && content !== null && isAsyncIterable(content));
  if (!ok) {
    throw new ValidationError(
      'content must be a Uint8Array, a string, a readable stream or an async iterable of bytes',
      'content',
      { value: describeValue(content) },
    );
  }
}

/** Throws INVALID_INPUT unless `options` is a valid {@link SaveOptions}. */
export function assertSaveOptions(options: unknown): asserts options is SaveOptions {
  const { maxBytes, kind, expect } = optionsRecord(options);
  assertOptionalByteCount(maxBytes, 'maxBytes');
  assertOptionalKind(kind);
  assertMediaExpectation(expect);
}

interface StreamLike {
  on(event: 'error', listener: (error: unknown) => void): unknown;
  off(event: 'error', listener: (error: unknown) => void): unknown;
  destroy(error?: Error): unknown;
  destroyed?: boolean;
}

const isStreamLike = (content: unknown): content is StreamLike =>
  typeof content === 'object' &&
  content !== null &&
  ['on', 'off', 'destroy'].every((method) => typeof (content as Record<string, unknown>)[method] === 'function');

const ignoreError = (): void => undefined;

/**
 * Takes ownership of a stream `content` until the returned release function is called with the
 * outcome: an 'error' emitted before reading starts (while directories are prepared) no longer
 * crashes the process (iterating the stream rethrows it), and a failed save destroys the stream.
 */
export function adoptStream(content: SaveContent): (failed: boolean) => void {
  if (!isStreamLike(content)) return ignoreError;
  content.on('error', ignoreError);
  return (failed) => {
    content.off('error', ignoreError);
    if (failed && !content.destroyed) content.destroy();
  };
}

/** Normalises any {@link SaveContent} into byte chunks; a stream yielding anything else is INVALID_INPUT. */
async function* byteChunks(content: SaveContent): AsyncGenerator<Uint8Array> {
  if (typeof content === 'string') {
    yield Buffer.from(content, 'utf8');
    return;
  }
  if (content instanceof Uint8Array) {
    yield content;
    return;
  }
  for await (const chunk of content as AsyncIterable<unknown>) {
    if (typeof chunk === 'string') yield Buffer.from(chunk, 'utf8');
    else if (chunk instanceof Uint8Array) yield chunk;
    else throw new ValidationError('content stream yielded a chunk that is not bytes or a string', 'content');
  }
}

function fileTooLarge(maxBytes: number, filename: string): PipelineError {
  return new PipelineError(ErrorCode.FILE_TOO_LARGE, `${filename} is larger than ${maxBytes} bytes`, {
    maxBytes,
    filename,
  });
}

/**
 * Streams `content` into a temp file in `target.dir` and renames it to `target.finalPath`. Enforces
 * `maxBytes` while streaming (the source is stopped and destroyed) and checks `kind` on the first
 * {@link SNIFF_BYTES} bytes before anything is written. Any failure removes the temp file.
 */
export async function saveContent(
  content: SaveContent,
  target: DownloadTarget,
  filename: string,
  { maxBytes = Number.POSITIVE_INFINITY, kind, expect }: SaveOptions = {},
): Promise<void> {
  const writer = new AtomicFileWriter(target.dir);
  let size = 0;
  // Holds the first bytes until the kind is known; undefined once checked (or when not asked).
  let head: Uint8Array[] | undefined = kind === undefined ? undefined : [];
  const flushHead = async (chunks: Uint8Array[]): Promise<void> => {
    const bytes = Buffer.concat(chunks);
    assertKind(bytes, kind as AssetKind, filename);
    await writer.write(bytes);
  };
  try {
    for await (const chunk of byteChunks(content)) {
      size += chunk.byteLength;
      if (size > maxBytes) throw fileTooLarge(maxBytes, filename);
      if (head === undefined) {
        await writer.write(chunk);
        continue;
      }
      // Chunks kept across iterations are copied: a producer may reuse its buffer for the next chunk.
      head.push(size < SNIFF_BYTES ? Buffer.from(chunk) : chunk);
      if (size >= SNIFF_BYTES) {
        await flushHead(head);
        head = undefined;
      }
    }
    if (head !== undefined) await flushHead(head);
    await verifyAgainstExpect(writer.tempPath, expect, filename);
    await writer.commit(target.finalPath);
  } catch (error) {
    await writer.abort();
    throw toPipelineError(error);
  }
}
