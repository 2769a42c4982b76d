import type { ClientErrorCode } from './codes.js';
import { ValidationError } from './validation-error.js';
import type { ZodErrorLike } from './zod-like.js';

/** One formatted validation issue: a readable path (`'scenes[0].text'`, `''` for the root), message and zod code. */
export interface FormattedIssue {
  path: string;
  message: string;
  code?: string;
}

/** Options of {@link fromZodError}. */
export interface FromZodErrorOptions {
  /** A client code instead of `INVALID_INPUT`. Default: `INVALID_INPUT`. */
  code?: ClientErrorCode;
  /** The error message. Default: the first issue, and how many more there are. */
  message?: string;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** A zod issue path as people write it: `['scenes', 0, 'text']` → `'scenes[0].text'`. */
export function formatIssuePath(path: ReadonlyArray<PropertyKey>): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (typeof segment === 'symbol') text += `[${segment.toString()}]`;
    else if (IDENTIFIER.test(segment)) text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}

/**
 * Every issue of a zod error as `{ path, message, code }`, for building any error from it (e.g. a
 * `TEMPLATE_ERROR`). Issue inputs are never copied: they may hold the very data that was rejected.
 */
export function formatZodIssues(zodError: ZodErrorLike): FormattedIssue[] {
  return zodError.issues.map((issue) => ({
    path: formatIssuePath(issue.path),
    message: issue.message,
    ...(typeof issue.code === 'string' ? { code: issue.code } : {}),
  }));
}

/**
 * A `ValidationError` from a zod error (structural: zod 3 and 4 both fit, no dependency): `details.issues`
 * lists every issue, `details.field` is the first issue's path (absent for a root issue).
 */
export function fromZodError(
  zodError: ZodErrorLike,
  options: FromZodErrorOptions = {},
): ValidationError {
  const issues = formatZodIssues(zodError);
  const [first] = issues;
  const field = first?.path ? first.path : undefined;
  return new ValidationError(
    options.message ?? summarize(issues),
    field,
    { issues },
    {
      cause: zodError,
      ...(options.code === undefined ? {} : { code: options.code }),
    },
  );
}

function summarize(issues: readonly FormattedIssue[]): string {
  const [first] = issues;
  if (first === undefined) return 'Invalid input';
  const where = first.path === '' ? '' : `${first.path}: `;
  const more =
    issues.length > 1
      ? ` (and ${issues.length - 1} more issue${issues.length > 2 ? 's' : ''})`
      : '';
  return `Invalid input: ${where}${first.message}${more}`;
}
