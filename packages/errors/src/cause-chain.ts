import { causeOf, MAX_CAUSE_DEPTH } from './inspect-error.js';
import { isObjectLike } from './safe.js';

/**
 * The one walk of a cause chain, shared by every classifier (`categorizeError`, `shouldRetry`,
 * `toPipelineError`'s facts, the timeout-abort check): `visit` sees `error`, then its `cause` (or an
 * abort's `reason`), up to {@link MAX_CAUSE_DEPTH} links below `error`, and the first answer that is not
 * `undefined` wins. Cycles end the walk; a link whose read throws (hostile getter, revoked proxy) ends it
 * too. `depth` is the number of links followed so far plus `startDepth`, so nested walks (the members of
 * an `AggregateError`) share one budget.
 */
export function findInCauseChain<T>(
  error: unknown,
  visit: (link: object, depth: number) => T | undefined,
  startDepth = 0,
): T | undefined {
  const seen = new Set<object>();
  let current: unknown = error;
  for (let depth = startDepth; depth <= MAX_CAUSE_DEPTH; depth += 1) {
    if (!isObjectLike(current) || seen.has(current)) return undefined;
    seen.add(current);
    try {
      const answer = visit(current, depth);
      if (answer !== undefined) return answer;
      current = causeOf(current);
    } catch {
      return undefined;
    }
  }
  return undefined;
}
