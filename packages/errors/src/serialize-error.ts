import { MAX_CAUSE_DEPTH } from './inspect-error.js';
import { redact } from './redact.js';
import { redactText } from './redact-url.js';
import { isObjectLike, safeGet, safeRecord, safeText } from './safe.js';

const SERIALIZED: unique symbol = Symbol.for('@ad-pipeline/errors.serialized');
const SKIPPED_KEYS: ReadonlySet<string> = new Set(['message', 'stack', 'cause', 'errors', 'name']);
const MAX_MEMBERS = 32;

/** A thrown value as {@link serializeError} writes it: pino's `err` fields plus the error's own keys. */
export interface SerializedError {
  /** The constructor name or `name` (`'PipelineError'`, `'TypeError'`), or `typeof` for a non-error. */
  type: string;
  message: string;
  stack?: string;
  code?: string | number;
  /** The cause, serialized the same way (up to 8 deep; a cycle ends as `'[Circular]'`). */
  cause?: SerializedError | string;
  /** The members of an `AggregateError`. */
  aggregateErrors?: Array<SerializedError | string>;
  [key: string]: unknown;
}

/**
 * A pino `err` serializer for any thrown value: `pino({ serializers: { err: serializeError } })`.
 * Errors become `{ type, message, stack, code?, …own keys, cause?, aggregateErrors? }` following
 * pino-std-serializers, with every string redacted (`redact`/`redactText`: secret keys, credentials in
 * URLs) and the cause chain kept as nested records; a `PipelineError` adds `error_code`, `status`,
 * `retryable`, `user_message` and its redacted `details`. A non-error object is redacted as is; a
 * primitive becomes `{ type: typeof value, message }`. Records are null-prototype objects (so pino's
 * default serializer keeps their `type`), and a record given back is returned unchanged. Never throws.
 */
export function serializeError(err: unknown): SerializedError {
  try {
    return serialize(err, new Set(), 0);
  } catch {
    return record({ type: 'unknown', message: '[Unserializable]' });
  }
}

function serialize(err: unknown, seen: Set<object>, depth: number): SerializedError {
  if (!isObjectLike(err)) return record({ type: typeof err, message: redactText(safeText(err)) });
  if (safeGet(err, SERIALIZED) === true) return err as SerializedError;
  const message = safeGet(err, 'message');
  if (typeof message !== 'string') {
    const copy = safeRecord(redact(err));
    return record({ type: typeName(err), message: '', ...copy });
  }
  seen.add(err);
  const out = record({ type: typeName(err), message: redactText(message) });
  const stack = safeGet(err, 'stack');
  if (typeof stack === 'string') out.stack = redactText(stack);
  const own = safeRecord(err);
  for (const [key, value] of Object.entries(own)) {
    if (SKIPPED_KEYS.has(key) || value === undefined) continue;
    const safe = redact({ [key]: value }) as Record<string, unknown>;
    if (Object.hasOwn(safe, key)) out[key] = safe[key];
  }
  addPipelineFields(err, out);
  const cause = safeGet(err, 'cause');
  if (cause !== undefined) out.cause = nested(cause, seen, depth);
  const members = safeGet(err, 'errors');
  if (Array.isArray(members))
    out.aggregateErrors = members.slice(0, MAX_MEMBERS).map((member) => nested(member, seen, depth));
  return out;
}

function nested(value: unknown, seen: Set<object>, depth: number): SerializedError | string {
  if (isObjectLike(value) && seen.has(value)) return '[Circular]';
  if (depth >= MAX_CAUSE_DEPTH) return '[Truncated]';
  return serialize(value, seen, depth + 1);
}

// A PipelineError's own enumerable fields are code, details, status, retryable; the user message and
// the redacted details come from its methods.
function addPipelineFields(err: object, out: SerializedError): void {
  const toJSON = safeGet(err, 'toJSON');
  if (typeof toJSON !== 'function' || typeof safeGet(err, 'getUserFriendlyMessage') !== 'function')
    return;
  try {
    const body = (toJSON as () => Record<string, unknown>).call(err);
    out['error_code'] = body['error_code'];
    out['details'] = body['details'];
    out['user_message'] = body['user_message'];
    out['retryable'] = body['retryable'];
  } catch {
    // a foreign toJSON that throws keeps the generic fields only
  }
}

function typeName(err: object): string {
  try {
    const ctor = (err as { constructor?: unknown }).constructor;
    if (typeof ctor === 'function' && ctor.name && ctor !== Object) return ctor.name;
  } catch {
    // fall through to `name`
  }
  const name = safeGet(err, 'name');
  return typeof name === 'string' ? name : 'Object';
}

function record(fields: SerializedError): SerializedError {
  const out = Object.create(null) as SerializedError;
  Object.assign(out, fields);
  Object.defineProperty(out, SERIALIZED, { value: true, enumerable: false });
  return out;
}
