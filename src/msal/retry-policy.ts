import type { Decision } from '../classify/types.js';
import { backoffDelay } from './backoff.js';

/** The retry limits, every one resolved to a number. */
export interface RetryLimits {
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly maxElapsedMs: number;
}

/** What the policy looks at after a failed attempt. */
export interface RetryInput {
  /** The classified failure. Only `retry` decisions are retried. */
  readonly decision: Pick<Decision, 'action' | 'retryAfterMs'>;
  /** Attempts made so far, the failed one included (1 after the first failure). */
  readonly attempt: number;
  /** Time since the first attempt started, in milliseconds. */
  readonly elapsedMs: number;
  /** What is left of msal-node's throttle window for this request, in milliseconds (0 when none is open). */
  readonly throttleRemainingMs: number;
  /** A number in [0, 1) for the jitter. */
  readonly random: number;
}

/** Why the policy gave up. */
export type GiveUpReason = 'not_retryable' | 'attempts' | 'elapsed';

/** Wait `delayMs` and try again, or stop; `delayMs` on a stop is the wait that was refused. */
export type RetryPlan =
  | { readonly retry: true; readonly delayMs: number }
  | { readonly retry: false; readonly reason: GiveUpReason; readonly delayMs: number };

/**
 * Decides wait-or-give-up after a failed attempt. The wait is the jittered exponential backoff, but
 * never shorter than what the server asked for (`Retry-After`) or than what is left of msal-node's
 * throttle window, since a call inside that window fails at once without reaching the network.
 * Server-sent waits are not capped by `maxDelayMs`: `maxElapsedMs` bounds them instead, and a wait that
 * would end at or after it is refused at once rather than slept through.
 */
export function planRetry(input: RetryInput, limits: RetryLimits): RetryPlan {
  if (input.decision.action !== 'retry') return { retry: false, reason: 'not_retryable', delayMs: 0 };
  const backoff = backoffDelay(input.attempt, limits.baseDelayMs, limits.maxDelayMs, input.random);
  const server = Math.max(0, input.decision.retryAfterMs ?? 0);
  const delayMs = Math.ceil(Math.max(backoff, server, Math.max(0, input.throttleRemainingMs)));
  if (input.attempt >= limits.maxAttempts) return { retry: false, reason: 'attempts', delayMs };
  if (input.elapsedMs + delayMs >= limits.maxElapsedMs) return { retry: false, reason: 'elapsed', delayMs };
  return { retry: true, delayMs };
}
