import { ErrorCode, PipelineError } from '@ad-pipeline/errors';

/** The error the bench throws when a run cannot be measured (a failed or corrupt transfer, a dead child). */
export function benchError(message: string, cause?: unknown): PipelineError {
  return new PipelineError(ErrorCode.INTERNAL_ERROR, message, {}, cause === undefined ? {} : { cause });
}
