// ESM consumer: the packages' native format.
import { ErrorCode, PipelineError, isPipelineError } from '@ad-pipeline/errors';
import { estimateCost, fillTemplate, getSceneTemplate } from '@ad-pipeline/templates';
import { AssetManager } from '@ad-pipeline/asset-manager';

const filled = fillTemplate(getSceneTemplate('bold'), 'Trail Shoe', 'Buy Now');
try {
  new AssetManager('../escape');
  throw new Error('asset-manager accepted a traversal job id');
} catch (error) {
  if (!isPipelineError(error) || error.code !== ErrorCode.INVALID_INPUT) throw error;
}
if (!(new PipelineError(ErrorCode.DISK_FULL, 'x') instanceof Error)) throw new Error('not an Error');
console.log(`import: ${filled.scenes[3].textOverlay}; $${estimateCost(filled).totalUsd}`);
