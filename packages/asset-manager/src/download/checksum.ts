import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { toPipelineError } from '@ad-pipeline/errors';
import { permanentDownloadError } from './download-errors.js';

/** Hex SHA-256 of a file, read as a stream (for a resumed download, whose bytes came in pieces). */
export async function hashFile(filePath: string): Promise<string> {
  const hash = createHash('sha256');
  try {
    await pipeline(createReadStream(filePath, { highWaterMark: 1024 * 1024 }), hash);
  } catch (error) {
    throw toPipelineError(error);
  }
  return hash.digest('hex');
}

/** Throws a non-retryable `ASSET_DOWNLOAD_FAILED` when the digest differs from the expected one. */
export function assertChecksum(
  expected: string | undefined,
  actual: string | undefined,
  url: URL,
): void {
  if (expected === undefined || actual === expected.toLowerCase()) return;
  throw permanentDownloadError('checksum-mismatch', 'Download failed: SHA-256 mismatch', url, {
    expected,
    actual,
  });
}
