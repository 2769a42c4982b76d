/** The errno-style `code` of a Node error (`ENOENT`, `EACCES`, …), if any. */
export function errnoCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

/** Whether a filesystem error only says the path (or one of its parents) does not exist. */
export function isMissingPathError(error: unknown): boolean {
  const code = errnoCode(error);
  return code === 'ENOENT' || code === 'ENOTDIR';
}
