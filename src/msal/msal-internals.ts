// The msal-node behaviour this library mirrors, in one place. None of it is public msal-node API: each
// piece copies what msal-common does today (its ThrottlingUtils and RequestThumbprint), and
// test/msal/msal-internals.test.ts checks every piece against the installed msal-node, so an upgrade
// that changes one fails there first rather than in a retry that waits too little.

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

// One millisecond past the end: msal-common clears an entry only once `throttleTime < Date.now()`.
export const PAST_END = 1;

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

let uncomparable = 0;

function field(request: Record<string, unknown>, key: string): unknown {
  const value = request[key];
  return value === undefined ? null : value;
}

/**
 * msal-common's RequestThumbprint (getRequestThumbprint) without the client ID, which is the wrapper's
 * own: the fields, in its order and form, that make msal-node replay a throttled failure for a request.
 */
export function throttleKey(request: unknown): string {
  try {
    if (typeof request !== 'object' || request === null) return 'invalid';
    const record = request as Record<string, unknown>;
    const account = record['account'];
    const homeAccountId = typeof account === 'object' && account !== null ? (account as Record<string, unknown>)['homeAccountId'] : undefined;
    const extra = record['extraParameters'];
    const embeddedClientId = record['embeddedClientId'] || (typeof extra === 'object' && extra !== null ? (extra as Record<string, unknown>)['clientId'] : undefined);
    const attributeTokens = record['attributeTokens'];
    return JSON.stringify([
      field(record, 'authority'),
      field(record, 'scopes'),
      homeAccountId ?? null,
      field(record, 'claims'),
      field(record, 'authenticationScheme'),
      field(record, 'resourceRequestMethod'),
      field(record, 'resourceRequestUri'),
      field(record, 'shrClaims'),
      field(record, 'sshKid'),
      embeddedClientId ?? null,
      field(record, 'resource'),
      // msal-common sorts and joins them, so their order does not matter.
      Array.isArray(attributeTokens) && attributeTokens.length > 0 ? [...(attributeTokens as unknown[])].map(String).sort().join(' ') : null,
    ]);
  } catch {
    return `uncomparable#${++uncomparable}`;
  }
}
