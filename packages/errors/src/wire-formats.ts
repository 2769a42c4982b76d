import type { ErrorCode } from './codes.js';

/** The API response body of an error (`PipelineError#toJSON`): the original system's four fields plus `retryable`. */
export interface ErrorResponseBody {
  error_code: ErrorCode;
  message: string;
  details: Record<string, unknown>;
  user_message: string;
  /** Whether retrying may succeed (this instance's value, which may override the catalog's). */
  retryable: boolean;
}

/**
 * What an API sends its clients (`PipelineError#toResponseBody`): the code, the user message, whether
 * retrying may help, and only the user-facing details (field, issues, limits, valid values,
 * `retryAfterSeconds`).
 */
export interface ClientResponseBody {
  error_code: ErrorCode;
  user_message: string;
  retryable: boolean;
  details: Record<string, unknown>;
}

/** An RFC 9457 `application/problem+json` object with the extension members `code` and `retryable`. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  /** The user message. */
  detail: string;
  instance?: string;
  code: ErrorCode;
  retryable: boolean;
  /** The invalid fields of a validation error, as in RFC 9457 §3's example. */
  invalid_params?: Array<{ name: string; reason: string }>;
}

/** Options of `PipelineError#toProblemDetails`. */
export interface ProblemDetailsOptions {
  /** The problem type URI. Default: `typeBaseUrl` followed by the code in lower case with dashes. */
  type?: string;
  /** A URI for this occurrence (e.g. the request path). Default: omitted. */
  instance?: string;
  /** Where the default type URIs live. Default: {@link PROBLEM_TYPE_BASE_URL}. */
  typeBaseUrl?: string;
}

/** The default base of problem type URIs: `https://errors.ad-pipeline.dev/` + e.g. `disk-full`. */
export const PROBLEM_TYPE_BASE_URL = 'https://errors.ad-pipeline.dev/';

/** The problem type URI of `code` under `baseUrl` (`DISK_FULL` → `…/disk-full`). */
export function problemTypeUri(code: ErrorCode, baseUrl: string = PROBLEM_TYPE_BASE_URL): string {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  return `${base}${code.toLowerCase().replaceAll('_', '-')}`;
}

/** A pino-compatible logger: `logger.warn(obj, msg)` / `logger.error(obj, msg)`. */
export interface PipelineLogger {
  warn(obj: Record<string, unknown>, msg?: string): unknown;
  error(obj: Record<string, unknown>, msg?: string): unknown;
}
