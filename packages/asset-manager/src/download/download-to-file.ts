import path from 'node:path';
import { commitTempFile, createTempPath, removeTempFile } from '../temp-files.js';
import { verifyAgainstExpect } from '../media/expectation.js';
import { assertChecksum, hashFile } from './checksum.js';
import { createNetworkContext, type NetworkContext } from './network-context.js';
import { transfer, type TransferState } from './transfer.js';
import type { DownloadOptions, DownloadTarget } from './types.js';
import { parseDownloadUrl } from './url-policy.js';
import { validateDownloadOptions } from '../option-checks.js';

/**
 * Downloads `url` to `target.finalPath`: streamed into a temp file beside it (memory stays flat),
 * checked (`maxBytes`, `kind`, `sha256`, length, `expect`), then renamed into place, so the final path holds
 * the whole file or nothing. Returns the final path. Every failure is a `PipelineError` and leaves
 * no temp file behind.
 */
export async function downloadToFile(
  url: string,
  target: DownloadTarget,
  options: DownloadOptions = {},
  ctx: NetworkContext = createNetworkContext(),
): Promise<string> {
  validateDownloadOptions(options);
  const parsed = parseDownloadUrl(url);
  const state: TransferState = { tempPath: createTempPath(target.dir), offset: 0, restarts: 0 };
  try {
    const result = await transfer(parsed, state, options, ctx, path.basename(target.finalPath));
    // A file that came in slices (206s) is hashed once whole.
    const digest =
      result.digest ?? (options.sha256 === undefined ? undefined : await hashFile(state.tempPath));
    assertChecksum(options.sha256, digest, parsed);
    await verifyAgainstExpect(state.tempPath, options.expect, path.basename(target.finalPath));
    await commitTempFile(state.tempPath, target.finalPath, state.identity);
    return target.finalPath;
  } catch (error) {
    await removeTempFile(state.tempPath);
    throw error;
  }
}
