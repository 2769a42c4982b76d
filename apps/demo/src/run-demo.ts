import { access, rmdir } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { relative } from 'node:path';
import { AssetManager, SUBDIRS } from '@ad-pipeline/asset-manager';
import { startMediaServer } from './media-server.js';
import type { Progress } from './render/progress.js';
import type { DemoReport, SectionName } from './report.js';
import { loadSampleMediaGenerator } from './sample-media.js';
import { downloadSceneAssets } from './steps/download-assets.js';
import {
  showPermanentFailure,
  showTransientFailure,
  showUnsafeFilename,
} from './steps/failure-cases.js';
import { planTemplate } from './steps/plan-template.js';
import { buildSceneAssets } from './steps/scene-assets.js';

/** What the demo runs with (the CLI flags, after defaults). */
export interface DemoOptions {
  readonly style: string;
  readonly product: string;
  readonly cta: string;
  /** Leave the job directory on disk. */
  readonly keep: boolean;
  /** Where job directories go; default: the asset manager's (`<tmp>/video_jobs`). */
  readonly baseDir?: string;
  /** Cancels the run (Ctrl-C): downloads stop with `JOB_CANCELLED`, the job is still cleaned up. */
  readonly signal?: AbortSignal;
  /** First retry backoff in ms; default 100. */
  readonly minDelayMs?: number;
  /** Pause between the server's chunks in ms, so progress is visible; default 5. */
  readonly chunkDelayMs?: number;
}

/** Where the demo's results go as they are produced. */
export interface Reporter {
  /** A section of the report is complete. */
  section<K extends SectionName>(name: K, value: DemoReport[K]): void;
  /** Live progress for a batch of downloads. */
  createProgress(labels: readonly string[]): Progress;
}

/**
 * Runs every step of the demo and resolves to the full report. Bad input fails before any I/O; once the
 * job exists it is cleaned up (unless `keep`) and the server closed, whatever happens.
 */
export async function runDemo(options: DemoOptions, reporter: Reporter): Promise<DemoReport> {
  const {
    style,
    product,
    cta,
    keep,
    baseDir,
    signal,
    minDelayMs = 100,
    chunkDelayMs = 5,
  } = options;
  const report: Partial<Record<SectionName, unknown>> = {};
  const emit = <K extends SectionName>(name: K, value: DemoReport[K]): void => {
    report[name] = value;
    reporter.section(name, value);
  };

  const planned = planTemplate(style, product, cta);
  emit('input', { style: planned.plan.style, product: product.trim(), cta: cta.trim() });
  emit('plan', planned.plan);
  emit('cost', planned.cost);
  emit('filled', planned.filled);
  emit('script', planned.script);

  const assets = buildSceneAssets(planned.scripted, await loadSampleMediaGenerator());
  const server = await startMediaServer(assets.files, { chunkDelayMs });
  try {
    emit('server', {
      url: server.url,
      files: [...assets.files].map(([name, file]) => ({
        name,
        bytes: file.body.length,
        contentType: file.contentType,
      })),
    });

    // The SSRF guard refuses loopback by default; the demo lets exactly its own embedded server through.
    const manager = new AssetManager(newJobId(), {
      ...(baseDir === undefined ? {} : { baseDir }),
      allowHosts: [new URL(server.url).hostname],
    });
    // The jobs directory is shared with other jobs: remove it afterwards only if this run made it.
    const baseDirExisted = await exists(manager.baseDir);
    try {
      await manager.createJobDirectory();
      emit('job', { jobId: manager.jobId, baseDir: manager.baseDir, jobDir: manager.jobDir });
      emit(
        'downloads',
        await downloadSceneAssets(manager, assets.scenes, {
          serverUrl: server.url,
          minDelayMs,
          signal,
          createProgress: (labels) => reporter.createProgress(labels),
        }),
      );
      const context = {
        manager,
        serverUrl: server.url,
        requests: server.requests,
        minDelayMs,
        signal,
      };
      emit('transientFailure', await showTransientFailure(context, assets.voiceover));
      emit('permanentFailure', await showPermanentFailure(context));
      emit('unsafeFilename', await showUnsafeFilename(context, assets.voiceover));
      emit('diskUsage', {
        bytes: await manager.getDiskUsage(),
        files: await listJobFiles(manager),
      });
    } finally {
      if (!keep) {
        await manager.cleanup();
        if (!baseDirExisted) await removeIfEmpty(manager.baseDir);
      }
    }
    emit('cleanup', {
      kept: keep,
      jobDir: manager.jobDir,
      jobDirExists: await exists(manager.jobDir),
    });
  } finally {
    await server.close();
  }
  return report as unknown as DemoReport;
}

/** `demo-<time>-<random>`: unique per run, valid for the asset manager. */
function newJobId(): string {
  return `demo-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
}

/** Every file of the job (root and subdirectories), relative to the job directory. */
async function listJobFiles(manager: AssetManager): Promise<string[]> {
  const lists = await Promise.all([
    manager.listFiles(),
    ...SUBDIRS.map((subdir) => manager.listFiles(subdir)),
  ]);
  return lists.flat().map((file) => relative(manager.jobDir, file));
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/** Removes `dir` if it is empty; a directory another job wrote into meanwhile stays. */
async function removeIfEmpty(dir: string): Promise<void> {
  try {
    await rmdir(dir);
  } catch {
    // ENOTEMPTY (another job is there) or ENOENT (already gone): both leave nothing of ours behind.
  }
}
