import { redact } from './redact.js';
import { REDACTED, redactText } from './redact-url.js';
import { MAX_CAUSE_DEPTH } from './inspect-error.js';
import { isSecretKey } from './secret-keys.js';

/** Node's `util.inspect.custom`, through the global symbol registry so this package needs no `node:util`. */
export const INSPECT_CUSTOM: unique symbol = Symbol.for('nodejs.util.inspect.custom') as never;

const viewPrototypes = new Map<string, object>();

/** A prototype whose constructor has `constructorName`, so `util.inspect` labels the view as the original. */
function prototypeFor(constructorName: string, name: string): object {
  const cacheKey = `${constructorName}\0${name}`;
  let proto = viewPrototypes.get(cacheKey);
  if (proto === undefined) {
    // A named function only so that `util.inspect` reads the original class name off the prototype.
    const constructor = {
      [constructorName]: function () {
        return undefined;
      },
    }[constructorName] as () => void;
    proto = Object.create(Error.prototype, {
      constructor: { value: constructor, writable: true, configurable: true },
      name: { value: name, writable: true, configurable: true },
    }) as object;
    constructor.prototype = proto;
    viewPrototypes.set(cacheKey, proto);
  }
  return proto;
}

function hidden(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    writable: true,
    configurable: true,
    enumerable: false,
  });
}

function viewOf(value: unknown, seen: WeakSet<object>, depth: number): unknown {
  if (value instanceof Error) return redactedErrorView(value, seen, depth + 1);
  return redact(value);
}

/**
 * A stand-in for `error` that `util.inspect` prints like the original (class, message, stack, own
 * properties, `[cause]` chain, AggregateError `[errors]`) with every secret redacted: messages and
 * stacks through `redactText`, values of secret-looking keys replaced, other values through `redact`.
 * Cycles and chains deeper than `MAX_CAUSE_DEPTH` are cut.
 */
export function redactedErrorView(error: Error, seen = new WeakSet<object>(), depth = 0): Error {
  const name = typeof error.name === 'string' ? error.name : 'Error';
  const message = redactText(String(error.message));
  const constructorName =
    typeof error.constructor?.name === 'string' && error.constructor.name !== ''
      ? error.constructor.name
      : name;
  const view = new Error(message);
  Object.setPrototypeOf(view, prototypeFor(constructorName, name));
  const stack = typeof error.stack === 'string' ? error.stack : `${name}: ${message}`;
  hidden(view, 'stack', redactText(stack));
  if (seen.has(error) || depth > MAX_CAUSE_DEPTH) {
    hidden(view, 'stack', `${name}: ${message} [chain cut]`);
    return view;
  }
  seen.add(error);
  for (const [key, value] of Object.entries(error)) {
    if (key === 'stack' || key === 'message') continue;
    (view as unknown as Record<string, unknown>)[key] = isSecretKey(key)
      ? REDACTED
      : viewOf(value, seen, depth);
  }
  if (
    Object.hasOwn(error, 'cause') &&
    !Object.prototype.propertyIsEnumerable.call(error, 'cause')
  ) {
    hidden(view, 'cause', viewOf(error.cause, seen, depth));
  }
  const { errors } = error as { errors?: unknown };
  if (Array.isArray(errors))
    hidden(
      view,
      'errors',
      errors.map((member) => viewOf(member, seen, depth)),
    );
  return view;
}

/**
 * Redacts, in place, what a cause chain carries in text: the `input` that URL parse errors
 * (`ERR_INVALID_URL`, undici's) keep, and each cause's (and AggregateError member's) `message` and
 * `stack`. The originals stay the `cause` (same objects, same codes); only secrets in their text are
 * replaced, so no serializer that reads the cause itself (pino's `err`) can print one.
 */
export function scrubCauseInputs(cause: unknown): void {
  let current: unknown = cause;
  for (
    let depth = 0;
    depth < MAX_CAUSE_DEPTH && typeof current === 'object' && current !== null;
    depth += 1
  ) {
    try {
      const record = current as { input?: unknown; cause?: unknown; errors?: unknown };
      if (typeof record.input === 'string' && Object.hasOwn(record, 'input'))
        record.input = redactText(record.input);
      // Serializers that read the cause themselves (pino's default `err`, OpenTelemetry, a
      // console.log of `error.cause`) print its message and stack: redact those in place too.
      scrubTextField(record, 'message');
      scrubTextField(record, 'stack');
      if (Array.isArray(record.errors)) {
        for (const member of record.errors.slice(0, MAX_CAUSE_DEPTH)) {
          if (typeof member === 'object' && member !== null) {
            scrubTextField(member as Record<string, unknown>, 'message');
            scrubTextField(member as Record<string, unknown>, 'stack');
          }
        }
      }
      current = record.cause;
    } catch {
      return;
    }
  }
}

/** Replaces a string field with its redacted text when redaction changes it; never throws. */
function scrubTextField(record: Record<string, unknown>, field: 'message' | 'stack'): void {
  try {
    const value = record[field];
    if (typeof value !== 'string') return;
    const redacted = redactText(value);
    if (redacted !== value) record[field] = redacted;
  } catch {
    // A frozen error or a throwing accessor: nothing more can be done in place.
  }
}
