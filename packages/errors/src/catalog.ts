import { ErrorCode, type ErrorCategory } from './codes.js';

/** The level a {@link PipelineError} is logged at. */
export type LogLevel = 'warn' | 'error';

/** One catalog row: everything the pipeline knows about an error code. */
export interface ErrorInfo {
  readonly code: ErrorCode;
  readonly category: ErrorCategory;
  readonly httpStatus: number;
  readonly retryable: boolean;
  readonly logLevel: LogLevel;
  /** Short, stable summary; the RFC 9457 `title`. */
  readonly title: string;
  /** What an end user reads: no paths, URLs, stacks or internal detail. */
  readonly userMessage: string;
  /**
   * For retryable codes: what an end user reads when one instance is not retryable (a download that
   * answered 404, an API that rejected the request), where "try again" would be a false promise.
   */
  readonly permanentUserMessage?: string;
}

type Row = Omit<ErrorInfo, 'code' | 'logLevel'>;

const rows: { readonly [K in ErrorCode]: Row } = {
  INVALID_INPUT: {
    category: 'client',
    httpStatus: 400,
    retryable: false,
    title: 'Invalid input',
    userMessage:
      'Some of the information you provided is not valid. Please check it and try again.',
  },
  FILE_TOO_LARGE: {
    category: 'client',
    httpStatus: 413,
    retryable: false,
    title: 'File too large',
    userMessage: 'The file is too large. Please upload a smaller file.',
  },
  UNSUPPORTED_FORMAT: {
    category: 'client',
    httpStatus: 415,
    retryable: false,
    title: 'Unsupported format',
    userMessage: 'This file format is not supported. Please use a different file.',
  },
  MISSING_REQUIRED_FIELD: {
    category: 'client',
    httpStatus: 400,
    retryable: false,
    title: 'Missing required field',
    userMessage: 'A required field is missing. Please fill in every required field and try again.',
  },
  INVALID_STYLE: {
    category: 'client',
    httpStatus: 422,
    retryable: false,
    title: 'Invalid style',
    userMessage: 'The chosen style is not available. Please pick one of the offered styles.',
  },
  INVALID_CTA: {
    category: 'client',
    httpStatus: 422,
    retryable: false,
    title: 'Invalid call to action',
    userMessage: 'The call to action is not valid. Please use a short phrase of plain text.',
  },
  CONTENT_POLICY_VIOLATION: {
    category: 'client',
    httpStatus: 422,
    retryable: false,
    title: 'Content policy violation',
    userMessage:
      'Your request was declined by a content safety filter. Please change the wording or images and try again.',
  },
  SCRIPT_GENERATION_FAILED: {
    category: 'pipeline',
    httpStatus: 500,
    retryable: false,
    title: 'Script generation failed',
    userMessage: 'We could not write the script for your ad. Please try again.',
  },
  VOICE_GENERATION_FAILED: {
    category: 'pipeline',
    httpStatus: 500,
    retryable: false,
    title: 'Voice generation failed',
    userMessage: 'We could not create the voice-over for your ad. Please try again.',
  },
  VIDEO_GENERATION_FAILED: {
    category: 'pipeline',
    httpStatus: 500,
    retryable: false,
    title: 'Video generation failed',
    userMessage: 'We could not create the video for your ad. Please try again.',
  },
  IMAGE_GENERATION_FAILED: {
    category: 'pipeline',
    httpStatus: 500,
    retryable: false,
    title: 'Image generation failed',
    userMessage: 'We could not create the images for your ad. Please try again.',
  },
  COMPOSITION_FAILED: {
    category: 'pipeline',
    httpStatus: 500,
    retryable: false,
    title: 'Composition failed',
    userMessage: 'We could not put your ad together. Please try again.',
  },
  TEMPLATE_ERROR: {
    category: 'pipeline',
    httpStatus: 500,
    retryable: false,
    title: 'Template error',
    userMessage:
      'Something went wrong with the ad template. Please try again or choose another style.',
  },
  ASSET_DOWNLOAD_FAILED: {
    category: 'pipeline',
    httpStatus: 502,
    retryable: true,
    title: 'Asset download failed',
    userMessage: 'We could not fetch a media file for your ad. Please try again in a moment.',
    permanentUserMessage:
      'We could not fetch a media file for your ad: it is missing or was refused at its source.',
  },
  ASSET_SPEC_MISMATCH: {
    category: 'pipeline',
    httpStatus: 502,
    retryable: false,
    title: 'Asset spec mismatch',
    userMessage:
      'A generated media file did not match what its scene needs (length, shape or type). Please generate it again.',
  },
  CLAUDE_API_ERROR: {
    category: 'external',
    httpStatus: 502,
    retryable: true,
    title: 'Claude API error',
    userMessage: 'Our writing service is having trouble right now. Please try again in a moment.',
    permanentUserMessage:
      'Our writing service could not handle this request. Please change your input or contact support.',
  },
  REPLICATE_API_ERROR: {
    category: 'external',
    httpStatus: 502,
    retryable: true,
    title: 'Replicate API error',
    userMessage:
      'Our video and image service is having trouble right now. Please try again in a moment.',
    permanentUserMessage:
      'Our video and image service could not handle this request. Please change your input or contact support.',
  },
  ELEVENLABS_API_ERROR: {
    category: 'external',
    httpStatus: 502,
    retryable: true,
    title: 'ElevenLabs API error',
    userMessage: 'Our voice service is having trouble right now. Please try again in a moment.',
    permanentUserMessage:
      'Our voice service could not handle this request. Please change your input or contact support.',
  },
  OPENAI_API_ERROR: {
    category: 'external',
    httpStatus: 502,
    retryable: true,
    title: 'OpenAI API error',
    userMessage:
      'One of our AI services is having trouble right now. Please try again in a moment.',
    permanentUserMessage:
      'One of our AI services could not handle this request. Please change your input or contact support.',
  },
  EXTERNAL_API_ERROR: {
    category: 'external',
    httpStatus: 502,
    retryable: true,
    title: 'External service error',
    userMessage: 'A service we rely on is having trouble right now. Please try again in a moment.',
    permanentUserMessage:
      'A service we rely on could not handle this request. Please change your input or contact support.',
  },
  API_RATE_LIMIT: {
    category: 'external',
    httpStatus: 429,
    retryable: true,
    title: 'Rate limited',
    userMessage: 'We are handling a lot of requests right now. Please wait a moment and try again.',
  },
  API_TIMEOUT: {
    category: 'external',
    httpStatus: 504,
    retryable: true,
    title: 'Timed out',
    userMessage: 'A service took too long to respond. Please try again in a moment.',
  },
  QUOTA_EXCEEDED: {
    category: 'external',
    httpStatus: 502,
    retryable: false,
    title: 'Quota exceeded',
    userMessage:
      'One of our AI services is unavailable to us right now. Please try again later or contact support.',
  },
  REDIS_CONNECTION_ERROR: {
    category: 'system',
    httpStatus: 503,
    retryable: true,
    title: 'Queue unavailable',
    userMessage: 'Our service is temporarily unavailable. Please try again in a moment.',
  },
  DATABASE_ERROR: {
    category: 'system',
    httpStatus: 503,
    retryable: true,
    title: 'Database unavailable',
    userMessage: 'Our service is temporarily unavailable. Please try again in a moment.',
  },
  STORAGE_ERROR: {
    category: 'system',
    httpStatus: 503,
    retryable: true,
    title: 'Storage error',
    userMessage: 'We could not save or read your files right now. Please try again in a moment.',
    permanentUserMessage:
      'We could not save or read your files. Please contact support if this keeps happening.',
  },
  DISK_FULL: {
    category: 'system',
    httpStatus: 507,
    retryable: false,
    title: 'Insufficient storage',
    userMessage: 'We are out of storage space right now. Please try again later.',
  },
  PERMISSION_DENIED: {
    category: 'system',
    httpStatus: 500,
    retryable: false,
    title: 'Permission denied',
    userMessage: 'Something went wrong on our side. Please try again later.',
  },
  FFMPEG_ERROR: {
    category: 'system',
    httpStatus: 500,
    retryable: false,
    title: 'Media processing failed',
    userMessage: 'We could not process the media for your ad. Please try again.',
  },
  JOB_NOT_FOUND: {
    category: 'job',
    httpStatus: 404,
    retryable: false,
    title: 'Job not found',
    userMessage: 'We could not find that job. Please check the link or start a new one.',
  },
  JOB_EXPIRED: {
    category: 'job',
    httpStatus: 410,
    retryable: false,
    title: 'Job expired',
    userMessage: 'This job has expired. Please start a new one.',
  },
  JOB_ALREADY_PROCESSING: {
    category: 'job',
    httpStatus: 409,
    retryable: false,
    title: 'Job already processing',
    userMessage: 'This job is already being processed. Please wait for it to finish.',
  },
  JOB_CANCELLED: {
    category: 'job',
    httpStatus: 409,
    retryable: false,
    title: 'Job cancelled',
    userMessage: 'This job was cancelled. Please start a new one if you still need it.',
  },
  INTERNAL_ERROR: {
    category: 'internal',
    httpStatus: 500,
    retryable: false,
    title: 'Internal error',
    userMessage: 'Something went wrong on our side. Please try again later.',
  },
};

// The one log-level rule: the caller's mistakes and transient faults are warnings, the rest errors.
function logLevelOf(row: Row): LogLevel {
  return row.category === 'client' || row.retryable ? 'warn' : 'error';
}

/** The whole catalog, one frozen row per code. */
export const ERROR_CATALOG: Readonly<Record<ErrorCode, ErrorInfo>> = Object.freeze(
  Object.fromEntries(
    (Object.keys(rows) as ErrorCode[]).map((code) => [
      code,
      Object.freeze({ code, ...rows[code], logLevel: logLevelOf(rows[code]) }),
    ]),
  ) as Record<ErrorCode, ErrorInfo>,
);

/** The catalog row of `code`; an unknown code gets the `INTERNAL_ERROR` row. */
export function getErrorInfo(code: ErrorCode): ErrorInfo {
  return Object.hasOwn(ERROR_CATALOG, code)
    ? ERROR_CATALOG[code]
    : ERROR_CATALOG[ErrorCode.INTERNAL_ERROR];
}
