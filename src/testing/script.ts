// The per-test script: answers queued for the next requests, first in first out. A scripted answer
// takes precedence over the simulator's own checks, so a test gets exactly the failure it asked for.

/** Options of `sim.failNextToken(code, options)`. */
export interface TokenFailure {
  /** The OAuth `error`. @default derived from the code (`invalid_grant`, `invalid_client`, `temporarily_unavailable`, …) */
  readonly error?: string;
  /** The `suberror`. `null` leaves it out. @default the one Entra typically sends with the code (50076 → `basic_action`, 65001 → `consent_required`), else none */
  readonly suberror?: string | null;
  /** A claims challenge as JSON text, sent unencoded in the `claims` field as the token endpoint does. */
  readonly claims?: string;
  /** More codes after the first in `error_codes`. */
  readonly moreCodes?: readonly number[];
  /** The description text after `AADSTS<code>: `. @default Entra's wording, else the catalog summary */
  readonly message?: string;
  /** @default 401 for `invalid_client`, 503 for `temporarily_unavailable`, 500 for `server_error`, else 400 */
  readonly status?: number;
  /** Adds a `Retry-After` header: seconds, or a date sent in HTTP-date form. */
  readonly retryAfter?: number | Date;
  /** Extra response headers. */
  readonly headers?: Readonly<Record<string, string>>;
  /** How many requests in a row get this answer. @default 1 */
  readonly times?: number;
  /** Only token requests with one of these `grant_type` values take this answer; others pass by. @default every grant */
  readonly grantType?: string | readonly string[];
}

/** Options of `sim.throttleNextToken(times, options)`. */
export interface ThrottleOptions {
  /** The `Retry-After` header: seconds, or a date sent in HTTP-date form. @default 5 */
  readonly retryAfter?: number | Date;
  /** @default 429 */
  readonly status?: 429 | 503;
  /** The AADSTS code in the body. @default 90055 (TenantThrottlingError) */
  readonly code?: number;
  /** @default every grant */
  readonly grantType?: string | readonly string[];
}

/** Options of `sim.answerNextTokenWith(answer)`: a raw answer, body and all. */
export interface RawTokenAnswer {
  readonly status: number;
  /** An object is sent as JSON, a string as is. @default an HTML error page when `html`, else no body */
  readonly body?: unknown;
  /** Answer with an HTML page (`text/html`), as a proxy or gateway in front of Entra would. @default false */
  readonly html?: boolean;
  readonly headers?: Readonly<Record<string, string>>;
  /** @default 1 */
  readonly times?: number;
  /** @default every grant */
  readonly grantType?: string | readonly string[];
}

/** Options of `sim.failNextAuthorize(failure)` and `sim.failNextAdminConsent(failure)`. */
export interface AuthorizeFailure {
  /** The AADSTS code in `error_description`. @default 65004 for `access_denied`, else 50058 */
  readonly code?: number;
  /** The OAuth `error` on the redirect. @default derived from the code (`access_denied`, `consent_required`, `interaction_required`, …) */
  readonly error?: string;
  /** The description text after `AADSTS<code>: `. */
  readonly message?: string;
  /** `error_subcode`, e.g. `cancel`. */
  readonly errorSubcode?: string;
  /** Show the page first and fail when it is submitted, instead of redirecting at once. @default false */
  readonly showPage?: boolean;
  /** @default 1 */
  readonly times?: number;
}

/** Options of `sim.failNextRefresh(code, options)`: a refusal of a signed-in user's refresh token. */
export interface RefreshFailure extends Omit<TokenFailure, 'grantType'> {
  /**
   * Only a refresh token issued to this user (sign-in name, any case) is refused; other users' refreshes
   * pass by. @default every user
   */
  readonly username?: string;
}

/** A queued refusal of a refresh token: the code and how to answer it. */
export interface RefreshScript {
  readonly code: number;
  readonly failure: RefreshFailure;
}

export type TokenScript = { readonly kind: 'failure'; readonly code: number; readonly failure: TokenFailure } | { readonly kind: 'raw'; readonly answer: RawTokenAnswer };

interface Entry<T> {
  remaining: number;
  /** The keys a request must have one of to take this answer (grant types, or user names), or null for any. */
  readonly keys: ReadonlySet<string> | null;
  readonly value: T;
}

/**
 * A FIFO of scripted answers, each good for a number of requests. An answer may be limited to requests
 * with one of a set of keys: the grant type for token answers, the user name for refresh refusals.
 */
export class ScriptQueue<T> {
  private readonly entries: Array<Entry<T>> = [];

  push(value: T, times: number, key?: string | readonly string[]): void {
    const keys = key === undefined ? null : new Set(typeof key === 'string' ? [key] : key);
    this.entries.push({ remaining: times, keys, value });
  }

  /** The first answer that applies to a request with this key, used up by one. */
  take(key: string | null = null): T | undefined {
    const index = this.entries.findIndex((entry) => entry.keys === null || (key !== null && entry.keys.has(key)));
    const entry = this.entries[index];
    if (entry === undefined) return undefined;
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.entries.splice(index, 1);
    return entry.value;
  }

  get pending(): number {
    return this.entries.reduce((sum, entry) => sum + entry.remaining, 0);
  }

  clear(): void {
    this.entries.length = 0;
  }
}

/** Checks a scripted call's arguments where it is made, so a typo fails the test that made it. */
export function checkScript(method: string, values: { code?: unknown; times?: unknown; status?: unknown; retryAfter?: unknown }): void {
  const { code, times, status, retryAfter } = values;
  if (code !== undefined && (typeof code !== 'number' || !Number.isSafeInteger(code) || code < 1)) {
    throw new TypeError(`${method}: \`code\` must be a positive integer AADSTS number such as 50076; received ${JSON.stringify(code)}`);
  }
  if (times !== undefined && (typeof times !== 'number' || !Number.isSafeInteger(times) || times < 1)) {
    throw new RangeError(`${method}: \`times\` must be a whole number of at least 1; received ${JSON.stringify(times)}`);
  }
  if (status !== undefined && (typeof status !== 'number' || !Number.isInteger(status) || status < 200 || status > 599)) {
    throw new RangeError(`${method}: \`status\` must be an HTTP status from 200 to 599; received ${JSON.stringify(status)}`);
  }
  if (retryAfter !== undefined && !(retryAfter instanceof Date && Number.isFinite(retryAfter.getTime())) && !(typeof retryAfter === 'number' && Number.isSafeInteger(retryAfter) && retryAfter >= 0)) {
    throw new RangeError(`${method}: \`retryAfter\` must be whole seconds (0 or more) or a valid Date; received ${JSON.stringify(retryAfter)}`);
  }
}
