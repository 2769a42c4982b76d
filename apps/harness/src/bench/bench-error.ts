/** The error the bench throws when a run cannot be measured (a failed or corrupt transfer, a dead child). */
export function benchError(message: string, cause?: unknown): Error {
  return new Error(message, { cause });
}
