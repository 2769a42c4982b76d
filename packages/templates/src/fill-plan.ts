/**
 * A precomputed recipe for rebuilding a frozen value with placeholders replaced: only the
 * strings that contain a placeholder, and the objects on the way to them, are rebuilt;
 * everything else is shared with the (frozen) source.
 */
export type FillPlan = StringPlan | ContainerPlan;

interface StringPlan {
  kind: 'string';
  /** Literal text at even indices, placeholder names at odd indices. */
  parts: readonly string[];
}

interface ContainerPlan {
  kind: 'container';
  /** Keys (or array indices) whose values contain placeholders, with their plans. */
  children: readonly (readonly [key: string, plan: FillPlan])[];
}

/**
 * The plan for `value`, or `undefined` when nothing in it matches `placeholder`.
 * `placeholder` must have the global flag off and exactly one capture group: the name.
 */
export function compileFillPlan(value: unknown, placeholder: RegExp): FillPlan | undefined {
  if (typeof value === 'string') {
    const parts = value.split(placeholder);
    return parts.length > 1 ? { kind: 'string', parts } : undefined;
  }
  if (typeof value !== 'object' || value === null) {
    return undefined;
  }
  const children: [string, FillPlan][] = [];
  for (const [key, child] of Object.entries(value)) {
    const plan = compileFillPlan(child, placeholder);
    if (plan) {
      children.push([key, plan]);
    }
  }
  return children.length > 0 ? { kind: 'container', children } : undefined;
}

/**
 * A frozen copy of `value` built by `plan`, each placeholder replaced by `values[name]`.
 * Inserted text is never scanned again, so it stays exactly as given.
 */
export function applyFillPlan<T>(
  value: T,
  plan: FillPlan,
  values: Readonly<Record<string, string>>,
): T {
  if (plan.kind === 'string') {
    const { parts } = plan;
    let text = parts[0] as string;
    for (let index = 1; index < parts.length; index += 2) {
      text += (values[parts[index] as string] as string) + (parts[index + 1] as string);
    }
    return text as T;
  }
  const source = value as Record<string, unknown>;
  const copy = (Array.isArray(source) ? [...source] : { ...source }) as Record<string, unknown>;
  for (const [key, childPlan] of plan.children) {
    copy[key] = applyFillPlan(source[key], childPlan, values);
  }
  return Object.freeze(copy) as T;
}
