import type { Decision } from '../classify/types.js';
import { log, type AadLogger } from '../logger.js';
import type { CircuitPolicy } from '../store/types.js';

// The circuit breaker's public shape and its judgement of a failure. Its state lives in the store
// (recordFailure, the circuit and probe keys); src/msal/fleet.ts reads it before a request and feeds it
// after one.

/** A circuit's change, for `breaker.onStateChange` and the logger. */
export interface CircuitEvent {
  /** `open`: callers fail fast; `half_open`: this instance sends the one probe; `closed`: Entra ID answered again. */
  readonly state: 'open' | 'half_open' | 'closed';
  /** The authority the circuit guards. */
  readonly authority: string;
  /** While open, how long until a probe is let through, in milliseconds; otherwise null. */
  readonly retryAfterMs: number | null;
  /** The failure that opened the circuit, when it opened. */
  readonly decision: Decision | null;
}

/** The circuit breaker, per authority and client ID, across every instance sharing the store. */
export interface BreakerOptions {
  /** Consecutive retry-class failures (no answer, 5xx, an HTML error page) that open the circuit. @default 5 */
  readonly failureThreshold?: number;
  /** How long the circuit stays open before one probe is let through, in milliseconds. @default 30000 */
  readonly coolDownMs?: number;
  /** How long the probe may take before another instance may probe, in milliseconds. @default 10000 */
  readonly probeTimeoutMs?: number;
  /** Told when the circuit opens, lets a probe through or closes. It cannot change anything; an exception it throws is logged. */
  readonly onStateChange?: (event: CircuitEvent) => void;
}

/** The breaker with every default applied. */
export interface ResolvedBreaker {
  readonly policy: CircuitPolicy;
  readonly probeTimeoutMs: number;
  readonly onStateChange: ((event: CircuitEvent) => void) | undefined;
}

/** A failure that says Entra ID is unreachable or failing, as opposed to answering. */
export function isOutage(decision: Decision): boolean {
  return decision.action === 'retry' && decision.rule === 'transport' && !decision.throttledReplay && decision.upstreamStatus !== 429;
}

const MESSAGES: Record<CircuitEvent['state'], string> = {
  open: 'Entra ID circuit opened: callers fail fast until the cool-down ends',
  half_open: 'Entra ID circuit half-open: this instance sends the probe',
  closed: 'Entra ID circuit closed',
};

/** Logs a circuit change and tells `onStateChange`; a hook that throws is logged, never raised. */
export function announce(event: CircuitEvent, breaker: ResolvedBreaker | null, logger: AadLogger): void {
  const level = event.state === 'open' ? 'warn' : 'info';
  log(logger, level, { authority: event.authority, state: event.state, retryAfterMs: event.retryAfterMs, code: event.decision?.codeId ?? null, upstreamStatus: event.decision?.upstreamStatus ?? null }, MESSAGES[event.state]);
  if (breaker?.onStateChange === undefined) return;
  try {
    breaker.onStateChange(event);
  } catch (error) {
    log(logger, 'error', { error: error instanceof Error ? error.name : typeof error }, 'breaker.onStateChange threw; ignored');
  }
}
