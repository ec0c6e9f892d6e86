import { readHeader } from '../parse/retry-after.js';
import { msalThrottleMs, type TokenAnswer } from './throttle-tracker.js';

// Only what the classifier reads is kept from an answer: never cookies or anything else it carried.
const KEPT_HEADERS = ['retry-after', 'retry-after-ms', 'x-ms-retry-after-ms', 'client-request-id', 'x-ms-request-id', 'www-authenticate', 'content-type'];
const MAX_KEPT_TEXT = 4096;

/**
 * The headers handed to msal-node for a failed token request. msal-node reads only `Retry-After`, and
 * only as whole seconds: for `retry-after-ms`, `x-ms-retry-after-ms` or an HTTP-date it falls back to
 * a 60 s throttle window. When the server did say how long to wait, `Retry-After` is set to that wait
 * in seconds (rounded up, at least 1) so msal-node's window matches the server's request.
 */
export function headersForMsal(headers: Record<string, string>, retryAfterMs: number | null): Record<string, string> {
  if (retryAfterMs === null) return headers;
  const seconds = Number.parseInt(headers['retry-after'] ?? '', 10);
  if (Number.isFinite(seconds) && seconds > 0) return headers;
  return { ...headers, 'retry-after': String(Math.max(1, Math.ceil(retryAfterMs / 1000))) };
}

/** One answer as the network client read it. */
export interface RawAnswer {
  readonly method: string;
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly retryAfterMs: number | null;
  readonly at: number;
}

/** What is recorded for a failed answer. `sentToMsal` are the headers msal-node saw, or null when it saw no answer. */
export function answerOf(raw: RawAnswer, body: unknown, sentToMsal: Record<string, string> | null): TokenAnswer {
  const { method, status, headers, retryAfterMs, at } = raw;
  const kept: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = readHeader(headers, name);
    if (value !== undefined) kept[name] = value;
  }
  // msal-node throttles token POSTs only, and only answers it was handed (it never sees a body we refused).
  const window = method === 'POST' && sentToMsal !== null ? msalThrottleMs(status, sentToMsal['retry-after']) : null;
  return {
    at,
    status,
    headers: kept,
    body: typeof body === 'string' ? body.slice(0, MAX_KEPT_TEXT) : body,
    retryAfterMs,
    msalThrottleMs: window,
    transportError: null,
  };
}

/** What is recorded when a request got no answer at all. */
export function transportAnswer(code: string, at: number): TokenAnswer {
  return { at, status: null, headers: {}, body: null, retryAfterMs: null, msalThrottleMs: null, transportError: code };
}
