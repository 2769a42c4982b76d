export { ErrorCode, isErrorCode, type ClientErrorCode, type ErrorCategory } from './codes.js';
export { ERROR_CATALOG, getErrorInfo, type ErrorInfo, type LogLevel } from './catalog.js';
export {
  PipelineError,
  isPipelineError,
  PIPELINE_ERROR_BRAND,
  type PipelineErrorOptions,
} from './pipeline-error.js';
export { ValidationError, type ValidationErrorOptions } from './validation-error.js';
export { APIError, serviceErrorCode } from './api-error.js';
export { shouldRetry } from './should-retry.js';
export { categorizeError } from './categorize-error.js';
export { toPipelineError, type ToPipelineErrorFallback } from './to-pipeline-error.js';
export { isRetryableStatus } from './status.js';
export {
  getRetryDelay,
  retryAfterMs,
  computeRetryDelay,
  type RetryDelayOptions,
} from './retry-delay.js';
export {
  fromZodError,
  formatZodIssues,
  formatIssuePath,
  type FormattedIssue,
  type FromZodErrorOptions,
} from './zod.js';
export { isZodErrorLike, type ZodErrorLike, type ZodIssueLike } from './zod-like.js';
export { redact } from './redact.js';
export { redactUrl, redactText, REDACTED } from './redact-url.js';
export { isSecretKey } from './secret-keys.js';
export { formatBytes } from './format-bytes.js';
export {
  PROBLEM_TYPE_BASE_URL,
  problemTypeUri,
  type ClientResponseBody,
  type ErrorResponseBody,
  type PipelineLogger,
  type ProblemDetails,
  type ProblemDetailsOptions,
} from './wire-formats.js';
export { serializeError, type SerializedError } from './serialize-error.js';
export { USER_FACING_DETAIL_KEYS } from './response-body.js';
export { errnoCode } from './errno-code.js';
export {
  fromProviderError,
  fromProviderResponse,
  type ProviderErrorOptions,
  type ProviderResponse,
} from './providers/provider-error.js';
export {
  providerRetryAfterMs,
  parseResetDuration,
  parseResetTimestamp,
  type HeadersLike,
} from './providers/provider-headers.js';
