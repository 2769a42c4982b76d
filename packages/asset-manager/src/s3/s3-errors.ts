import {
  ErrorCode,
  PipelineError,
  categorizeError,
  isPipelineError,
  shouldRetry,
} from '@ad-pipeline/errors';

/** Where an S3 call failed: what the error details name (never credentials or signed URLs). */
export interface S3ErrorContext {
  /** The S3 operation or store method, e.g. `PutObject`, `persistJob`. */
  operation: string;
  bucket: string;
  key?: string;
}

/** How one S3 error code maps into the catalog. */
interface S3Mapping {
  code: ErrorCode;
  retryable: boolean;
}

const retryableStorage: S3Mapping = { code: ErrorCode.STORAGE_ERROR, retryable: true };
const permanentStorage: S3Mapping = { code: ErrorCode.STORAGE_ERROR, retryable: false };
const denied: S3Mapping = { code: ErrorCode.PERMISSION_DENIED, retryable: false };
const missing: S3Mapping = { code: ErrorCode.JOB_NOT_FOUND, retryable: false };
const badRequest: S3Mapping = { code: ErrorCode.INVALID_INPUT, retryable: false };

/**
 * S3 error codes (the `<Code>` of the error response, the SDK's `error.name`) and their catalog code.
 * Source: the Amazon S3 API reference, "Error responses" → "List of error codes". The README's
 * "S3 errors" table is this table.
 */
export const S3_ERROR_CODES: Readonly<Record<string, S3Mapping>> = Object.freeze({
  SlowDown: retryableStorage,
  Throttling: retryableStorage,
  ThrottlingException: retryableStorage,
  RequestThrottled: retryableStorage,
  TooManyRequests: retryableStorage,
  ServiceUnavailable: retryableStorage,
  InternalError: retryableStorage,
  RequestTimeout: retryableStorage,
  BadDigest: retryableStorage,
  IncompleteBody: retryableStorage,
  XAmzContentSHA256Mismatch: retryableStorage,
  NoSuchUpload: retryableStorage,
  AccessDenied: denied,
  AllAccessDisabled: denied,
  AccountProblem: denied,
  InvalidAccessKeyId: denied,
  SignatureDoesNotMatch: denied,
  ExpiredToken: denied,
  InvalidToken: denied,
  TokenRefreshRequired: denied,
  InvalidObjectState: denied,
  NoSuchKey: missing,
  NotFound: missing,
  NoSuchBucket: permanentStorage,
  PermanentRedirect: permanentStorage,
  AuthorizationHeaderMalformed: permanentStorage,
  InvalidBucketName: badRequest,
  KeyTooLongError: badRequest,
  InvalidArgument: badRequest,
  MetadataTooLarge: badRequest,
  EntityTooLarge: { code: ErrorCode.FILE_TOO_LARGE, retryable: false },
});

interface SdkErrorShape {
  name?: unknown;
  Code?: unknown;
  code?: unknown;
  $metadata?: { httpStatusCode?: unknown; requestId?: unknown };
}

const asShape = (error: unknown): SdkErrorShape =>
  typeof error === 'object' && error !== null ? (error as SdkErrorShape) : {};

/** The S3 `<Code>` of an SDK service error, when it has one. */
export function s3ErrorCode(error: unknown): string | undefined {
  const { Code, name } = asShape(error);
  if (typeof Code === 'string') return Code;
  return typeof name === 'string' && name in S3_ERROR_CODES ? name : undefined;
}

function httpStatusOf(error: unknown): number | undefined {
  const status = asShape(error).$metadata?.httpStatusCode;
  return typeof status === 'number' ? status : undefined;
}

function isAbort(error: unknown): boolean {
  const { name } = asShape(error);
  return name === 'AbortError';
}

// Transport faults the SDK's retry strategy also treats as transient. Matched on name, errno and
// message because the SDK may wrap them ("AWS SDK error wrapper for TimeoutError: read ECONNRESET").
const TRANSPORT_FAULT = /\b(ECONNRESET|ECONNREFUSED|ECONNABORTED|EPIPE|ETIMEDOUT|EAI_AGAIN|socket hang up|TimeoutError)\b/;

function describe(error: unknown): string {
  const { name, code } = asShape(error);
  const message = error instanceof Error || (typeof error === 'object' && error !== null) ? (error as { message?: unknown }).message : error;
  return [name, code, message].filter((part) => typeof part === 'string').join(' ');
}

/** The mapping for an S3 code that is not in the table, by HTTP status, then by transport error. */
function mappingByStatus(status: number | undefined, error: unknown): S3Mapping {
  if (status === 403) return denied;
  if (status === 404) return missing;
  if (status === 408 || status === 429 || (status !== undefined && status >= 500)) return retryableStorage;
  if (status !== undefined && status >= 400) return permanentStorage;
  // No HTTP status: missing credentials, or a transport fault (reset, refused, timeout) before or during a response.
  if (asShape(error).name === 'CredentialsProviderError') return denied;
  if (TRANSPORT_FAULT.test(describe(error))) return retryableStorage;
  const code = categorizeError(error);
  if (code === ErrorCode.PERMISSION_DENIED || code === ErrorCode.DISK_FULL) return { code, retryable: false };
  return { code: ErrorCode.STORAGE_ERROR, retryable: shouldRetry(error) || code === ErrorCode.API_TIMEOUT };
}

/**
 * Turns what the AWS SDK (or a transport under it) threw into a `PipelineError` by the
 * {@link S3_ERROR_CODES} table, keeping the original as `cause`. The message and details name the
 * operation, bucket, key, S3 code, HTTP status and request id only: never credentials, signatures
 * or the SDK's own message. PipelineErrors pass through unchanged.
 */
export function toS3PipelineError(error: unknown, context: S3ErrorContext): PipelineError {
  if (isPipelineError(error)) return error;
  const where = context.key === undefined ? `s3://${context.bucket}` : `s3://${context.bucket}/${context.key}`;
  const details: Record<string, unknown> = { operation: context.operation, bucket: context.bucket };
  if (context.key !== undefined) details['key'] = context.key;
  if (isAbort(error)) {
    return new PipelineError(ErrorCode.JOB_CANCELLED, `S3 ${context.operation} cancelled: ${where}`, details, {
      cause: error,
    });
  }
  const s3Code = s3ErrorCode(error);
  const status = httpStatusOf(error);
  const mapping = (s3Code === undefined ? undefined : S3_ERROR_CODES[s3Code]) ?? mappingByStatus(status, error);
  if (s3Code !== undefined) details['s3Code'] = s3Code;
  if (status !== undefined) details['upstreamStatus'] = status;
  const requestId = asShape(error).$metadata?.requestId;
  if (typeof requestId === 'string') details['requestId'] = requestId;
  const transportCode = asShape(error).code;
  if (s3Code === undefined && typeof transportCode === 'string') details['errno'] = transportCode;
  const reason = s3Code ?? (status === undefined ? String(transportCode ?? 'transport error') : `HTTP ${status}`);
  return new PipelineError(mapping.code, `S3 ${context.operation} failed: ${where}: ${reason}`, details, {
    cause: error,
    retryable: mapping.retryable,
  });
}

/** Runs `work` and maps what it throws with {@link toS3PipelineError}. */
export async function s3Call<T>(context: S3ErrorContext, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toS3PipelineError(error, context);
  }
}
