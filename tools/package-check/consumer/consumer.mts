// A strict TypeScript consumer of the main API of all three packages (type-checked, not run).
import {
  ErrorCode,
  PipelineError,
  ValidationError,
  getErrorInfo,
  shouldRetry,
  toPipelineError,
  type ErrorCode as ErrorCodeType,
} from '@ad-pipeline/errors';
import {
  STYLES,
  applyScript,
  estimateCost,
  fillTemplate,
  getSceneTemplate,
  listSlots,
  type Style,
} from '@ad-pipeline/templates';
import { AssetManager } from '@ad-pipeline/asset-manager';

const style: Style = STYLES[0];
const filled = fillTemplate(getSceneTemplate(style), 'Premium Watch', 'Shop Now');
const slots: readonly { slot: string; sceneId: number }[] = listSlots(filled);
const scripted = applyScript(filled, { 'benefit statement': 'Made to last.', 'social proof': 'Loved by many.' });
const total: number = estimateCost(scripted).totalUsd;

const code: ErrorCodeType = ErrorCode.ASSET_DOWNLOAD_FAILED;
const status: number = getErrorInfo(code).httpStatus;
const error: PipelineError = toPipelineError(new Error('boom'));
const invalid = new ValidationError('bad', 'field');
const retry: boolean = shouldRetry(error) || invalid.retryable;

async function main(): Promise<string[]> {
  const manager = new AssetManager('job-1', { baseDir: '/tmp/ad-pipeline-consumer' });
  await manager.createJobDirectory();
  const saved: string = await manager.saveFile(new Uint8Array([1, 2, 3]), 'a.bin', 'scenes');
  const results = await manager.downloadMany([{ url: 'http://127.0.0.1:1/x.png', filename: 'x.png', subdir: 'scenes' }], {
    concurrency: 2,
  });
  const paths = results.flatMap((r) => (r.ok ? [r.path] : []));
  await manager.cleanup();
  return [saved, ...paths, String(slots.length), String(total), String(status), String(retry)];
}

export { main };
