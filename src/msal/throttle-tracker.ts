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

// msal-common's ThrottlingUtils: DEFAULT_THROTTLE_TIME_SECONDS and DEFAULT_MAX_THROTTLE_TIME_SECONDS.
export const MSAL_DEFAULT_THROTTLE_MS = 60_000;
const MSAL_MAX_THROTTLE_MS = 3_600_000;

/**
 * The throttle window msal-node keeps after a token-endpoint answer, exactly as msal-common computes it
 * (ThrottlingUtils.postProcess / calculateThrottleTime): an entry is stored for a 429 or 5xx, or for
 * any non-2xx answer carrying `Retry-After`. Its length is `parseInt(Retry-After)` seconds when that is
 * positive, else 60 s, and never more than an hour. MSAL reads only `Retry-After` and only as seconds:
 * an HTTP-date or a `retry-after-ms` header leaves it at 60 s even when the server asked for less.
 *
 * @returns The window in milliseconds, or null when MSAL stores no throttle entry.
 */
export function msalThrottleMs(status: number, retryAfterHeader: string | undefined): number | null {
  const success = status >= 200 && status < 300;
  const throttledStatus = status === 429 || (status >= 500 && status < 600);
  if (!throttledStatus && (success || retryAfterHeader === undefined)) return null;
  const seconds = Number.parseInt(retryAfterHeader ?? '', 10);
  const windowMs = Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : MSAL_DEFAULT_THROTTLE_MS;
  return Math.min(windowMs, MSAL_MAX_THROTTLE_MS);
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
