import { getErrorInfo } from './catalog.js';
import { ErrorCode, isErrorCode } from './codes.js';
import { redact } from './redact.js';
import { redactText } from './redact-url.js';
import { INSPECT_CUSTOM, redactedErrorView, scrubCauseInputs } from './redacted-view.js';
import { userFacingDetails } from './response-body.js';
import { safeGet, safeRecord, safeText } from './safe.js';
import { serializeError } from './serialize-error.js';
import { userMessageFor } from './user-message.js';
import {
  problemTypeUri,
  type ClientResponseBody,
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
  /**
   * The HTTP status to answer with, from the catalog: the name Express, Koa, Hono and RFC 9457 read.
   * `statusCode` (Fastify, Node) and `httpStatus` (0.1) are the same value.
   */
  readonly status: number;
  /** Whether trying again may succeed: the catalog's answer unless overridden. */
  readonly retryable: boolean;
  declare readonly [PIPELINE_ERROR_BRAND]: true;
  readonly #userMessage: string | undefined;

  /**
   * Never throws: an unknown `code` (possible from plain JavaScript) becomes `INTERNAL_ERROR`, keeping it
   * as `details.unknownCode`; a non-string message is turned into text; hostile `details` (throwing
   * getters, proxies) lose only the keys that cannot be read; `null` options count as none. The message
   * is redacted here, once, so nothing that reads `message` later (a framework's error body, a tracer's
   * `recordException`) sees a secret; the `input` that URL parse errors keep along the cause chain is
   * redacted in place.
   */
  constructor(
    code: ErrorCode,
    message: string,
    details?: Record<string, unknown>,
    options?: PipelineErrorOptions | null,
  ) {
    const opts = safeRecord(options) as PipelineErrorOptions;
    super(redactText(safeText(message)), 'cause' in opts ? { cause: opts.cause } : undefined);
    if ('cause' in opts) scrubCauseInputs(opts.cause);
    const known = isErrorCode(code);
    this.code = known ? code : ErrorCode.INTERNAL_ERROR;
    this.details = withRedactedJson({
      ...safeRecord(details),
      ...(known ? {} : { unknownCode: safeText(code) }),
    });
    const info = getErrorInfo(this.code);
    this.status = info.httpStatus;
    this.retryable = typeof opts.retryable === 'boolean' ? opts.retryable : info.retryable;
    this.#userMessage = typeof opts.userMessage === 'string' ? opts.userMessage : undefined;
  }

  /** The same as {@link PipelineError.status}: the name Fastify and Node's `http` read. */
  get statusCode(): number {
    return this.status;
  }

  /** The same as {@link PipelineError.status} (the 0.1 name, kept for compatibility). */
  get httpStatus(): number {
    return this.status;
  }

  /**
   * Whether the message may be shown to the client (the http-errors convention Express and Koa follow):
   * true for client errors (status 4xx: the caller's input, a job's state, a rate limit), false for 5xx.
   */
  get expose(): boolean {
    return this.status < 500;
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

  /**
   * What an API sends its clients: `{ error_code, user_message, retryable, details }`, where `details`
   * holds only user-facing keys (the invalid `field` and `issues`, limits such as `maxBytes`, valid
   * values, `retryAfterSeconds`): never the internal message, a path or a URL. Redacted, JSON-safe.
   */
  toResponseBody(): ClientResponseBody {
    return {
      error_code: this.code,
      user_message: redactText(this.getUserFriendlyMessage()),
      retryable: this.retryable,
      details: userFacingDetails(this.details),
    };
  }

  /**
   * The client body as a fetch `Response` with this error's status (`application/json`): what Hono's
   * default error handler sends for an error that has `getResponse()`, as its `HTTPException` does.
   */
  getResponse(): Response {
    return new Response(JSON.stringify(this.toResponseBody()), {
      status: this.status,
      headers: { 'content-type': 'application/json; charset=utf-8' },
    });
  }

  /**
   * An RFC 9457 problem details object; `detail` is the user message, never internal detail. A
   * validation error also lists its invalid fields in the extension member
   * `invalid_params: [{ name, reason }]` (the shape of RFC 9457 §3's example).
   */
  toProblemDetails(options?: ProblemDetailsOptions | null): ProblemDetails {
    const opts = safeRecord(options) as ProblemDetailsOptions;
    const problem: ProblemDetails = {
      type:
        typeof opts.type === 'string'
          ? opts.type
          : problemTypeUri(
              this.code,
              typeof opts.typeBaseUrl === 'string' ? opts.typeBaseUrl : undefined,
            ),
      title: getErrorInfo(this.code).title,
      status: this.status,
      detail: redactText(this.getUserFriendlyMessage()),
      code: this.code,
      retryable: this.retryable,
    };
    if (typeof opts.instance === 'string') problem.instance = opts.instance;
    const invalid = invalidParams(userFacingDetails(this.details));
    if (invalid.length > 0) problem.invalid_params = invalid;
    return problem;
  }

  /**
   * Write one record at the catalog's level the way pino expects errors:
   * `logger[level]({ err: serializeError(this) }, "CODE: message")` (message and stack live under
   * `err`, never at the top level), or `console[level]` when no logger is given. Redacted.
   */
  log(logger?: PipelineLogger | null): void {
    const level = getErrorInfo(this.code).logLevel;
    const err = serializeError(this);
    if (logger && typeof logger[level] === 'function') logger[level]({ err }, this.toString());
    else console[level](this.toString(), { err });
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
    const source = safeRecord(parsed);
    const rawCode = source['error_code'] ?? source['code'];
    // The constructor turns an unknown code into INTERNAL_ERROR and keeps it as details.unknownCode.
    const code = (typeof rawCode === 'string' ? rawCode : ErrorCode.INTERNAL_ERROR) as ErrorCode;
    const message =
      typeof source['message'] === 'string' ? source['message'] : getErrorInfo(code).title;
    const userMessage = source['user_message'] ?? source['detail'];
    const retryable = source['retryable'];
    return new PipelineError(code, message, safeRecord(source['details']), {
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
    safeGet(value, PIPELINE_ERROR_BRAND) === true && typeof safeGet(value, 'code') === 'string'
  );
}

// Any JSON serialization of `details` (pino's err serializer, a framework's body) gets the redacted
// copy; in-process reads keep the raw values. Non-enumerable, so it is no detail itself.
function withRedactedJson(details: Record<string, unknown>): Record<string, unknown> {
  Object.defineProperty(details, 'toJSON', {
    value(this: Record<string, unknown>) {
      return redact({ ...this });
    },
    enumerable: false,
  });
  return details;
}

function invalidParams(details: Record<string, unknown>): Array<{ name: string; reason: string }> {
  const issues = details['issues'];
  if (Array.isArray(issues)) {
    return issues.map((issue: { path: string; message: string }) => ({
      name: issue.path,
      reason: issue.message,
    }));
  }
  return typeof details['field'] === 'string'
    ? [{ name: details['field'], reason: 'is invalid' }]
    : [];
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
