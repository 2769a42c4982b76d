import { isObjectLike } from './safe.js';

/**
 * The string `code` of a Node (errno, `ERR_*`), undici (`UND_ERR_*`) or framework (`FST_ERR_*`) error,
 * if any; `undefined` for anything else, never throws. The one reader of error codes across the packages.
 */
export function errnoCode(error: unknown): string | undefined {
  if (!isObjectLike(error)) return undefined;
  try {
    const { code } = error as { code?: unknown };
    return typeof code === 'string' ? code : undefined;
  } catch {
    return undefined;
  }
}
