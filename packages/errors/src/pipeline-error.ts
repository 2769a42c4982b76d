import { getErrorInfo } from './catalog.js';
import { ErrorCode, isErrorCode } from './codes.js';
import { redact } from './redact.js';
import { redactText } from './redact-url.js';
import { INSPECT_CUSTOM, redactedErrorView, scrubCauseInputs } from './redacted-view.js';
import { userMessageFor } from './user-message.js';
import {
  problemTypeUri,
  type ErrorResponseBody,
  type PipelineLogger,
  type ProblemDetails,
  type ProblemDetailsOptions,
} from './wire-formats.js';

/** Options of {@link PipelineError}. */
export interface PipelineErrorOptions {
  /** Replaces the catalog's user message for this instance. Default: the catalog's message. */
  userMessage?: string;
  /** The error that caused this one. Default: none. */
  cause?: unknown;
  /** Overrides the catalog's retryability for this instance (e.g. a 404 download). Default: the catalog's. */
  retryable?: boolean;
}

/** The brand `isPipelineError` checks, shared by every copy of this package through the global symbol registry. */
export const PIPELINE_ERROR_BRAND: unique symbol = Symbol.for('@ad-pipeline/errors.PipelineError');

/** The error every part of the pipeline throws: a catalog code plus message, details and cause. */
export class PipelineError extends Error {
  /** The catalog code. */
  readonly code: ErrorCode;
  /** Structured, internal context; always a plain object. */
  readonly details: Record<string, unknown>;
  /** The HTTP status of the code, from the catalog. */
  readonly httpStatus: number;
  /** Whether trying again may succeed: the catalog's answer unless overridden. */
  readonly retryable: boolean;
  declare readonly [PIPELINE_ERROR_BRAND]: true;
  readonly #userMessage: string | undefined;

  /**
   * An unknown `code` (possible from plain JavaScript) becomes `INTERNAL_ERROR`, keeping it as
   * `details.unknown_code`. The message is redacted here (`redactText`), so `message` and `stack` hold no
   * secret for anything that reads them (OpenTelemetry `recordException`, APM agents); the `input` that
   * URL parse errors keep along the cause chain is redacted in place.
   */
  constructor(
    code: ErrorCode,
    message: string,
    details?: Record<string, unknown>,
    options: PipelineErrorOptions = {},
  ) {
    super(
      typeof message === 'string' ? redactText(message) : message,
      'cause' in options ? { cause: options.cause } : undefined,
    );
    if ('cause' in options) scrubCauseInputs(options.cause);
    const known = isErrorCode(code);
    this.code = known ? code : ErrorCode.INTERNAL_ERROR;
    this.details = { ...plainObject(details), ...(known ? {} : { unknown_code: String(code) }) };
    const info = getErrorInfo(this.code);
    this.httpStatus = info.httpStatus;
    this.retryable = options.retryable ?? info.retryable;
    this.#userMessage = options.userMessage;
  }

  /** The message for end users: the instance override, else the catalog's (with safe details). */
  getUserFriendlyMessage(): string {
    return this.#userMessage ?? userMessageFor(this.code, this.details, this.retryable);
  }

  /**
   * The API response body `{ error_code, message, details, user_message, retryable }`: redacted and
   * JSON-safe. `retryable` is an addition to the original body so that a per-instance override (a 404
   * download) survives a process boundary through {@link PipelineError.fromJSON}.
   */
  toJSON(): ErrorResponseBody {
    return {
      error_code: this.code,
      message: redactText(this.message),
      details: redact(this.details) as Record<string, unknown>,
      user_message: redactText(this.getUserFriendlyMessage()),
      retryable: this.retryable,
    };
  }

  /** An RFC 9457 problem details object; `detail` is the user message, never internal detail. */
  toProblemDetails(options: ProblemDetailsOptions = {}): ProblemDetails {
    const problem: ProblemDetails = {
      type: options.type ?? problemTypeUri(this.code, options.typeBaseUrl),
      title: getErrorInfo(this.code).title,
      status: this.httpStatus,
      detail: redactText(this.getUserFriendlyMessage()),
      code: this.code,
      retryable: this.retryable,
    };
    if (options.instance !== undefined) problem.instance = options.instance;
    return problem;
  }

  /** Write one redacted structured record at the catalog's level, to a pino-style logger or the console. */
  log(logger?: PipelineLogger): void {
    const level = getErrorInfo(this.code).logLevel;
    const record: Record<string, unknown> = {
      ...this.toJSON(),
      name: this.name,
      http_status: this.httpStatus,
    };
    if (this.stack !== undefined) record['stack'] = redactText(this.stack);
    if (this.cause !== undefined) record['cause'] = redact(this.cause);
    if (logger) logger[level](record, this.toString());
    else console[level](this.toString(), record);
  }

  /** `"CODE: message"`, with URLs in the message redacted. */
  override toString(): string {
    return `${this.code}: ${redactText(this.message)}`;
  }

  /**
   * What `util.inspect` and `console.log` print: the error as Node would show it (stack, properties,
   * `[cause]` chain, AggregateError `[errors]`) with every secret redacted.
   */
  [INSPECT_CUSTOM](): Error {
    return redactedErrorView(this);
  }

  /**
   * The inverse of {@link PipelineError.toJSON}: same code, message, details and user message. Tolerant:
   * accepts a JSON string, reads `code` when `error_code` is absent, and turns junk into `INTERNAL_ERROR`.
   */
  static fromJSON(body: unknown): PipelineError {
    const parsed = typeof body === 'string' ? parseJson(body) : body;
    const source = plainObject(parsed);
    const rawCode = source['error_code'] ?? source['code'];
    // The constructor turns an unknown code into INTERNAL_ERROR and keeps it as details.unknown_code.
    const code = (typeof rawCode === 'string' ? rawCode : ErrorCode.INTERNAL_ERROR) as ErrorCode;
    const message =
      typeof source['message'] === 'string' ? source['message'] : getErrorInfo(code).title;
    const userMessage = source['user_message'] ?? source['detail'];
    const retryable = source['retryable'];
    return new PipelineError(code, message, plainObject(source['details']), {
      ...(typeof userMessage === 'string' ? { userMessage } : {}),
      ...(typeof retryable === 'boolean' ? { retryable } : {}),
    });
  }
}

Object.defineProperty(PipelineError.prototype, 'name', {
  value: 'PipelineError',
  writable: true,
  configurable: true,
});
Object.defineProperty(PipelineError.prototype, PIPELINE_ERROR_BRAND, { value: true });

/** Whether `value` is a `PipelineError`, from this or any other copy of the package (brand check). */
export function isPipelineError(value: unknown): value is PipelineError {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Record<symbol, unknown>)[PIPELINE_ERROR_BRAND] === true &&
    typeof (value as { code?: unknown }).code === 'string'
  );
}

function plainObject(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? { ...(value as Record<string, unknown>) }
    : {};
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
