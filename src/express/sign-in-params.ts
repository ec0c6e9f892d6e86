import { decodeClaims } from '../parse/claims.js';
import { safeReturnTo } from './return-to.js';

// The query string the handler puts on `loginPath`, and the reader the sign-in route uses to get it
// back. Both directions live here so the wire format is written once. The reader treats the query as
// hostile: anyone can link a user to `/auth/signin?…`, so each value is checked against a grammar or
// an allow-list before it reaches Entra.

/** The `prompt` values the handler sends. */
export type SignInPrompt = 'login' | 'consent' | 'select_account';

/** What an interactive sign-in needs to clear one failure. */
export interface SignInParams {
  /** Same-origin path to come back to. */
  readonly returnTo: string;
  readonly prompt?: SignInPrompt;
  /** The claims challenge as JSON text. */
  readonly claims?: string;
  /** Scopes the failure asked for, beyond the sign-in route's own. */
  readonly scopes: readonly string[];
  readonly loginHint?: string;
  readonly domainHint?: string;
}

/** What the reader accepts besides the grammar. */
export interface SignInParamRules {
  /** Scopes a link may add; `'any'` accepts every well-formed scope. */
  readonly allowedScopes: ReadonlySet<string> | 'any';
  /** Lower-case `domain_hint` values a link may set. */
  readonly allowedDomainHints: ReadonlySet<string>;
}

export const QUERY = {
  returnTo: 'returnTo',
  prompt: 'prompt',
  claims: 'claims',
  scopes: 'scopes',
  loginHint: 'login_hint',
  domainHint: 'domain_hint',
} as const;

const PROMPTS: ReadonlySet<string> = new Set<SignInPrompt>(['login', 'consent', 'select_account']);
// RFC 6749 §3.3 scope-token: visible ASCII except `"` and `\`.
export const SCOPE_TOKEN = /^[\u0021\u0023-\u005b\u005d-\u007e]{1,256}$/;
const MAX_SCOPES = 32;
// login_hint is a UPN, an email or the opaque `login_hint` ID-token claim: visible ASCII.
export const LOGIN_HINT = /^[\u0021-\u007e]{1,256}$/;

// A lone UTF-16 surrogate, which `encodeURIComponent` throws on (scopes from a downstream challenge can carry one).
const LONE_SURROGATE = /\p{Cs}/gu;

/** `encodeURIComponent` that never throws: lone surrogates become U+FFFD, as `String#toWellFormed` does. */
function encode(value: string): string {
  return encodeURIComponent(value.replace(LONE_SURROGATE, '\uFFFD'));
}

/**
 * Writes the params as a query string (claims as unpadded base64url, which survives any URL handling).
 * Built by hand with `encodeURIComponent`: this runs on every sign-in redirect, and `URLSearchParams`
 * reads `%20` back as it reads `+`.
 */
export function toQuery(params: SignInParams): string {
  const pairs: string[] = [`${QUERY.returnTo}=${encode(params.returnTo)}`];
  if (params.prompt) pairs.push(`${QUERY.prompt}=${params.prompt}`);
  if (params.claims) pairs.push(`${QUERY.claims}=${Buffer.from(params.claims, 'utf8').toString('base64url')}`);
  if (params.scopes.length > 0) pairs.push(`${QUERY.scopes}=${encode(params.scopes.join(' '))}`);
  if (params.loginHint) pairs.push(`${QUERY.loginHint}=${encode(params.loginHint)}`);
  if (params.domainHint) pairs.push(`${QUERY.domainHint}=${encode(params.domainHint)}`);
  return pairs.join('&');
}

/** Splits and checks a space-separated scope list; malformed, duplicate or disallowed scopes are dropped. */
export function readScopes(value: string | null, allowed: ReadonlySet<string> | 'any'): string[] {
  if (value === null) return [];
  const scopes: string[] = [];
  for (const scope of value.split(' ')) {
    if (scopes.length >= MAX_SCOPES) break;
    if (!SCOPE_TOKEN.test(scope) || scopes.includes(scope)) continue;
    if (allowed === 'any' || allowed.has(scope)) scopes.push(scope);
  }
  return scopes;
}

/** Reads the params back from a query string; anything malformed is left out rather than trusted. */
export function fromQuery(query: URLSearchParams, rules: SignInParamRules): SignInParams {
  const prompt = query.get(QUERY.prompt);
  const claims = decodeClaims(query.get(QUERY.claims) ?? undefined);
  const loginHint = query.get(QUERY.loginHint);
  const domainHint = query.get(QUERY.domainHint)?.toLowerCase();
  return {
    returnTo: safeReturnTo(query.get(QUERY.returnTo)),
    scopes: readScopes(query.get(QUERY.scopes), rules.allowedScopes),
    ...(prompt !== null && PROMPTS.has(prompt) ? { prompt: prompt as SignInPrompt } : {}),
    ...(claims !== null ? { claims } : {}),
    ...(loginHint !== null && LOGIN_HINT.test(loginHint) ? { loginHint } : {}),
    ...(domainHint !== undefined && rules.allowedDomainHints.has(domainHint) ? { domainHint } : {}),
  };
}
