import { decideFromInfo } from '../classify/classify.js';
import type { ClassifyOptions, Decision } from '../classify/types.js';
import { parseAadError } from '../parse/parse-aad-error.js';
import { read } from '../parse/safe.js';
import { MSAL_DEFAULT_THROTTLE_MS, msalThrottleMs, type TokenAnswer } from './throttle-tracker.js';
import type { ThrottleWindow, ThrottleWindows } from './throttle-windows.js';

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

// One millisecond past the end: msal-common clears an entry only once `throttleTime < Date.now()`.
export const PAST_END = 1;

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
  const info = parseAadError(inputOf(error, answer), { now, fromTokenRequest: true });
  const open = windows.get(throttleKey, now);
  // A network answer for this attempt means msal-node did go to the network: not a replay.
  const replay = answer === undefined && (info?.throttledReplay === true || (open !== undefined && isServerAnswer(error) && statusOf(error) === undefined));
  if (replay) {
    const replayed = open?.decision ?? (info ? decideFromInfo(info, context.classifyOptions) : null);
    if (replayed === null) return null;
    const window = open ?? windows.open(throttleKey, now + MSAL_DEFAULT_THROTTLE_MS + PAST_END, replayed);
    // The server's wait was counted from the original answer; from now, what is left of the window is the wait.
    // The reported wait leaves out the 1 ms margin, so `Retry-After` says what the server said.
    const decision = replayed.action === 'retry' ? { ...replayed, retryAfterMs: Math.max(0, window.endsAt - PAST_END - now) } : replayed;
    return { decision, window };
  }
  if (info === null) return null;
  const decision = decideFromInfo(info, context.classifyOptions);
  const windowMs = openedWindowMs(error, answer, decision);
  if (windowMs === null) return { decision, window: undefined };
  return { decision, window: windows.open(throttleKey, now + windowMs + PAST_END, decision) };
}
