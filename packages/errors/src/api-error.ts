import { ErrorCode } from './codes.js';
import { PipelineError, type PipelineErrorOptions } from './pipeline-error.js';
import { safeRecord, safeText } from './safe.js';
import { isRetryableStatus } from './status.js';

const SERVICE_CODES: ReadonlyMap<string, ErrorCode> = new Map([
  ['claude', ErrorCode.CLAUDE_API_ERROR],
  ['replicate', ErrorCode.REPLICATE_API_ERROR],
  ['elevenlabs', ErrorCode.ELEVENLABS_API_ERROR],
  ['openai', ErrorCode.OPENAI_API_ERROR],
]);

/** The code of a third-party service by name, any case (`'OpenAI'` → `OPENAI_API_ERROR`); others `EXTERNAL_API_ERROR`. */
export function serviceErrorCode(service: string): ErrorCode {
  return SERVICE_CODES.get(safeText(service).trim().toLowerCase()) ?? ErrorCode.EXTERNAL_API_ERROR;
}

/**
 * A third-party service failed. The code names the service (a 429 keeps the service's code and stays
 * retryable); `details.service` and `details.upstreamStatus` record what happened. `status` /
 * `statusCode` are, as for every `PipelineError`, the status to answer with (the catalog's, e.g. 502);
 * the service's own status is `upstreamStatus`.
 */
export class APIError extends PipelineError {
  /** The service name as given. */
  readonly service: string;
  /** The HTTP status the service answered with, if any. */
  readonly upstreamStatus: number | undefined;

  /**
   * Retryability: a 4xx other than 408/425/429 is final, as are 501 and 505; any other status, or none,
   * follows the catalog. `options.retryable` overrides both.
   */
  constructor(
    service: string,
    message: string,
    upstreamStatus?: number,
    details?: Record<string, unknown>,
    options?: PipelineErrorOptions | null,
  ) {
    const opts = safeRecord(options) as PipelineErrorOptions;
    const name = safeText(service);
    const upstream =
      typeof upstreamStatus === 'number' && Number.isFinite(upstreamStatus) ? upstreamStatus : undefined;
    super(
      serviceErrorCode(name),
      message,
      { ...safeRecord(details), service: name, ...(upstream === undefined ? {} : { upstreamStatus: upstream }) },
      {
        ...opts,
        ...(typeof opts.retryable === 'boolean'
          ? {}
          : isFinalStatus(upstream)
            ? { retryable: false }
            : {}),
      },
    );
    this.service = name;
    this.upstreamStatus = upstream;
  }
}

Object.defineProperty(APIError.prototype, 'name', {
  value: 'APIError',
  writable: true,
  configurable: true,
});

function isFinalStatus(status: number | undefined): boolean {
  return status !== undefined && status >= 400 && status <= 599 && !isRetryableStatus(status);
}
