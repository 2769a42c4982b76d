import { ErrorCode } from '../codes.js';
import { isPipelineError, PipelineError } from '../pipeline-error.js';
import { isObjectLike, safeGet, safeRecord, safeText } from '../safe.js';
import { isRetryableStatus } from '../status.js';
import { toPipelineError } from '../to-pipeline-error.js';
import { POLICY_CODES, QUOTA_CODES } from './provider-codes.js';
import { headerOf, providerRetryAfterMs, type HeadersLike } from './provider-headers.js';

/** An AI provider's HTTP answer, as {@link fromProviderResponse} reads it. */
export interface ProviderResponse {
  /** `'anthropic'` (or `'claude'`), `'openai'`, `'replicate'`, `'elevenlabs'`, any case; others are generic. */
  service: string;
  /** The HTTP status; absent for a Replicate prediction that `failed` (the poll itself answered 200). */
  status?: number;
  headers?: HeadersLike | null;
  /** The parsed JSON body (or its text). */
  body?: unknown;
}

/** Options of {@link fromProviderError}. */
export interface ProviderErrorOptions {
  /** Which provider threw; default: guessed from the error's body shape, else a generic service. */
  service?: string;
  /** The clock for reset timestamps, in ms since the epoch. Default: `Date.now()`. */
  now?: number;
}

type Provider = 'anthropic' | 'openai' | 'replicate' | 'elevenlabs' | 'other';

const SERVICE_CODE: Readonly<Record<Provider, ErrorCode>> = {
  anthropic: ErrorCode.CLAUDE_API_ERROR,
  openai: ErrorCode.OPENAI_API_ERROR,
  replicate: ErrorCode.REPLICATE_API_ERROR,
  elevenlabs: ErrorCode.ELEVENLABS_API_ERROR,
  other: ErrorCode.EXTERNAL_API_ERROR,
};

// Replicate's safety checker: "NSFW content detected…", "…flagged as sensitive… (E005)".
// Source: https://replicate.com/docs/reference/error-codes and failed predictions' `error` text.
const POLICY_TEXT = /nsfw|flagged as sensitive|\(?\bE005\b\)?|safety (?:filter|checker)|content (?:policy|filter|moderation)/i;

/**
 * A `PipelineError` for an AI provider's error response, by each provider's documented semantics:
 * - quota and billing (OpenAI `insufficient_quota` and billing codes, Anthropic `billing_error` and
 *   `429` `enforced_spend_limit_reached`, ElevenLabs `quota_exceeded`, any `402`) → `QUOTA_EXCEEDED`,
 *   not retryable;
 * - content filters (OpenAI `content_policy_violation`, a Replicate prediction that `failed` on NSFW /
 *   "flagged as sensitive" / E005) → `CONTENT_POLICY_VIOLATION`, not retryable;
 * - any other `429` (OpenAI `rate_limit_exceeded`, Anthropic `rate_limit_error`, ElevenLabs
 *   `too_many_concurrent_requests` / `system_busy`) → `API_RATE_LIMIT`, retryable; `408`/`504` →
 *   `API_TIMEOUT`;
 * - everything else → the service's code (`CLAUDE_API_ERROR`, …), retryable as its status is
 *   (Anthropic `529 overloaded_error` and 5xx yes; 4xx no; a failed prediction no).
 * `details`: `service`, `upstreamStatus`, `providerCode` (the provider's error type/code), `requestId`,
 * `retryAfterMs` (from {@link providerRetryAfterMs}). The provider's message is kept (redacted) in
 * `message`, never in the user message. Never throws.
 */
export function fromProviderResponse(response: ProviderResponse, now: number = Date.now()): PipelineError {
  const source = safeRecord(response);
  const provider = providerOf(source['service']);
  const status = validStatus(source['status']);
  const body = parseBody(source['body']);
  const facts = bodyFacts(body);
  const headers = source['headers'];
  const code = classify(provider, status, facts);
  const waitMs = providerRetryAfterMs(headers, now);
  const retryable =
    code === ErrorCode.API_RATE_LIMIT || code === ErrorCode.API_TIMEOUT
      ? true
      : code === SERVICE_CODE[provider]
        ? status !== undefined && isRetryableStatus(status)
        : false;
  const requestId =
    headerOf(headers, 'request-id') ?? headerOf(headers, 'x-request-id') ?? facts.requestId;
  const details: Record<string, unknown> = {
    service: safeText(source['service']) || provider,
    ...(status === undefined ? {} : { upstreamStatus: status }),
    ...(facts.code === undefined ? {} : { providerCode: facts.code }),
    ...(requestId === undefined ? {} : { requestId }),
    ...(waitMs === undefined ? {} : { retryAfterMs: waitMs }),
  };
  const name = provider === 'other' ? details['service'] : provider;
  const message = `${String(name)} API error${status === undefined ? '' : ` ${status}`}${
    facts.code === undefined ? '' : ` ${facts.code}`
  }${facts.message === undefined ? '' : `: ${facts.message.slice(0, 500)}`}`;
  return new PipelineError(code, message, details, { retryable });
}

/**
 * A `PipelineError` for whatever an AI provider's official SDK (or a fetch of its API) threw:
 * `@anthropic-ai/sdk` and `openai` `APIError`s (`status`, `headers`, `error`), ElevenLabs' SDK errors
 * (`statusCode`, `body`, `rawResponse.headers`), Replicate's `ApiError` (`response`) and failed
 * predictions (`prediction`), judged as {@link fromProviderResponse} does. Errors without a response
 * (connection failures, timeouts, aborts) go through `toPipelineError`; a `PipelineError` comes back as
 * is. The original is the `cause`. Never throws.
 */
export function fromProviderError(error: unknown, options?: ProviderErrorOptions | null): PipelineError {
  if (isPipelineError(error)) return error;
  const opts = safeRecord(options) as ProviderErrorOptions;
  const now = typeof opts.now === 'number' ? opts.now : Date.now();
  const response = safeGet(error, 'response');
  const prediction = safeGet(error, 'prediction');
  const status = validStatus(
    safeGet(error, 'status') ?? safeGet(error, 'statusCode') ?? safeGet(response, 'status'),
  );
  const body = parseBody(
    prediction ??
      safeGet(error, 'error') ??
      safeGet(error, 'body') ??
      safeGet(error, 'responseBody') ??
      bodyInMessage(safeGet(error, 'message')),
  );
  const headers =
    safeGet(error, 'headers') ??
    safeGet(safeGet(error, 'rawResponse'), 'headers') ??
    safeGet(response, 'headers');
  const service = typeof opts.service === 'string' ? opts.service : guessService(body);
  if (status === undefined && !isFailedPrediction(body)) return withoutResponse(error, service);
  const built = fromProviderResponse({ service, ...(status === undefined ? {} : { status }), headers: headers as HeadersLike, body }, now);
  return new PipelineError(built.code, built.message, built.details, {
    cause: error,
    retryable: built.retryable,
  });
}

// The SDKs' errors without a response: `APIConnectionTimeoutError` (Anthropic, OpenAI),
// `ElevenLabsTimeoutError`, `APIConnectionError`; anything else is classified as any thrown value.
function withoutResponse(error: unknown, service: string): PipelineError {
  const wrapped = toPipelineError(error);
  const names = `${safeText(safeGet(error, 'name'))} ${safeText(safeGet(safeGet(error, 'constructor'), 'name'))}`;
  const serviceCode = SERVICE_CODE[providerOf(service)];
  const code = /timeout/i.test(names)
    ? ErrorCode.API_TIMEOUT
    : /connection/i.test(names) || wrapped.code === ErrorCode.EXTERNAL_API_ERROR
      ? serviceCode
      : undefined;
  if (code === undefined || code === wrapped.code) return wrapped;
  return new PipelineError(code, wrapped.message, { ...wrapped.details, service }, { cause: error, retryable: true });
}

// Replicate's JS client puts the body in the message only: "Request to <url> failed with status 429
// Too Many Requests: {…}." and `run()` throws "Prediction failed: <prediction.error>".
function bodyInMessage(message: unknown): unknown {
  if (typeof message !== 'string') return undefined;
  const failed = /^Prediction failed: ([\s\S]+)$/.exec(message);
  if (failed) return { status: 'failed', error: failed[1] };
  const json = /failed with status \d{3}[^:]*: (\{[\s\S]*\})\.?$/.exec(message);
  return json ? parseBody(json[1]) : undefined;
}

interface BodyFacts {
  code?: string;
  message?: string;
  requestId?: string;
  failedPrediction: boolean;
  spendLimit: boolean;
}

function bodyFacts(body: unknown): BodyFacts {
  // Anthropic: { type: 'error', error: { type, message, details?: { error_code } }, request_id }
  // OpenAI:    { error: { message, type, code, param } }  (the SDK's `error` is the inner object)
  // ElevenLabs: { detail: { status, message } } or { detail: [validation items] }
  // Replicate: problem+json { title, detail, status } or a prediction { status: 'failed', error }
  const inner = isObjectLike(safeGet(body, 'error')) ? safeGet(body, 'error') : body;
  const detail = safeGet(body, 'detail');
  const failedPrediction = isFailedPrediction(body);
  const candidates = [
    safeGet(safeGet(inner, 'details'), 'error_code'),
    safeGet(inner, 'code'),
    safeGet(detail, 'status'),
    safeGet(inner, 'type'),
  ];
  const code = candidates.find((value): value is string => typeof value === 'string' && value !== 'error');
  const messages = [
    failedPrediction ? safeGet(body, 'error') : undefined,
    safeGet(inner, 'message'),
    safeGet(detail, 'message'),
    typeof detail === 'string' ? detail : undefined,
    safeGet(body, 'title'),
  ];
  const message = messages.find((value): value is string => typeof value === 'string' && value !== '');
  const requestId = safeGet(body, 'request_id');
  return {
    ...(code === undefined ? {} : { code }),
    ...(message === undefined ? {} : { message }),
    ...(typeof requestId === 'string' ? { requestId } : {}),
    failedPrediction,
    spendLimit: candidates.some((value) => typeof value === 'string' && QUOTA_CODES.has(value)),
  };
}

function classify(provider: Provider, status: number | undefined, facts: BodyFacts): ErrorCode {
  if (facts.spendLimit || status === 402) return ErrorCode.QUOTA_EXCEEDED;
  if (facts.code !== undefined && POLICY_CODES.has(facts.code)) return ErrorCode.CONTENT_POLICY_VIOLATION;
  if (facts.failedPrediction && facts.message !== undefined && POLICY_TEXT.test(facts.message))
    return ErrorCode.CONTENT_POLICY_VIOLATION;
  if (status === 429) return ErrorCode.API_RATE_LIMIT;
  if (status === 408 || status === 504) return ErrorCode.API_TIMEOUT;
  return SERVICE_CODE[provider];
}

function isFailedPrediction(body: unknown): boolean {
  return safeGet(body, 'status') === 'failed' && typeof safeGet(body, 'error') === 'string';
}

function providerOf(service: unknown): Provider {
  const name = safeText(service).trim().toLowerCase();
  if (name === 'anthropic' || name === 'claude') return 'anthropic';
  if (name === 'openai' || name === 'replicate' || name === 'elevenlabs') return name;
  return 'other';
}

function guessService(body: unknown): string {
  if (safeGet(body, 'type') === 'error' && isObjectLike(safeGet(body, 'error'))) return 'anthropic';
  if (isFailedPrediction(body)) return 'replicate';
  if (isObjectLike(safeGet(body, 'detail'))) return 'elevenlabs';
  if (typeof safeGet(body, 'type') === 'string' || isObjectLike(safeGet(body, 'error'))) return 'openai';
  return 'external';
}

function validStatus(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 100 && value <= 599 ? value : undefined;
}

function parseBody(body: unknown): unknown {
  if (typeof body !== 'string') return body;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return { message: body };
  }
}
