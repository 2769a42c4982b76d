/** One abort signal for a download: the caller's `signal` or the whole-download timeout, whichever fires first. */
export interface Deadline {
  readonly signal: AbortSignal;
  /** True once the timeout fired (and not the caller's signal). */
  readonly timedOut: boolean;
  /** True once the caller's signal fired. */
  readonly cancelled: boolean;
  /** Stops the timer and unhooks the caller's signal; call it when the download settles. */
  clear(): void;
}

/** Starts a deadline of `timeoutMs` that also follows the caller's `signal`. */
export function startDeadline(timeoutMs: number, userSignal?: AbortSignal): Deadline {
  const controller = new AbortController();
  let timedOut = false;
  const onUserAbort = () => controller.abort(userSignal?.reason);
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error(`Download timed out after ${timeoutMs} ms`));
  }, timeoutMs);
  if (userSignal?.aborted) onUserAbort();
  else userSignal?.addEventListener('abort', onUserAbort, { once: true });

  return {
    signal: controller.signal,
    get timedOut() {
      return timedOut;
    },
    get cancelled() {
      return userSignal?.aborted === true && !timedOut;
    },
    clear() {
      clearTimeout(timer);
      userSignal?.removeEventListener('abort', onUserAbort);
    },
  };
}
