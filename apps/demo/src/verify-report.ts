import type { DemoReport } from './report.js';

/**
 * What went differently than the demo promises (every asset valid, the 503 retried to success, the 404
 * and the unsafe name rejected with nothing written, the job removed unless kept). Empty when all is well.
 */
export function findReportProblems(report: DemoReport): string[] {
  const problems: string[] = [];
  for (const asset of report.downloads.assets) {
    if (!asset.ok)
      problems.push(
        `${asset.filename} failed to download (${asset.error?.code ?? 'unknown error'})`,
      );
    else if (asset.valid !== true) problems.push(`${asset.filename} did not validate`);
  }
  const transient = report.transientFailure;
  if (!transient.succeeded)
    problems.push(
      `${transient.filename} was not retried to success (${transient.error?.code ?? 'unknown error'})`,
    );
  else if (transient.retries.length === 0)
    problems.push(`${transient.filename} succeeded without the expected retry`);
  const permanent = report.permanentFailure;
  if (permanent.retryable || permanent.requests !== 1)
    problems.push(`${permanent.filename} (404) was treated as retryable`);
  if (permanent.fileWritten) problems.push(`${permanent.filename} (404) left a file behind`);
  const unsafe = report.unsafeFilename;
  if (unsafe.code !== 'INVALID_INPUT' || unsafe.fileWritten)
    problems.push(`${unsafe.filename} was not rejected cleanly (${unsafe.code})`);
  const mismatch = report.specMismatch;
  if (mismatch.code !== 'ASSET_SPEC_MISMATCH' || mismatch.fileWritten || mismatch.requests !== 1)
    problems.push(`${mismatch.filename} (16:9, 5 s) was not refused cleanly by its scene spec (${mismatch.code})`);
  const store = report.store;
  if (store !== undefined) {
    if (!store.presignedServesFinal) problems.push('the presigned URL did not serve the final asset');
    if (store.restoredFiles !== store.objects.length)
      problems.push(`the second worker restored ${store.restoredFiles} of ${store.objects.length} files`);
    if (store.deletedObjects !== store.objects.length)
      problems.push(`${store.objects.length - store.deletedObjects} stored objects were left behind`);
  }
  if (!report.cleanup.kept && report.cleanup.jobDirExists)
    problems.push(`the job directory ${report.cleanup.jobDir} is still there`);
  return problems;
}
