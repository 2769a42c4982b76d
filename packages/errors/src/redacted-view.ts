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
 * Redacts, in place, the `input` that URL parse errors (`ERR_INVALID_URL`, undici's) keep along a cause
 * chain: an error object must not carry a raw signed URL however it is later printed.
 */
export function scrubCauseInputs(cause: unknown): void {
  let current: unknown = cause;
  for (
    let depth = 0;
    depth < MAX_CAUSE_DEPTH && typeof current === 'object' && current !== null;
    depth += 1
  ) {
    try {
      const record = current as { input?: unknown; cause?: unknown };
      if (typeof record.input === 'string' && Object.hasOwn(record, 'input'))
        record.input = redactText(record.input);
      current = record.cause;
    } catch {
      return;
    }
  }
}
