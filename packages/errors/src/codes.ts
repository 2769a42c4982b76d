/**
 * Every error code of the pipeline. Keys equal their values, so `ErrorCode.DISK_FULL === 'DISK_FULL'`.
 * What a code means (status, retryability, messages) lives in the catalog, not here.
 */
export const ErrorCode = {
  // client
  INVALID_INPUT: 'INVALID_INPUT',
  FILE_TOO_LARGE: 'FILE_TOO_LARGE',
  UNSUPPORTED_FORMAT: 'UNSUPPORTED_FORMAT',
  MISSING_REQUIRED_FIELD: 'MISSING_REQUIRED_FIELD',
  INVALID_STYLE: 'INVALID_STYLE',
  INVALID_CTA: 'INVALID_CTA',
  CONTENT_POLICY_VIOLATION: 'CONTENT_POLICY_VIOLATION',
  // pipeline
  SCRIPT_GENERATION_FAILED: 'SCRIPT_GENERATION_FAILED',
  VOICE_GENERATION_FAILED: 'VOICE_GENERATION_FAILED',
  VIDEO_GENERATION_FAILED: 'VIDEO_GENERATION_FAILED',
  IMAGE_GENERATION_FAILED: 'IMAGE_GENERATION_FAILED',
  COMPOSITION_FAILED: 'COMPOSITION_FAILED',
  TEMPLATE_ERROR: 'TEMPLATE_ERROR',
  ASSET_DOWNLOAD_FAILED: 'ASSET_DOWNLOAD_FAILED',
  ASSET_SPEC_MISMATCH: 'ASSET_SPEC_MISMATCH',
  // external
  CLAUDE_API_ERROR: 'CLAUDE_API_ERROR',
  REPLICATE_API_ERROR: 'REPLICATE_API_ERROR',
  ELEVENLABS_API_ERROR: 'ELEVENLABS_API_ERROR',
  OPENAI_API_ERROR: 'OPENAI_API_ERROR',
  EXTERNAL_API_ERROR: 'EXTERNAL_API_ERROR',
  API_RATE_LIMIT: 'API_RATE_LIMIT',
  API_TIMEOUT: 'API_TIMEOUT',
  QUOTA_EXCEEDED: 'QUOTA_EXCEEDED',
  // system
  REDIS_CONNECTION_ERROR: 'REDIS_CONNECTION_ERROR',
  DATABASE_ERROR: 'DATABASE_ERROR',
  STORAGE_ERROR: 'STORAGE_ERROR',
  DISK_FULL: 'DISK_FULL',
  PERMISSION_DENIED: 'PERMISSION_DENIED',
  FFMPEG_ERROR: 'FFMPEG_ERROR',
  // job
  JOB_NOT_FOUND: 'JOB_NOT_FOUND',
  JOB_EXPIRED: 'JOB_EXPIRED',
  JOB_ALREADY_PROCESSING: 'JOB_ALREADY_PROCESSING',
  JOB_CANCELLED: 'JOB_CANCELLED',
  // internal
  INTERNAL_ERROR: 'INTERNAL_ERROR',
} as const;

/** One of the string values of {@link ErrorCode}. */
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** The codes caused by bad caller input (HTTP 4xx, never retryable); the codes a `ValidationError` may carry. */
export type ClientErrorCode =
  | typeof ErrorCode.INVALID_INPUT
  | typeof ErrorCode.FILE_TOO_LARGE
  | typeof ErrorCode.UNSUPPORTED_FORMAT
  | typeof ErrorCode.MISSING_REQUIRED_FIELD
  | typeof ErrorCode.INVALID_STYLE
  | typeof ErrorCode.INVALID_CTA
  | typeof ErrorCode.CONTENT_POLICY_VIOLATION;

/** Who is at fault: the caller, a pipeline stage, a third-party service, our infrastructure, a job's state, or a bug. */
export type ErrorCategory = 'client' | 'pipeline' | 'external' | 'system' | 'job' | 'internal';

/** Whether `value` is one of the known {@link ErrorCode} strings. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ErrorCode, value);
}
