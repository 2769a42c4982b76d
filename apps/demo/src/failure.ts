import { ErrorCode, getErrorInfo, toPipelineError, type PipelineError } from '@ad-pipeline/errors';
import { EXIT_BAD_INPUT } from './cli.js';

/** Exit code after Ctrl-C (128 + SIGINT), as shells report it. */
export const EXIT_CANCELLED = 130;

/** Exit code when the demo itself failed. */
export const EXIT_FAILURE = 1;

/** How a failed run ends: the error, its exit code, and the lines for stderr (never a stack trace). */
export interface FailureReport {
  readonly error: PipelineError;
  readonly exitCode: number;
  readonly lines: readonly string[];
}

/**
 * Turns any failure into what the user sees: the user message and code, plus the developer message for
 * bad input (it names the flag at fault, and the input is the user's own). Exit 2 for client errors,
 * 130 for a cancellation, 1 otherwise.
 */
export function describeFailure(thrown: unknown): FailureReport {
  const error = toPipelineError(thrown);
  const { category } = getErrorInfo(error.code);
  const exitCode =
    error.code === ErrorCode.JOB_CANCELLED
      ? EXIT_CANCELLED
      : category === 'client'
        ? EXIT_BAD_INPUT
        : EXIT_FAILURE;
  const lines = [`demo: ${error.getUserFriendlyMessage()} [${error.code}]`];
  if (category === 'client') lines.push(`  ${error.message}`);
  return { error, exitCode, lines };
}
