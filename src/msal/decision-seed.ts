import { classifyValidated } from '../classify/classify.js';
import type { ClassifyOptions, Decision } from '../classify/types.js';

// What the store keeps of a Decision: the protocol fields Entra ID sent (status, error, codes,
// suberror, claims) and its request IDs — never the description or any other upstream text, never a
// token. Another instance rebuilds the Decision by classifying those fields again with its own
// options, so a shared failure decides exactly as the original did, and a tampered or garbled entry can
// at worst decide differently: it can never carry text of its own to a user.

interface Seed {
  /** Upstream HTTP status, or null when the request got no answer. */
  readonly s: number | null;
  readonly e: string | null;
  readonly c: readonly number[];
  readonly se: string | null;
  readonly cl: string | null;
  readonly ci: string | null;
  readonly ti: string | null;
}

/** The seed of a decision, as JSON text. */
export function seedOf(decision: Decision): string {
  const seed: Seed = {
    s: decision.upstreamStatus,
    e: decision.error,
    c: decision.codes,
    se: decision.suberror,
    cl: decision.claims,
    ci: decision.correlationId,
    ti: decision.traceId,
  };
  return JSON.stringify(seed);
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.length <= 8192 ? value : undefined);

/** The token-endpoint answer (or transport failure) a seed stands for; undefined when the text is not a seed. */
function inputOf(json: string): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const seed = parsed as Record<string, unknown>;
  const status = typeof seed['s'] === 'number' && Number.isInteger(seed['s']) && seed['s'] >= 100 && seed['s'] <= 599 ? seed['s'] : undefined;
  const codes = Array.isArray(seed['c']) ? seed['c'].filter((code): code is number => Number.isInteger(code) && code >= 0).slice(0, 16) : [];
  const body = {
    error: text(seed['e']),
    error_codes: codes.length > 0 ? codes : undefined,
    suberror: text(seed['se']),
    claims: text(seed['cl']),
    correlation_id: text(seed['ci']),
    trace_id: text(seed['ti']),
  };
  // No status and no error: the request never got an answer. msal-node reports that as its network_error.
  if (status === undefined && body.error === undefined) return { name: 'ClientAuthError', errorCode: 'network_error', errorMessage: 'network_error' };
  return status === undefined ? body : { status, headers: {}, body };
}

/** The Decision a seed stands for, classified with the wrapper's options; null when the text is not a seed. */
export function decisionFromSeed(json: string, classifyOptions: ClassifyOptions, now: number): Decision | null {
  const input = inputOf(json);
  return input === undefined ? null : classifyValidated(input, { ...classifyOptions, now, fromTokenRequest: true });
}
