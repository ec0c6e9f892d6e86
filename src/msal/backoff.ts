/**
 * Exponential backoff with full jitter ("Exponential Backoff And Jitter", AWS Architecture Blog, 2015):
 * the n-th retry waits a uniformly random time between 0 and `min(capMs, baseMs × 2^(n-1))`.
 * Full jitter spreads a crowd of clients that failed together across the whole window, which is what
 * keeps them from failing together again.
 *
 * Pure: the random number is an argument, so the same inputs always give the same delay.
 *
 * @param attempt The number of attempts that have failed so far (1 before the first retry).
 * @param baseMs The ceiling of the first wait, in milliseconds.
 * @param capMs The largest ceiling, in milliseconds.
 * @param random A number in [0, 1), usually `Math.random()`.
 * @returns A whole number of milliseconds in [0, min(capMs, baseMs × 2^(attempt-1))].
 */
export function backoffDelay(attempt: number, baseMs: number, capMs: number, random: number): number {
  const step = Math.max(1, Math.floor(attempt));
  // 2 ** 1100 is Infinity and Math.min(cap, Infinity) is cap, so large attempts cannot overflow.
  const ceiling = Math.max(0, Math.min(capMs, baseMs * 2 ** (step - 1)));
  const unit = Number.isFinite(random) ? Math.min(Math.max(random, 0), 1) : 0;
  return Math.floor(unit * ceiling);
}
