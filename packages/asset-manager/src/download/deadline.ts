/**
 * Where an attempt is when its deadline fires: resolving the host (`dns`), opening the TCP
 * connection (`connect`), the TLS handshake (`tls`), waiting for the response headers
 * (`headers`) or reading the body (`body`).
 */
export type DownloadPhase = 'dns' | 'connect' | 'tls' | 'headers' | 'body';

/** One abort signal for a download attempt: the caller's `signal` or the timeout, whichever fires first. */
export interface Deadline {
  readonly signal: AbortSignal;
  /** True once the timeout fired (and not the caller's signal). */
  readonly timedOut: boolean;
  /** True once the caller's signal fired. */
  readonly cancelled: boolean;
  /** Rejects with the abort reason once the deadline fires; race every wait against it. */
  readonly expired: Promise<never>;
  /** Stops the timer and unhooks the signal; call it when the attempt settles. */
  clear(): void;
}

/**
 * Starts a deadline of `timeoutMs` that also follows the caller's `signal`. The two are joined
 * with `AbortSignal.any`, which adds no listener to the caller's signal: many downloads can share
 * one signal without a `MaxListenersExceededWarning`, and nothing is left on it afterwards.
 */
export function startDeadline(timeoutMs: number, userSignal?: AbortSignal): Deadline {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error(`Download timed out after ${timeoutMs} ms`));
  }, timeoutMs);
  const signal =
    userSignal === undefined ? controller.signal : AbortSignal.any([controller.signal, userSignal]);
  let onAbort: (() => void) | undefined;
  const expired = new Promise<never>((_resolve, reject) => {
    onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  // Nobody may be racing against it when it fires: never an unhandled rejection.
  expired.catch(() => undefined);

  return {
    signal,
    get timedOut() {
      return timedOut;
    },
    get cancelled() {
      return userSignal?.aborted === true && !timedOut;
    },
    expired,
    clear() {
      clearTimeout(timer);
      if (onAbort !== undefined) signal.removeEventListener('abort', onAbort);
    },
  };
}
