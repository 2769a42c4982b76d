/** One issue of a zod error, typed structurally so this package needs no zod (works with zod 3 and 4). */
export interface ZodIssueLike {
  readonly path: ReadonlyArray<PropertyKey>;
  readonly message: string;
  readonly code?: string;
}

/** A zod `ZodError`, typed structurally: anything with an `issues` array. */
export interface ZodErrorLike {
  readonly issues: ReadonlyArray<ZodIssueLike>;
}

/** Whether `value` looks like a zod error: an object whose `issues` is an array of `{ path, message }`. */
export function isZodErrorLike(value: unknown): value is ZodErrorLike {
  if (typeof value !== 'object' || value === null) return false;
  const { issues } = value as { issues?: unknown };
  return (
    Array.isArray(issues) &&
    issues.length > 0 &&
    issues.every(
      (issue) =>
        typeof issue === 'object' &&
        issue !== null &&
        Array.isArray((issue as { path?: unknown }).path) &&
        typeof (issue as { message?: unknown }).message === 'string',
    )
  );
}
