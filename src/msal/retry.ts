import { AadError } from '../errors.js';
import type { ClassifyOptions, Decision } from '../classify/types.js';
import { log, type AadLogger, type AadLogLevel } from '../logger.js';
import type { OnRetry } from './options.js';
import { PAST_END, throttleKey } from './msal-internals.js';
import { type Fleet, type FleetMethod, KnownFailure } from './fleet.js';
import type { FlightControl } from './single-flight.js';
import { classifyFailure, type AnswerLog, type ClassifiedFailure, type ThrottleWindows } from './throttling.js';

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

/** Why the policy gave up; `circuit_open` is the breaker's fail-fast, decided before the policy runs. */
export type GiveUpReason = 'not_retryable' | 'attempts' | 'elapsed' | 'circuit_open';

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

/** The clock, the wait and the dice; injected so tests can pin them. */
export interface Runtime {
  now(): number;
  readonly sleep: Sleep;
  random(): number;
  newCorrelationId(): string;
}

/** What one wrapped method runs its attempts with; built once per wrapper and method. */
export interface AttemptSettings {
  readonly method: string;
  readonly limits: RetryLimits;
  readonly classifyOptions: ClassifyOptions;
  readonly answers: AnswerLog | undefined;
  readonly windows: ThrottleWindows;
  readonly onRetry: OnRetry | undefined;
  readonly logger: AadLogger;
  readonly runtime: Runtime;
  /** Client credentials in a daemon: a claims challenge is answered by asking again with the claims, once. */
  readonly answersClaims: boolean;
  /** The shared store's rules (waits, leases, circuit, interaction memory), when a store is configured. */
  readonly fleet: Fleet | undefined;
  readonly fleetMethod: FleetMethod;
}

type Request = Readonly<Record<string, unknown>>;

/** An attempt that failed: what was thrown, and the request as it was sent. */
interface Failed {
  readonly error: unknown;
  readonly sent: Request;
}

/** Only identifiers and numbers: never the upstream description, never a request field. */
function logDetails(settings: AttemptSettings, decision: Decision, extra: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return { method: settings.method, action: decision.action, code: decision.codeId, upstreamStatus: decision.upstreamStatus, correlationId: decision.correlationId, traceId: decision.traceId, ...extra };
}

function logFor(settings: AttemptSettings, level: AadLogLevel, record: object, message: string): void {
  log(settings.logger, level, record, message);
}

function notifyRetry(settings: AttemptSettings, decision: Decision, attempt: number, delayMs: number): void {
  logFor(settings, 'info', logDetails(settings, decision, { attempt, delayMs }), 'Entra ID token request failed; retrying');
  if (settings.onRetry === undefined) return;
  try {
    settings.onRetry(decision, attempt, delayMs);
  } catch (error) {
    // A broken hook must not turn a recoverable failure into an unrecoverable one.
    logFor(settings, 'error', { method: settings.method, error: error instanceof Error ? error.name : typeof error }, 'onRetry threw; the retry goes ahead');
  }
}

/**
 * The error for a failure that is not retried. A `retry` decision that ran out of attempts or time gets
 * the real earliest retry time as `retryAfterMs` (so `Retry-After` on the 503 tells the truth): the
 * server's ask, or what is left of msal-node's throttle window if that is longer.
 */
function giveUp(settings: AttemptSettings, failed: Decision, cause: unknown, plan: Extract<RetryPlan, { retry: false }>, attempt: number, elapsedMs: number, windowMs: number): AadError {
  if (plan.reason === 'not_retryable') return new AadError(failed, { cause });
  if (plan.reason === 'circuit_open') {
    logFor(settings, 'info', logDetails(settings, failed, { attempt, retryAfterMs: failed.retryAfterMs, reason: plan.reason }), 'Entra ID circuit open; failing fast');
    const message = `Entra ID token request not sent: the circuit for this authority is open after repeated failures (${failed.codeId ?? 'no code'}); retry in ${failed.retryAfterMs ?? 0} ms.`;
    return new AadError(failed, { cause, message });
  }
  const asked = failed.retryAfterMs ?? 0;
  // The window runs 1 ms past msal-node's own end (see PAST_END); the reported wait leaves that out.
  const windowAsk = Math.max(0, windowMs - PAST_END);
  const decision = windowAsk > asked ? { ...failed, retryAfterMs: windowAsk } : failed;
  logFor(settings, 'warn', logDetails(settings, decision, { attempt, elapsedMs, reason: plan.reason }), 'Entra ID token request failed; giving up');
  const why = plan.reason === 'attempts'
    ? `retry.maxAttempts (${settings.limits.maxAttempts}) reached`
    : `the next wait (${plan.delayMs} ms) would pass retry.maxElapsedMs (${settings.limits.maxElapsedMs} ms)`;
  const message = `Entra ID token request still failing after ${attempt} attempt${attempt === 1 ? '' : 's'} in ${elapsedMs} ms (${decision.codeId ?? 'no code'}): ${decision.summary} Gave up: ${why}.`;
  return new AadError(decision, { cause, message });
}

/**
 * Runs one request until it succeeds, fails in a way retrying cannot fix, or reaches a retry limit.
 * Each failure is classified; `retry` decisions wait as the policy says (aborted through the flight's
 * signal), and every other decision is thrown at once as an `AadError`. Errors with no Entra signal
 * are rethrown untouched.
 */
export function runAttempts<T>(settings: AttemptSettings, request: Request, call: (request: Request) => Promise<T>, control: FlightControl, flightKey: string | null = null): Promise<T> {
  // The first attempt is made here and the loop entered only on failure: a cache hit, the common case,
  // then costs one promise reaction rather than an async frame.
  const startedAt = settings.runtime.now();
  const first = stamped(settings, request);
  return attemptOnce(settings, first, call, control, flightKey).then(undefined, (error: unknown) => retryLoop(settings, request, call, control, startedAt, { error, sent: first }, flightKey));
}

/** One attempt: straight to msal-node, or under the fleet's rules when a store is configured. */
function attemptOnce<T>(settings: AttemptSettings, sent: Request, call: (request: Request) => Promise<T>, control: FlightControl, flightKey: string | null): Promise<T> {
  try {
    if (settings.fleet === undefined) return call(sent);
    return settings.fleet.attempt(settings.fleetMethod, sent, flightKey, call, (error) => classifyAttempt(settings, error, sent), control);
  } catch (error) {
    return Promise.reject(error);
  }
}

/** Classifies the failure of the attempt that sent `sent`, with the network client's record of that attempt. */
function classifyAttempt(settings: AttemptSettings, error: unknown, sent: Request): ClassifiedFailure | null {
  const correlationId = sent['correlationId'];
  const answer = settings.answers !== undefined && typeof correlationId === 'string' ? settings.answers.take(correlationId) : undefined;
  // throttleKey leaves the correlation ID out, so the stamped request keys as the caller's did.
  return classifyFailure(error, { classifyOptions: settings.classifyOptions, answer, windows: settings.windows, throttleKey: throttleKey(sent), now: settings.runtime.now() });
}

/** The request as sent: with a correlation ID of our own, so the network client's record matches this very attempt. */
function stamped(settings: AttemptSettings, request: Request): Request {
  return settings.answers !== undefined && typeof request['correlationId'] !== 'string' ? { ...request, correlationId: settings.runtime.newCorrelationId() } : request;
}

/**
 * Handles a failed attempt, then makes the next one, until one succeeds or a failure is thrown.
 * `failed` is the attempt that just failed; `attempt` counts attempts made, the failed one included.
 */
async function retryLoop<T>(settings: AttemptSettings, request: Request, call: (request: Request) => Promise<T>, control: FlightControl, startedAt: number, firstFailure: Failed, flightKey: string | null): Promise<T> {
  const { runtime, limits } = settings;
  let current = request;
  let claimsAsked = false;
  let failed = firstFailure;
  for (let attempt = 1; ; attempt++) {
    // The fleet layer hands back failures it already classified, and refusals made without a request.
    const known = failed.error instanceof KnownFailure ? failed.error : undefined;
    const error = known === undefined ? failed.error : known.error;
    const failure = known === undefined ? classifyAttempt(settings, error, failed.sent) : known.failure;
    const now = runtime.now();
    if (failure === null) throw error;
    const { decision, window } = failure;
    if (decision.action === 'claims_challenge' && settings.answersClaims && !claimsAsked && decision.claims !== null) {
      // Client credentials can satisfy a claims challenge by themselves: ask once more with the claims
      // (msal-node then skips its cache); a second challenge is thrown.
      claimsAsked = true;
      current = { ...current, claims: decision.claims };
      logFor(settings, 'info', logDetails(settings, decision, { attempt }), 'Entra ID asked for claims; requesting the token again with them');
    } else {
      const elapsedMs = now - startedAt;
      const throttleRemainingMs = window ? window.endsAt - now : 0;
      const plan: RetryPlan = known?.giveUp === true && decision.action === 'retry'
        ? { retry: false, reason: 'circuit_open', delayMs: decision.retryAfterMs ?? 0 }
        : planRetry({ decision, attempt, elapsedMs, throttleRemainingMs, random: runtime.random() }, limits);
      if (!plan.retry) throw giveUp(settings, decision, error, plan, attempt, elapsedMs, throttleRemainingMs);
      control.lastDecision = decision;
      notifyRetry(settings, decision, attempt, plan.delayMs);
      await runtime.sleep(plan.delayMs, control.signal);
    }
    if (control.aborted) throw control.signal.reason;
    const next = stamped(settings, current);
    try {
      // No window is closed on success: a cache hit succeeds inside msal-node's window too, and the
      // entry is still there for the next network request. Windows end by themselves.
      return await attemptOnce(settings, next, call, control, flightKey);
    } catch (caught) {
      failed = { error: caught, sent: next };
    }
  }
}
