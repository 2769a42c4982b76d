import { ValidationError, toPipelineError } from '@ad-pipeline/errors';
import type { DownloadItem, DownloadManyOptions, DownloadResult } from './types.js';
import { validateManyOptions } from '../option-checks.js';

/** Default of `concurrency`. */
export const DEFAULT_CONCURRENCY = 4;

/**
 * Runs `run` for every item with at most `concurrency` in flight and returns one result per item,
 * in input order: its path or its `PipelineError`. Item failures never reject the batch; only bad
 * arguments (not an array, invalid options) do, with `INVALID_INPUT`, before anything starts.
 */
export async function downloadAll(
  items: readonly DownloadItem[],
  options: DownloadManyOptions,
  run: (item: DownloadItem) => Promise<string>,
): Promise<DownloadResult[]> {
  validateManyOptions(options);
  if (!Array.isArray(items))
    throw new ValidationError('downloadAll: items must be an array', 'items');
  const results = new Array<DownloadResult>(items.length);
  let next = 0;
  // Each worker takes the next unclaimed index until none is left: a queue without a queue.
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      const item = items[index] as DownloadItem;
      try {
        results[index] = { ok: true, item, path: await run(item) };
      } catch (error) {
        results[index] = { ok: false, item, error: toPipelineError(error) };
      }
    }
  };
  const workers = Math.min(options.concurrency ?? DEFAULT_CONCURRENCY, items.length);
  await Promise.all(Array.from({ length: workers }, worker));
  return results;
}
