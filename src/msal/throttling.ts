import { classifyValidated } from '../classify/classify.js';
import type { ClassifyOptions, Decision } from '../classify/types.js';
import { read } from '../parse/safe.js';
import { MSAL_DEFAULT_THROTTLE_MS, msalThrottleMs, PAST_END } from './msal-internals.js';

/** What the network client saw when a token request failed: the answer's status and headers, or the transport error. */
export interface TokenAnswer {
  /** When the answer (or the transport error) arrived, in epoch milliseconds. */
  readonly at: number;
  /** The HTTP status, or null when the request got no answer. */
  readonly status: number | null;
  /** Only the headers the classifier reads (Retry-After in its three spellings, request IDs, WWW-Authenticate). */
  readonly headers: Readonly<Record<string, string>>;
  /** The parsed JSON error body, or the start of a non-JSON body (an HTML error page), or null. */
  readonly body: unknown;
  /** How long the server asked us to wait, in milliseconds, from any of the Retry-After headers. */
  readonly retryAfterMs: number | null;
  /**
   * How long msal-node itself will refuse to repeat this request, in milliseconds, or null when it keeps
   * no throttle entry for this answer (2xx, a transport error, or a body it never saw).
   */
  readonly msalThrottleMs: number | null;
  /** `ECONNRESET`, `ETIMEDOUT`, … when the request never got an answer. */
  readonly transportError: string | null;
}

/** How many unread answers are kept; older ones are dropped first. */
const MAX_ANSWERS = 256;

/**
 * Failed token-request answers, keyed by the request's correlation ID (msal-node passes it to the
 * network module with every token request). The wrapper reads, and so removes, the answer for the
 * attempt it just made; answers nobody reads are dropped oldest first, so memory stays bounded.
 */
export class AnswerLog {
  readonly #answers = new Map<string, TokenAnswer>();

  record(correlationId: string, answer: TokenAnswer): void {
    this.#answers.delete(correlationId);
    this.#answers.set(correlationId, answer);
    if (this.#answers.size > MAX_ANSWERS) {
      const oldest = this.#answers.keys().next().value;
      if (oldest !== undefined) this.#answers.delete(oldest);
    }
  }

  /** Returns and forgets the answer recorded for a correlation ID. */
  take(correlationId: string): TokenAnswer | undefined {
    const answer = this.#answers.get(correlationId);
    if (answer !== undefined) this.#answers.delete(correlationId);
    return answer;
  }

  get size(): number {
    return this.#answers.size;
  }
}

/** A throttle window msal-node is holding for one request thumbprint. */
export interface ThrottleWindow {
  /** The first instant at which msal-node lets the request through again, in epoch milliseconds. */
  readonly endsAt: number;
  /** The decision for the failure that opened the window; MSAL's replay of it carries less. */
  readonly decision: Decision;
}

/** How many windows are remembered; the oldest is forgotten first. */
const MAX_WINDOWS = 512;

/**
 * The wrapper's memory of msal-node's throttle entries. MSAL keys those by request thumbprint and,
 * inside the window, answers every identical request with a replayed ServerError without touching the
 * network, so the only way through is to wait until the window ends. Kept per wrapper, across calls,
 * so a call that starts inside a window left by an earlier one knows how long it has to wait.
 */
export class ThrottleWindows {
  readonly #windows = new Map<string, ThrottleWindow>();

  /** The window still open for a key at `now`, if any. */
  get(key: string, now: number): ThrottleWindow | undefined {
    const window = this.#windows.get(key);
    if (window === undefined) return undefined;
    if (window.endsAt <= now) {
      this.#windows.delete(key);
      return undefined;
    }
    return window;
  }

  /** Opens (or moves) the window for a key; msal-node's newest entry replaces the older one too. */
  open(key: string, endsAt: number, decision: Decision): ThrottleWindow {
    const window: ThrottleWindow = { endsAt, decision };
    this.#windows.delete(key);
    this.#windows.set(key, window);
    if (this.#windows.size > MAX_WINDOWS) {
      const oldest = this.#windows.keys().next().value;
      if (oldest !== undefined) this.#windows.delete(oldest);
    }
    return window;
  }
}

/** One failed attempt, classified. */
export interface ClassifiedFailure {
  readonly decision: Decision;
  /** msal-node's throttle window for the request, when one is open after this failure. */
  readonly window: ThrottleWindow | undefined;
}

/** Everything about the attempt besides the error itself. */
export interface FailureContext {
  /** Validated classifier options (context and overrides). */
  readonly classifyOptions: ClassifyOptions;
  /** What the network client recorded for this attempt, if it is in use. */
  readonly answer: TokenAnswer | undefined;
  readonly windows: ThrottleWindows;
  /** The request's msal-node thumbprint (see request-key.ts). */
  readonly throttleKey: string;
  /** When the failure reached the wrapper, in epoch milliseconds: after msal-node stored its throttle entry. */
  readonly now: number;
}

/** The network client's record goes first (exact status and headers), the MSAL error behind it as `cause`. */
function inputOf(error: unknown, answer: TokenAnswer | undefined): unknown {
  if (answer === undefined) return error;
  if (answer.status === null) return { code: answer.transportError, cause: error };
  return { status: answer.status, headers: answer.headers, body: answer.body, cause: error };
}

/** True when msal-node got an answer from the token endpoint and raised it: only then does it keep a throttle entry. */
function isServerAnswer(error: unknown): boolean {
  const name = read(error, 'name');
  return name === 'ServerError' || name === 'InteractionRequiredAuthError';
}

function statusOf(error: unknown): number | undefined {
  const status = read(error, 'status');
  return typeof status === 'number' && Number.isFinite(status) ? status : undefined;
}

/** The window msal-node opened for this failure, in milliseconds, or null when it opened none. */
function openedWindowMs(error: unknown, answer: TokenAnswer | undefined, decision: Decision): number | null {
  if (answer !== undefined) return answer.msalThrottleMs;
  if (!isServerAnswer(error) || decision.action !== 'retry') return null;
  // Without the network client the Retry-After value is unknown, so msal-node's 60 s default is assumed.
  const status = statusOf(error);
  return status === undefined ? MSAL_DEFAULT_THROTTLE_MS : msalThrottleMs(status, undefined);
}

/**
 * Classifies a failed attempt and keeps the wrapper's record of msal-node's throttle windows current.
 * Inside an open window msal-node answers with a replay of the failure that opened it, which carries
 * less than the original (no status, sometimes no codes): the original decision is used instead.
 * Returns null when the error carries no Entra signal at all; it is then passed on untouched.
 */
export function classifyFailure(error: unknown, context: FailureContext): ClassifiedFailure | null {
  const { answer, windows, throttleKey, now } = context;
  const classified = classifyValidated(inputOf(error, answer), { ...context.classifyOptions, now, fromTokenRequest: true });
  const open = windows.get(throttleKey, now);
  // A network answer for this attempt means msal-node did go to the network: not a replay.
  const replay = answer === undefined && (classified?.throttledReplay === true || (open !== undefined && isServerAnswer(error) && statusOf(error) === undefined));
  if (replay) {
    const replayed = open?.decision ?? classified;
    if (replayed === null) return null;
    const window = open ?? windows.open(throttleKey, now + MSAL_DEFAULT_THROTTLE_MS + PAST_END, replayed);
    // The server's wait was counted from the original answer; from now, what is left of the window is the wait.
    // The reported wait leaves out the 1 ms margin, so `Retry-After` says what the server said.
    const decision = replayed.action === 'retry' ? { ...replayed, retryAfterMs: Math.max(0, window.endsAt - PAST_END - now) } : replayed;
    return { decision, window };
  }
  if (classified === null) return null;
  const decision = classified;
  const windowMs = openedWindowMs(error, answer, decision);
  if (windowMs === null) return { decision, window: undefined };
  return { decision, window: windows.open(throttleKey, now + windowMs + PAST_END, decision) };
}
