import { getErrorInfo } from './catalog.js';
import { ErrorCode, isErrorCode, type ClientErrorCode } from './codes.js';
import { PipelineError, type PipelineErrorOptions } from './pipeline-error.js';
import { safeRecord } from './safe.js';

/** Options of {@link ValidationError}. */
export interface ValidationErrorOptions extends PipelineErrorOptions {
  /** A client-category code to use instead of `INVALID_INPUT` (e.g. `INVALID_CTA`). Default: `INVALID_INPUT`. */
  code?: ClientErrorCode;
}

/** Bad input from the caller: code `INVALID_INPUT` (or another client code) and `details.field`. */
export class ValidationError extends PipelineError {
  /**
   * A `code` outside the client category (only possible from plain JavaScript) falls back to
   * `INVALID_INPUT`: a validation failure is always the caller's, never a 5xx.
   */
  constructor(
    message: string,
    field?: string,
    details?: Record<string, unknown>,
    options?: ValidationErrorOptions | null,
  ) {
    const { code, ...rest } = safeRecord(options) as ValidationErrorOptions;
    super(
      isClientCode(code) ? code : ErrorCode.INVALID_INPUT,
      message,
      typeof field === 'string' ? { ...safeRecord(details), field } : details,
      rest,
    );
  }
}

Object.defineProperty(ValidationError.prototype, 'name', {
  value: 'ValidationError',
  writable: true,
  configurable: true,
});

function isClientCode(code: unknown): code is ClientErrorCode {
  return isErrorCode(code) && getErrorInfo(code).category === 'client';
}
