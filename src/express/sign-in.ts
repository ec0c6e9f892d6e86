import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Decision } from '../classify/types.js';
import { decodeClaims } from '../parse/claims.js';
import { AadOptionsError } from '../errors.js';
import { type AadLogger, log } from '../logger.js';
import { callbackState, isSignInCallbackError } from './callback.js';
import type { HandlerConfig } from './options.js';
import { requestPath, requestQuery, requestUrl } from './request.js';
import { MAX_RETURN_TO, compactPercentEncoding, isSafeReturnTo, safeReturnTo } from './return-to.js';
import { bindNonce, type StateBindingOptions } from './state-binding.js';

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
export function parseScopeList(value: string | null, allowed: ReadonlySet<string> | 'any'): string[] {
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
    returnTo: fitReturnTo(query.get(QUERY.returnTo)).returnTo,
    scopes: parseScopeList(query.get(QUERY.scopes), rules.allowedScopes),
    ...(prompt !== null && PROMPTS.has(prompt) ? { prompt: prompt as SignInPrompt } : {}),
    ...(claims !== null ? { claims } : {}),
    ...(loginHint !== null && LOGIN_HINT.test(loginHint) ? { loginHint } : {}),
    ...(domainHint !== undefined && rules.allowedDomainHints.has(domainHint) ? { domainHint } : {}),
  };
}

// The OAuth `state` sent to Entra and echoed back on the redirect URI. It carries where to go after
// sign-in and a random nonce that is also kept on the browser that started the sign-in (see
// state-binding.ts); `aadSignInCallback()` accepts the state only when that nonce is pending there.

/** What the `state` of a sign-in started by this library carries. */
export interface SignInState {
  /** The same-origin path to return to after sign-in; `/` when none or an unsafe one was given. */
  readonly returnTo: string;
  /** 128 random bits, base64url, also kept on the browser that started the sign-in. */
  readonly nonce: string;
}

const VERSION = 1;
/** The longest `state` written or read: the authorize URL and the redirect URI both carry it. */
export const MAX_STATE = 8192;
const NONCE_LENGTH = 22;

function encodeState(returnTo: string, nonce: string): string {
  return Buffer.from(JSON.stringify({ v: VERSION, r: returnTo, n: nonce }), 'utf8').toString('base64url');
}

function stateFits(returnTo: string): boolean {
  const bytes = Buffer.byteLength(JSON.stringify({ v: VERSION, r: returnTo, n: 'x'.repeat(NONCE_LENGTH) }), 'utf8');
  return Math.ceil((bytes * 4) / 3) <= MAX_STATE;
}

/** A `returnTo` that fits the state, and what had to be cut to make it fit. */
export interface FittedReturnTo {
  readonly returnTo: string;
  /** `query`: the query was dropped; `path`: even the path was too long, so `/`. Unset when nothing was cut. */
  readonly trimmed?: 'query' | 'path';
}

function fits(returnTo: string): boolean {
  return returnTo.length <= MAX_RETURN_TO && stateFits(returnTo);
}

/**
 * `value` as a safe `returnTo` that fits in the state. Too long is not the same as unsafe: a path
 * taken from the request URL first sheds its escapes of non-ASCII characters (a 1,500-character CJK
 * path is 13,500 characters escaped, 4,500 bytes in the state), then, if still too long, keeps its path
 * without the query; the caller logs what was cut.
 */
export function fitReturnTo(raw: unknown): FittedReturnTo {
  if (typeof raw !== 'string') return { returnTo: '/' };
  if (fits(raw)) return { returnTo: safeReturnTo(raw) };
  const value = compactPercentEncoding(raw.slice(0, MAX_STATE * 4));
  if (fits(value)) return { returnTo: safeReturnTo(value) };
  const end = value.search(/[?#]/);
  if (end > 0) {
    const path = value.slice(0, end);
    if (isSafeReturnTo(path) && stateFits(path)) return { returnTo: path, trimmed: 'query' };
    if (!safeShapeOfPrefix(path)) return { returnTo: '/' };
  } else if (!safeShapeOfPrefix(value)) {
    return { returnTo: '/' };
  }
  return { returnTo: '/', trimmed: 'path' };
}

/** An unsafe value stays a refusal, not a "too long" note in the log. */
function safeShapeOfPrefix(value: string): boolean {
  return isSafeReturnTo(value.slice(0, MAX_RETURN_TO).replace(/%[0-9A-Fa-f]?$/, ''));
}

/** Encodes a new state for `returnTo` with a fresh nonce. */
export function createSignInState(returnTo: string): { readonly state: string; readonly nonce: string } & FittedReturnTo {
  const nonce = randomBytes(16).toString('base64url');
  const fitted = fitReturnTo(returnTo);
  return { state: encodeState(fitted.returnTo, nonce), nonce, ...fitted };
}

/**
 * Reads a `state` without verifying it: only where it was made is checked, and an unsafe `returnTo`
 * becomes `/`. Use `readSignInState(req)` in apps: it returns only a state verified for this browser.
 */
export function decodeSignInState(state: unknown): SignInState | undefined {
  if (typeof state !== 'string' || state.length === 0 || state.length > MAX_STATE || !/^[A-Za-z0-9_-]+$/.test(state)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(state, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { v, r, n } = parsed as { v?: unknown; r?: unknown; n?: unknown };
  if (v !== VERSION || typeof n !== 'string' || !/^[A-Za-z0-9_-]{22}$/.test(n)) return undefined;
  return { returnTo: typeof r === 'string' && r.length <= MAX_RETURN_TO ? safeReturnTo(r) : '/', nonce: n };
}

/** States `aadSignInCallback()` verified and consumed, by request: nothing else can put one here. */
const verifiedStates = new WeakMap<object, SignInState>();

/** Records the state `aadSignInCallback()` verified for this request. */
export function markVerified(req: IncomingMessage, state: SignInState): void {
  verifiedStates.set(req, state);
}

/**
 * The sign-in state `aadSignInCallback()` verified for this request (issued to this browser, unused,
 * unexpired), or undefined. Call it in the route after `aadSignInCallback()`.
 *
 * @example
 * app.get('/auth/redirect', aadSignInCallback(), async (req, res) => {
 *   await msal.acquireTokenByCode({ code: req.query.code, scopes, redirectUri });
 *   res.redirect(readSignInState(req)?.returnTo ?? '/');
 * });
 */
export function readSignInState(req: IncomingMessage): SignInState | undefined {
// eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- JavaScript callers may pass anything
  return typeof req === 'object' && req !== null ? verifiedStates.get(req) : undefined;
}

/**
 * The request for msal-node's `getAuthCodeUrl`: structurally an `AuthorizationUrlRequest`, declared
 * here so this library's types do not depend on `@azure/msal-node`. Spread it to add PKCE or
 * `responseMode`: `{ ...request, codeChallenge, codeChallengeMethod: 'S256' }`.
 */
export interface SignInRequest {
  scopes: string[];
  redirectUri: string;
  /** Carries `returnTo` and a nonce bound to this browser; `aadSignInCallback()` verifies it. */
  state: string;
  prompt?: SignInPrompt;
  /** The claims challenge as JSON text; MSAL merges the app's `clientCapabilities` into it. */
  claims?: string;
  loginHint?: string;
  domainHint?: string;
}

/** What the sign-in route always asks for, and what a link may add. */
export interface SignInRequestDefaults {
  /** Your redirect URI, exactly as registered on the app. */
  readonly redirectUri: string;
  /**
   * Scopes every sign-in asks for. MSAL adds `openid`, `profile` and `offline_access` itself.
   * @default []
   */
  readonly scopes?: readonly string[];
  /**
   * Scopes a link to the sign-in route may add (a consent or downstream challenge asks for them).
   * Anyone can send a user a link, so unlisted scopes are dropped rather than put on a consent screen
   * under your app's name. `'any'` accepts every well-formed scope.
   * @default [] (only `scopes`)
   */
  readonly allowedScopes?: readonly string[] | 'any';
  /**
   * `domain_hint` values a link may set. A domain name would send the user straight to that
   * domain's federated sign-in page, so only the generic values are allowed unless you list more.
   * @default ['organizations', 'consumers']
   */
  readonly allowedDomainHints?: readonly string[];
  /**
   * Key for the HMAC that signs the sign-in state cookie (used without an initialized session), at
   * least 32 characters. Give `aadSignInCallback()` the same one.
   * @default a random key per process
   */
  readonly secret?: string;
  /**
   * How long a sign-in may take, in milliseconds; give `aadSignInCallback()` the same value.
   * @default 600_000 (10 minutes)
   */
  readonly maxAgeMs?: number;
  /** Gets a record when a `returnTo` too long for the state was cut. */
  readonly logger?: AadLogger;
}

const DEFAULT_DOMAIN_HINTS = ['organizations', 'consumers'];
const rulesCache = new WeakMap<SignInRequestDefaults, SignInParamRules>();

function rulesFor(defaults: SignInRequestDefaults): SignInParamRules {
  let rules = rulesCache.get(defaults);
  if (rules) return rules;
  // JavaScript callers may pass no defaults at all.
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
  if (typeof defaults?.redirectUri !== 'string' || !URL.canParse(defaults.redirectUri)) {
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
    throw new AadOptionsError(`aad-error-handler signInRequestFromQuery: \`redirectUri\` must be an absolute URL; received ${JSON.stringify(defaults?.redirectUri)}`);
  }
  checkBindingOptions('signInRequestFromQuery', defaults);
  const allowed = defaults.allowedScopes;
  rules = {
    allowedScopes: allowed === 'any' ? 'any' : new Set([...(defaults.scopes ?? []), ...(allowed ?? [])]),
    allowedDomainHints: new Set((defaults.allowedDomainHints ?? DEFAULT_DOMAIN_HINTS).map((hint) => hint.toLowerCase())),
  };
  rulesCache.set(defaults, rules);
  return rules;
}

/** Throws AadOptionsError for a `secret` or `maxAgeMs` that cannot protect the state. */
export function checkBindingOptions(where: string, options: StateBindingOptions | undefined): void {
  const secret = options?.secret;
  if (secret !== undefined && (typeof secret !== 'string' || secret.length < 32)) {
    throw new AadOptionsError(`aad-error-handler ${where}: \`secret\` must be a string of at least 32 characters`, 'range');
  }
  const maxAgeMs = options?.maxAgeMs;
  if (maxAgeMs !== undefined && (!Number.isSafeInteger(maxAgeMs) || maxAgeMs < 1000 || maxAgeMs > 86_400_000)) {
    throw new AadOptionsError(`aad-error-handler ${where}: \`maxAgeMs\` must be an integer from 1000 to 86400000; received ${JSON.stringify(maxAgeMs)}`, 'range');
  }
}

/** Logs that a `returnTo` was cut to fit the state (never the path itself: it may carry user data). */
export function logTrimmed(logger: AadLogger | undefined, trimmed: FittedReturnTo['trimmed'], length: number): void {
  if (trimmed === undefined || logger === undefined) return;
  log(logger, 'warn', { returnToTrimmed: trimmed, returnToLength: length }, trimmed === 'query' ? 'returnTo too long for the sign-in state; kept its path without the query' : 'returnTo too long for the sign-in state; returning to /');
}

/**
 * Builds the msal-node request for a set of sign-in params, with a new state whose nonce `bind`
 * keeps on the browser.
 */
export function toSignInRequest(params: SignInParams, defaults: Pick<SignInRequestDefaults, 'redirectUri' | 'scopes' | 'logger'>, bind: (nonce: string) => void): SignInRequest {
  const scopes = [...new Set([...(defaults.scopes ?? []), ...params.scopes])];
  const created = createSignInState(params.returnTo);
  logTrimmed(defaults.logger, created.trimmed, params.returnTo.length);
  bind(created.nonce);
  const request: SignInRequest = { scopes, redirectUri: defaults.redirectUri, state: created.state };
  if (params.prompt) request.prompt = params.prompt;
  if (params.claims) request.claims = params.claims;
  if (params.loginHint) request.loginHint = params.loginHint;
  if (params.domainHint) request.domainHint = params.domainHint;
  return request;
}

/**
 * Turns the query `aadErrorHandler` put on your sign-in route (`prompt`, `claims`, `scopes`,
 * `login_hint`, `domain_hint`, `returnTo`) into the request for msal-node's `getAuthCodeUrl`, so a
 * claims challenge or a consent prompt survives the round trip through Entra ID. Every value is
 * checked: a bad one is dropped, and an unsafe `returnTo` becomes `/`.
 *
 * The request's `state` is bound to this browser, in express-session when the session already holds
 * something, else in a signed, HttpOnly cookie set on `res`; `aadSignInCallback()` on the redirect
 * URI verifies and consumes it. `(req, defaults)` works only when there is a session to keep it in.
 *
 * @example
 * app.get('/auth/signin', async (req, res) => {
 *   const request = signInRequestFromQuery(req, res, { redirectUri: REDIRECT_URI, scopes: ['User.Read'] });
 *   res.redirect(await msal.getAuthCodeUrl(request));
 * });
 */
export function signInRequestFromQuery(req: IncomingMessage, res: ServerResponse, defaults: SignInRequestDefaults): SignInRequest;
export function signInRequestFromQuery(req: IncomingMessage, defaults: SignInRequestDefaults): SignInRequest;
export function signInRequestFromQuery(req: IncomingMessage, second: ServerResponse | SignInRequestDefaults, third?: SignInRequestDefaults): SignInRequest {
  const res = third === undefined ? undefined : (second as ServerResponse);
  const defaults = third ?? (second as SignInRequestDefaults);
  const rules = rulesFor(defaults);
  const query = requestQuery(req);
  const asked = query.get(QUERY.returnTo);
  if (asked !== null) logTrimmed(defaults.logger, fitReturnTo(asked).trimmed, asked.length);
  return toSignInRequest(fromQuery(query, rules), { redirectUri: defaults.redirectUri, scopes: defaults.scopes ?? [] }, (nonce) => bindNonce(req, res, nonce, defaults));
}

// Where a browser goes to clear a failure, and with what. Entra enforces Conditional Access and MFA by
// itself, so most re-authentications need no `prompt`; it is added only where the catalog says the
// existing session is the problem (`login`) or the wrong account is signed in (`select_account`).

/** The SSO session is stale (password changed, session revoked, sign-in frequency): ask for credentials. */
const FRESH_LOGIN_CODES = new Set([50132, 50133, 50173, 70043]);
/** The signed-in account is the wrong one for this tenant or app: let the user pick another. */
const SELECT_ACCOUNT_CODES = new Set([16000, 90072]);
const MSA_TENANT = '9188040d-6c67-4c5b-b112-36a304b66dad';

/** The `prompt` for an interactive sign-in that clears this decision, if any. */
export function promptFor(decision: Decision): SignInPrompt | undefined {
  if (decision.action === 'consent') return 'consent';
  if (decision.action !== 'reauthenticate' || decision.code === null) return undefined;
  if (SELECT_ACCOUNT_CODES.has(decision.code)) return 'select_account';
  return FRESH_LOGIN_CODES.has(decision.code) ? 'login' : undefined;
}

/**
 * Where the user was going. A failure on the redirect URI (or any OAuth callback) returns to the
 * path its `state` named, never to the callback itself, whose URL carries a spent code; a failure on
 * the sign-in route returns to that route's own `returnTo`.
 */
export function returnToFor(err: unknown, req: IncomingMessage, loginPath: string): string {
  return fittedReturnToFor(err, req, loginPath).returnTo;
}

function fittedReturnToFor(err: unknown, req: IncomingMessage, loginPath: string): FittedReturnTo & { readonly length: number } {
  // A branded error's fields can still be reassigned, so its returnTo is checked like any other.
  if (isSignInCallbackError(err)) return { returnTo: safeReturnTo(err.returnTo), length: 0 };
  const state = callbackState(req);
  if (state !== undefined) return { returnTo: decodeSignInState(state)?.returnTo ?? '/', length: 0 };
  const asked = requestPath(req) === loginPath ? requestQuery(req).get('returnTo') : requestUrl(req);
  return { ...fitReturnTo(asked), length: asked?.length ?? 0 };
}

function hintsFor(config: HandlerConfig, req: IncomingMessage, prompt: SignInPrompt | undefined): Pick<SignInParams, 'loginHint' | 'domainHint'> {
  // `select_account` means the current account is the wrong one: hinting it again would defeat the prompt.
  if (prompt === 'select_account') return {};
  let account;
  try {
    account = config.account(req);
  } catch {
    return {};
  }
  if (!account) return {};
  const hint = typeof account.loginHint === 'string' && account.loginHint !== '' ? account.loginHint : account.username;
  const tenant = typeof account.tenantId === 'string' ? account.tenantId : undefined;
  return {
    ...(typeof hint === 'string' && LOGIN_HINT.test(hint) ? { loginHint: hint } : {}),
    ...(tenant ? { domainHint: tenant === MSA_TENANT ? 'consumers' : 'organizations' } : {}),
  };
}

/** The sign-in params that clear `decision` for this request. */
export function signInParamsFor(decision: Decision, err: unknown, req: IncomingMessage, config: HandlerConfig): SignInParams {
  const prompt = promptFor(decision);
  const fitted = fittedReturnToFor(err, req, config.loginPath);
  logTrimmed(config.logger, fitted.trimmed, fitted.length);
  return {
    returnTo: fitted.returnTo,
    scopes: decision.scopes,
    ...(prompt ? { prompt } : {}),
    ...(decision.action === 'claims_challenge' && decision.claims ? { claims: decision.claims } : {}),
    ...hintsFor(config, req, prompt),
  };
}

/** The app's own sign-in route with the params in its query. */
export function loginPathUrl(loginPath: string, params: SignInParams): string {
  return `${loginPath}?${toQuery(params)}`;
}

/** The outcome of choosing a redirect target: a URL, and why the direct one was not used, if it was not. */
export interface SignInTarget {
  readonly location: string;
  readonly fallback?: string;
}

/**
 * The redirect target: Entra's authorize URL when `msal` and `redirectUri` are configured, otherwise
 * `loginPath`. The authorize URL must be on the configured authority's origin and
 * plain ASCII, or the handler falls back to `loginPath` rather than redirect anywhere else.
 */
export async function signInTarget(params: SignInParams, config: HandlerConfig, req: IncomingMessage, res: ServerResponse): Promise<SignInTarget> {
  const fallback = loginPathUrl(config.loginPath, params);
  return config.direct ? directTarget(params, config, config.direct, fallback, req, res) : { location: fallback };
}

async function directTarget(
  params: SignInParams,
  config: HandlerConfig,
  direct: NonNullable<HandlerConfig['direct']>,
  fallback: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<SignInTarget> {
  try {
    let nonce: string | undefined;
    const url: unknown = await direct.msal.getAuthCodeUrl(
      toSignInRequest(params, { redirectUri: direct.redirectUri, scopes: config.scopes, logger: config.logger }, (made) => (nonce = made)),
    );
    if (typeof url !== 'string' || !/^[\u0021-\u007e]{1,16384}$/.test(url) || new URL(url).origin !== config.authority.origin || nonce === undefined) {
      return { location: fallback, fallback: 'msal returned an authorize URL outside the configured authority' };
    }
    // Bound only once the redirect goes to Entra: a fallback to loginPath makes its own state there.
    bindNonce(req, res, nonce, direct.state);
    return { location: url };
  } catch {
    return { location: fallback, fallback: 'msal getAuthCodeUrl failed' };
  }
}
