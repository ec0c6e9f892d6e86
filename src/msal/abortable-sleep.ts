/** Waits for a number of milliseconds, the way the retry loop waits between attempts. */
export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>;

/** setTimeout's largest delay (2^31 - 1 ms, about 24.8 days); longer ones fire at once. */
export const MAX_TIMER_MS = 2_147_483_647;

/**
 * Resolves after `ms` milliseconds, or rejects with `signal.reason` as soon as the signal aborts, and
 * then clears its timer and listener so nothing is left behind.
 *
 * The timer is deliberately not unref'd: a caller is awaiting this wait, and a daemon whose only
 * pending work is a retry must not exit in the middle of it. Nothing outlives an abort instead.
 */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(signal.reason);
  const delay = Math.min(Math.max(0, Number.isFinite(ms) ? ms : 0), MAX_TIMER_MS);
  return new Promise<void>((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, delay);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
