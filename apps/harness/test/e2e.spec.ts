import { access, readFile } from 'node:fs/promises';
import { AssetManager, type DownloadItem } from '@ad-pipeline/asset-manager';
import { ErrorCode, PipelineError } from '@ad-pipeline/errors';
import { STYLES, applyScript, estimateCost, fillTemplate, getSceneTemplate, listSlots, type Style } from '@ad-pipeline/templates';
import { findTempFiles } from '../src/index.js';
import { type FaultKnobs } from '@ad-pipeline/test-support';
import { LOOPBACK, useDownloadEnv } from './support/download-env.js';

const env = useDownloadEnv('e2e');
const PRODUCT = 'Aurora Serum';
const CTA = 'Shop now';
const SCRIPT = { 'benefit statement': 'Visible glow in seven days.', 'social proof': 'Loved by forty thousand customers.' };

/** One asset per scene (clip or still) and one voiceover per scene, as the later stages would fetch them. */
function sceneAssets(style: Style, scenes: readonly { id: number; type: 'video' | 'image' }[]): { item: DownloadItem; knobs: FaultKnobs; path: string }[] {
  return scenes.flatMap((scene) => {
    const visual = scene.type === 'video' ? `scene-${scene.id}.mp4` : `scene-${scene.id}.png`;
    const voice = `voice-${scene.id}.wav`;
    // A transient 503 on scene 2's clip proves the retry path inside a normal run.
    const visualKnobs: FaultKnobs = { size: 20_000 + scene.id * 7_000, ...(scene.id === 2 ? { status: 503, times: 1 } : {}) };
    const voiceKnobs: FaultKnobs = { size: 8_000 + scene.id * 1_000 };
    return [
      {
        path: `/${style}/${visual}`,
        knobs: visualKnobs,
        item: { url: '', filename: visual, subdir: 'scenes' as const, options: { kind: scene.type === 'video' ? ('video' as const) : ('image' as const) } },
      },
      { path: `/${style}/${voice}`, knobs: voiceKnobs, item: { url: '', filename: voice, subdir: 'audio' as const, options: { kind: 'audio' as const } } },
    ];
  });
}

describe('end to end: template to cleaned-up job', () => {
  test.each(STYLES)('%s: fill, script, download every scene asset concurrently, validate, measure, clean up', async (style) => {
    // Template → fill → slots → script.
    const filled = fillTemplate(getSceneTemplate(style), PRODUCT, CTA);
    expect(listSlots(filled).map(({ slot, sceneId }) => [slot, sceneId])).toEqual([
      ['benefit statement', 2],
      ['social proof', 3],
    ]);
    const scripted = applyScript(filled, SCRIPT);
    expect(listSlots(scripted)).toEqual([]);
    expect(scripted.scenes[1].voiceoverTemplate).toBe(SCRIPT['benefit statement']);
    expect(JSON.stringify(scripted)).not.toMatch(/\{(product_name|cta_text)\}/);
    expect(scripted.scenes[3].textOverlay).toContain(CTA);
    expect(estimateCost(scripted)).toEqual({ videoSeconds: 26, imageCount: 1, videoUsd: 1.3, imageUsd: 0.01, totalUsd: 1.31 });

    // Job → concurrent downloads of every scene asset (with retries) → every byte checked.
    const manager = new AssetManager(`e2e-${style}`, { baseDir: env.temp.path, ...LOOPBACK });
    await manager.createJobDirectory();
    const assets = sceneAssets(style, scripted.scenes);
    const items = assets.map(({ item, knobs, path }) => ({
      ...item,
      url: env.server.url(path, knobs),
      options: { ...item.options, minDelayMs: 5, maxDelayMs: 20, sha256: env.server.payload(path, knobs).sha256 },
    }));
    const results = await manager.downloadMany(items, { concurrency: 4 });
    expect(results.map((result) => result.ok)).toEqual(items.map(() => true));
    expect(env.server.stats.hits(`/${style}/scene-2.mp4`)).toBe(2);
    for (const [index, { path, knobs }] of assets.entries()) {
      const result = results[index];
      if (!result.ok) throw result.error;
      expect(result.path).toBe(manager.getFilePath(items[index].filename, items[index].subdir));
      const info = await manager.inspectFile(items[index].filename, items[index].subdir);
      expect(info.sha256).toBe(env.server.payload(path, knobs).sha256);
      expect(info.kind).toBe(items[index].options.kind);
      expect(await manager.validateFile(items[index].filename, items[index].subdir, { kind: items[index].options.kind })).toBe(true);
    }
    expect(await manager.listFiles('scenes')).toEqual(['scene-1.mp4', 'scene-2.mp4', 'scene-3.mp4', 'scene-4.png'].map((f) => manager.getFilePath(f, 'scenes')));

    // Disk usage is the bytes downloaded; cleanup removes this job only, and twice is fine.
    const total = assets.reduce((sum, { path, knobs }) => sum + env.server.payload(path, knobs).bytes.length, 0);
    expect(await manager.getDiskUsage()).toBe(total);
    const neighbour = new AssetManager(`e2e-${style}-neighbour`, { baseDir: env.temp.path, ...LOOPBACK });
    const kept = await neighbour.saveFile('keep me', 'note.txt');
    await manager.cleanup();
    await manager.cleanup();
    await expect(access(manager.jobDir)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await readFile(kept, 'utf8')).toBe('keep me');
    await neighbour.cleanup();
    expect(await findTempFiles(env.temp.path)).toEqual([]);
  });

  test('a batch with a permanent failure: one classified error with a user message, every other file whole', async () => {
    const items: DownloadItem[] = [
      { url: env.server.url('/batch/ok-1.png'), filename: 'ok-1.png', subdir: 'scenes' },
      { url: env.server.url('/batch/missing.png', { status: 404 }), filename: 'missing.png', subdir: 'scenes' },
      { url: env.server.url('/batch/ok-2.png'), filename: 'ok-2.png', subdir: 'scenes' },
    ];
    const results = await env.manager.downloadMany(items, { concurrency: 3 });
    expect(results.map((result) => result.ok)).toEqual([true, false, true]);
    const failed = results[1];
    if (failed.ok) throw new Error('expected a failure');
    expect(failed.item).toBe(items[1]);
    expect(failed.error.code).toBe(ErrorCode.ASSET_DOWNLOAD_FAILED);
    expect(failed.error.retryable).toBe(false);
    const userMessage = failed.error.getUserFriendlyMessage();
    expect(userMessage).not.toMatch(/127\.0\.0\.1|\/batch\/|HTTP/);
    const problem = failed.error.toProblemDetails({ instance: '/jobs/batch' });
    expect(problem).toMatchObject({ status: failed.error.httpStatus, code: ErrorCode.ASSET_DOWNLOAD_FAILED, retryable: false, detail: userMessage });
    expect(PipelineError.fromJSON(JSON.stringify(problem)).retryable).toBe(false);
    expect(await env.manager.listFiles('scenes')).toEqual([env.manager.getFilePath('ok-1.png', 'scenes'), env.manager.getFilePath('ok-2.png', 'scenes')]);
  });

  test('an unknown style is INVALID_STYLE listing the valid ones; a bad CTA never reaches a job', () => {
    expect(() => getSceneTemplate('retro' as Style)).toThrow(expect.objectContaining({ code: ErrorCode.INVALID_STYLE }));
    try {
      getSceneTemplate('retro' as Style);
    } catch (error) {
      expect(JSON.stringify((error as PipelineError).details)).toContain('luxury');
    }
    expect(() => fillTemplate(getSceneTemplate('bold'), PRODUCT, 'x')).toThrow(expect.objectContaining({ code: ErrorCode.INVALID_CTA }));
  });
});
