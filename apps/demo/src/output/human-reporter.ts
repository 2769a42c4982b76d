import type { Colors } from '../render/colors.js';
import { formatBytes, formatUsd } from '../render/format.js';
import { createBarProgress, createLineProgress, type ProgressStream } from '../render/progress.js';
import { renderTable, type Column } from '../render/table.js';
import type { DemoReport, ScenePlanRow, SectionName } from '../report.js';
import type { Reporter } from '../run-demo.js';

/** Options of {@link createHumanReporter}. */
export interface HumanReporterOptions {
  readonly colors: Colors;
  /** Draw live progress bars (a TTY); otherwise one plain line per finished download. */
  readonly progressBars: boolean;
}

type Renderers = { readonly [K in SectionName]: (value: DemoReport[K]) => string };

const SCENE_COLUMNS: readonly Column[] = [
  { header: 'scene', align: 'right' },
  { header: 'seconds', align: 'right' },
  { header: 'type' },
  { header: 'overlay', maxWidth: 32 },
  { header: 'voiceover', maxWidth: 64 },
];

/** Prints each section as soon as it is complete: headings, tables, progress bars. */
export function createHumanReporter(
  stream: ProgressStream,
  options: HumanReporterOptions,
): Reporter {
  const { colors: c, progressBars } = options;
  const heading = (step: number, title: string) =>
    `\n${c.bold(c.cyan(`${step}.`))} ${c.bold(title)}`;
  const sceneTable = (rows: readonly ScenePlanRow[]) =>
    renderTable(
      SCENE_COLUMNS,
      rows.map((row) => [
        String(row.scene),
        String(row.seconds),
        row.type,
        row.overlay,
        row.voiceover,
      ]),
      { header: c.bold },
    );
  let storeShown = false;
  const ok = (text: string) => `  ${c.green('✔')} ${text}`;
  const bad = (text: string) => `  ${c.red('✖')} ${text}`;

  const renderers: Renderers = {
    input: ({ style, product, cta }) =>
      c.bold(`Ad Pipeline Core demo`) +
      c.dim(` · style ${style} · product "${product}" · CTA "${cta}"`),
    plan: (plan) =>
      [
        heading(1, `Styles and the ${plan.style} scene plan`),
        `  styles: ${plan.styles.map((style) => (style === plan.style ? c.bold(c.green(style)) : style)).join(', ')}`,
        `  ${plan.aspectRatio} · ${plan.totalDuration} s · ${c.dim(plan.styleKeywords)}`,
        sceneTable(plan.scenes),
      ].join('\n'),
    cost: (cost) =>
      `  cost: ${cost.videoSeconds} s of video ${formatUsd(cost.videoUsd)} + ${cost.imageCount} image ${formatUsd(cost.imageUsd)} = ${c.bold(formatUsd(cost.totalUsd))}`,
    filled: (filled) =>
      [
        heading(2, 'Filled for the product and CTA'),
        `  LLM slots left for the script writer:`,
        ...filled.slots.map(
          ({ slot, sceneId, field }) => `    [${slot}] → scene ${sceneId} ${field}`,
        ),
      ].join('\n'),
    script: (script) =>
      [
        `  sample script applied:`,
        ...Object.entries(script.lines).map(
          ([slot, line]) => `    [${slot}] ${c.dim(`"${line}"`)}`,
        ),
        sceneTable(script.scenes),
      ].join('\n'),
    server: (server) =>
      [
        heading(3, `Embedded media server ${c.cyan(server.url)}`),
        renderTable(
          [{ header: 'file' }, { header: 'size', align: 'right' }, { header: 'content type' }],
          server.files.map((file) => [file.name, formatBytes(file.bytes), file.contentType]),
          { header: c.bold },
        ),
      ].join('\n'),
    job: (job) =>
      [
        heading(4, `Job ${job.jobId}`),
        `  ${c.dim(job.jobDir)}`,
        `  downloading the scene assets:`,
      ].join('\n'),
    downloads: (downloads) =>
      [
        `  validated, probed and checked against each scene's spec (concurrency ${downloads.concurrency}):`,
        renderTable(
          [
            { header: 'file' },
            { header: 'valid' },
            { header: 'size', align: 'right' },
            { header: 'duration', align: 'right' },
            { header: 'aspect' },
            { header: 'pixels' },
            { header: 'scene spec' },
            { header: 'sha256' },
          ],
          downloads.assets.map((asset) =>
            asset.ok
              ? [
                  `${asset.subdir}/${asset.filename}`,
                  asset.valid ? 'yes' : 'NO',
                  formatBytes(asset.size ?? 0),
                  asset.media?.durationSec === undefined ? '—' : `${asset.media.durationSec.toFixed(1)} s`,
                  asset.media?.aspectRatio ?? '—',
                  asset.media?.width === undefined ? '—' : `${asset.media.width}×${asset.media.height ?? '?'}`,
                  formatSpec(asset.spec),
                  `${(asset.sha256 ?? '').slice(0, 12)}…`,
                ]
              : [`${asset.subdir}/${asset.filename}`, 'NO', '', '', '', '', formatSpec(asset.spec), asset.error?.code ?? ''],
          ),
          { header: c.bold },
        ),
      ].join('\n'),
    transientFailure: (transient) => {
      const attempts = transient.retries.map(
        (retry) =>
          `    attempt ${retry.attempt} failed: ${retry.code}${retry.status === undefined ? '' : ` (HTTP ${retry.status})`}, retried after ${retry.delayMs} ms`,
      );
      const outcome = transient.succeeded
        ? ok(
            `transient failure: ${transient.filename} downloaded after ${transient.requests} requests (${formatBytes(transient.size ?? 0)})`,
          )
        : bad(
            `transient failure: ${transient.filename} still failed: ${transient.error?.code ?? ''}`,
          );
      return [heading(5, 'Failures, handled'), outcome, ...attempts].join('\n');
    },
    permanentFailure: (permanent) =>
      [
        ok(
          `permanent failure: ${permanent.filename} → ${c.yellow(permanent.code)}${permanent.status === undefined ? '' : ` (HTTP ${permanent.status})`}, ` +
            `${permanent.retryable ? 'retryable' : 'not retried'}, ${permanent.requests} request, ${permanent.fileWritten ? 'a file was written!' : 'nothing written'}`,
        ),
        `    user message: ${permanent.userMessage}`,
        `    problem details (application/problem+json):`,
        ...JSON.stringify(permanent.problemDetails, null, 2)
          .split('\n')
          .map((line) => `      ${c.dim(line)}`),
      ].join('\n'),
    unsafeFilename: (unsafe) =>
      [
        ok(
          `unsafe filename ${JSON.stringify(unsafe.filename)} rejected: ${c.yellow(unsafe.code)}, ${unsafe.fileWritten ? 'a file was written!' : 'nothing written'}`,
        ),
        `    user message: ${unsafe.userMessage}`,
      ].join('\n'),
    specMismatch: (mismatch) =>
      [
        ok(
          `near-miss ${mismatch.filename} for scene ${mismatch.sceneId} refused: ${c.yellow(mismatch.code)}, ` +
            `${mismatch.retryable ? 'retryable' : 'not retried'}, ${mismatch.requests} request, ${mismatch.fileWritten ? 'a file was written!' : 'nothing kept'}`,
        ),
        ...Object.keys(mismatch.expected).map(
          (field) =>
            `    ${field}: expected ${JSON.stringify(mismatch.expected[field])}, found ${JSON.stringify(mismatch.actual[field])}`,
        ),
        `    user message: ${mismatch.userMessage}`,
      ].join('\n'),
    store: (store) => {
      if (store === undefined) return '';
      storeShown = true;
      return [
            heading(6, `Beyond one machine: S3-compatible storage ${c.cyan(store.endpoint)}`),
            ok(`persisted ${store.objects.length} files, ${formatBytes(store.bytes)}, to bucket ${store.bucket} (SHA-256 recorded):`),
            renderTable(
              [{ header: 'key' }, { header: 'size', align: 'right' }, { header: 'content type' }, { header: 'sha256' }],
              store.objects.map((object) => [
                object.relativePath,
                formatBytes(object.size),
                object.contentType,
                `${object.sha256.slice(0, 12)}…`,
              ]),
              { header: c.bold },
            ),
            `  presigned URL of the final asset (5 minutes):`,
            `    ${store.presignedUrl}`,
            store.presignedServesFinal
              ? ok('a plain GET of it returns the final file, byte for byte')
              : bad('the presigned URL did not return the final file'),
            ok(`restored as a second worker: ${store.restoredFiles} files verified (SHA-256) in ${c.dim(store.secondWorkerJobDir)}`),
            ok(`checked against their scene specs there: ${store.verifiedAgainstSpec.join(', ')}`),
            ok(`cleaned up: ${store.deletedObjects} objects deleted, the second worker's directory removed`),
          ].join('\n');
    },
    diskUsage: (usage) =>
      [
        heading(storeShown ? 7 : 6, 'Disk usage and cleanup'),
        `  ${usage.files.length} files, ${formatBytes(usage.bytes)}:`,
        ...usage.files.map((file) => `    ${file}`),
      ].join('\n'),
    cleanup: (cleanup) =>
      cleanup.kept
        ? ok(`job directory kept (--keep): ${cleanup.jobDir}`)
        : cleanup.jobDirExists
          ? bad(`job directory still exists: ${cleanup.jobDir}`)
          : ok('job directory removed'),
  };

  return {
    section(name, value) {
      const text = renderers[name](value);
      if (text !== '') stream.write(`${text}\n`);
    },
    createProgress: (labels) =>
      progressBars ? createBarProgress(stream, labels, c) : createLineProgress(stream, labels),
  };
}

/** A scene spec in a few words: `video 8 s 9:16`, `image 9:16`; `—` when there is none. */
function formatSpec(spec: Readonly<Record<string, unknown>> | undefined): string {
  if (spec === undefined) return '—';
  const parts = [String(spec['kind'] ?? '')];
  if (typeof spec['durationSec'] === 'number') parts.push(`${spec['durationSec']} s`);
  if (typeof spec['aspectRatio'] === 'string') parts.push(spec['aspectRatio']);
  return parts.filter(Boolean).join(' ');
}
