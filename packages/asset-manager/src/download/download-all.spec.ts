import { isPipelineError } from '@ad-pipeline/errors';
import { downloadAll } from './download-all.js';
import type { DownloadItem } from './types.js';

const items = (count: number): DownloadItem[] =>
  Array.from({ length: count }, (_, index) => ({
    url: `http://example.test/${index}`,
    filename: `f${index}.bin`,
  }));

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('downloadAll', () => {
  test('never runs more than `concurrency` at once and returns one result per item, in order', async () => {
    let running = 0;
    let peak = 0;
    const results = await downloadAll(items(10), { concurrency: 3 }, async (item) => {
      running += 1;
      peak = Math.max(peak, running);
      await tick(5 + (Number(item.filename.slice(1, -4)) % 3) * 5);
      running -= 1;
      return `/jobs/${item.filename}`;
    });
    expect(peak).toBe(3);
    expect(results.map((r) => (r.ok ? r.path : null))).toEqual(
      items(10).map((i) => `/jobs/${i.filename}`),
    );
  });

  test('failures become results: none lost, never a rejection', async () => {
    const input = items(5);
    const results = await downloadAll(input, {}, async (item) => {
      if (item.filename === 'f1.bin') throw new Error('boom');
      if (item.filename === 'f3.bin') return Promise.reject(new TypeError('bad'));
      return item.filename;
    });
    expect(results.map((r) => r.ok)).toEqual([true, false, true, false, true]);
    const failed = results[1];
    expect(failed?.ok === false && isPipelineError(failed.error)).toBe(true);
    // Each result carries the very item it answers, at that item's index.
    expect(results).toHaveLength(input.length);
    results.forEach((result, index) => expect(result.item).toBe(input[index]));
    expect(results.map((r) => (r.ok ? r.path : r.error.message))).toEqual([
      'f0.bin',
      'boom',
      'f2.bin',
      'bad',
      'f4.bin',
    ]);
  });

  test('a synchronous throw of run is a result too', async () => {
    const results = await downloadAll(items(2), { concurrency: 1 }, () => {
      throw new Error('sync');
    });
    expect(results.map((r) => r.ok)).toEqual([false, false]);
  });

  test('an empty list gives no results', async () => {
    await expect(downloadAll([], {}, async () => 'x')).resolves.toEqual([]);
  });

  test('a bad concurrency is INVALID_INPUT before anything runs', async () => {
    const run = jest.fn();
    await expect(downloadAll(items(2), { concurrency: 0 }, run)).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    expect(run).not.toHaveBeenCalled();
  });
});
