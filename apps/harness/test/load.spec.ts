import { closeSharedAgents, type DownloadItem } from '@ad-pipeline/asset-manager';
import { ErrorCode } from '@ad-pipeline/errors';
import { findTempFiles, openDescriptors, sha256File, waitFor } from '../src/index.js';
import { seededBytes, type FaultKnobs } from '@ad-pipeline/test-support';
import { FAST_RETRY, useDownloadEnv } from './support/download-env.js';

const env = useDownloadEnv('load');
const COUNT = 300;
const CONCURRENCY = 32;
const KIB = 1024;
const MIB = 1024 * KIB;

type Fault = 'none' | '503-once' | 'reset-mid-body' | 'truncated' | '404';

interface Planned {
  path: string;
  knobs: FaultKnobs;
  fault: Fault;
}

/**
 * A fixed, seeded plan: sizes from 1 KiB to 8 MiB (most small, some large), and every fifth
 * download (20 %) faulty, cycling through the four fault kinds.
 */
function plan(): Planned[] {
  const random = seededBytes(COUNT * 4, 'load-plan');
  const faults: Fault[] = ['503-once', 'reset-mid-body', 'truncated', '404'];
  return Array.from({ length: COUNT }, (_, index) => {
    const roll = random.readUInt32LE(index * 4) / 2 ** 32;
    const size =
      roll < 0.7 ? Math.round(KIB + roll * 360 * KIB) : roll < 0.95 ? Math.round(256 * KIB + (roll - 0.7) * 7 * MIB) : Math.round(2 * MIB + (roll - 0.95) * 120 * MIB);
    const fault: Fault = index % 5 === 4 ? faults[(index / 5) % 4 | 0] : 'none';
    const faultKnobs: Record<Fault, FaultKnobs> = {
      none: {},
      '503-once': { status: 503, times: 1 },
      'reset-mid-body': { resetAfter: Math.floor(size / 2), times: 1 },
      truncated: { truncateAfter: Math.floor(size / 3), times: 1 },
      '404': { status: 404 },
    };
    return { path: `/load/asset-${index}.mp4`, knobs: { size: Math.min(size, 8 * MIB), ...faultKnobs[fault] }, fault };
  });
}

describe('load', () => {
  test(`${COUNT} downloads (1 KiB–8 MiB), concurrency ${CONCURRENCY}, 20 % faults: every one whole or classified; nothing leaks`, async () => {
    const planned = plan();
    expect(Math.max(...planned.map((p) => p.knobs.size ?? 0))).toBeLessThanOrEqual(8 * MIB);
    expect(planned.filter((p) => p.fault !== 'none')).toHaveLength(COUNT / 5);
    const baseline = openDescriptors();

    const items: DownloadItem[] = planned.map(({ path, knobs }, index) => ({
      url: env.server.url(path, knobs),
      filename: `asset-${index}.mp4`,
      subdir: 'scenes',
      options: { ...FAST_RETRY, kind: 'video' },
    }));
    const results = await env.manager.downloadMany(items, { concurrency: CONCURRENCY });

    expect(results).toHaveLength(COUNT);
    // The concurrency limit holds, and downloads really overlapped. The server sees a request only
    // until it has handed over the last byte, so its peak is a lower bound of the client's.
    expect(env.server.stats.peakInFlight()).toBeLessThanOrEqual(CONCURRENCY);
    expect(env.server.stats.peakInFlight()).toBeGreaterThan(1);
    for (const [index, result] of results.entries()) {
      const { path, knobs, fault } = planned[index];
      if (fault === '404') {
        expect(result.ok ? 'saved' : [result.error.code, result.error.details['upstreamStatus'], result.error.retryable]).toEqual([ErrorCode.ASSET_DOWNLOAD_FAILED, 404, false]);
        expect(env.server.stats.hits(path)).toBe(1);
        continue;
      }
      if (!result.ok) throw new Error(`download ${index} (${fault}) failed: ${result.error.toString()}`);
      expect(await sha256File(result.path)).toBe(env.server.payload(path, knobs).sha256);
      expect(env.server.stats.hits(path)).toBe(fault === 'none' ? 1 : 2);
    }
    expect(await env.manager.listFiles('scenes')).toHaveLength(COUNT - COUNT / 20);
    expect(await findTempFiles(env.temp.path)).toEqual([]);

    // The package's shared keep-alive pool is closed explicitly; then every socket and fd is back.
    await closeSharedAgents();
    expect(await waitFor(() => env.server.stats.openConnections() === 0, { timeoutMs: 5000 })).toBe(true);
    expect(await waitFor(() => openDescriptors().total <= baseline.total, { timeoutMs: 5000 })).toBe(true);
    expect(openDescriptors().sockets).toBeLessThanOrEqual(baseline.sockets);
  }, 120_000);
});
