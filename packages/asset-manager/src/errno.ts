import { errnoCode } from '@ad-pipeline/errors';

/** Whether a filesystem error only says the path (or one of its parents) does not exist. */
export function isMissingPathError(error: unknown): boolean {
  const code = errnoCode(error);
  return code === 'ENOENT' || code === 'ENOTDIR';
}
