import type { IncomingMessage } from 'node:http';
import type { Decision } from '../classify/types.js';
import { callbackState, isSignInCallbackError } from './callback.js';
import type { HandlerConfig } from './handler-config.js';
import type { MaybePromise } from './maybe-async.js';
import { requestPath, requestQuery, requestUrl } from './request.js';
import { safeReturnTo } from './return-to.js';
import { LOGIN_HINT, toQuery, type SignInParams, type SignInPrompt } from './sign-in-params.js';
import { toSignInRequest } from './sign-in-request.js';
import { readSignInState } from './sign-in-state.js';

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
  if (isSignInCallbackError(err)) return err.returnTo;
  const state = callbackState(req);
  if (state !== undefined) return readSignInState(state)?.returnTo ?? '/';
  if (requestPath(req) === loginPath) return safeReturnTo(requestQuery(req).get('returnTo'));
  return safeReturnTo(requestUrl(req));
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
  return {
    returnTo: returnToFor(err, req, config.loginPath),
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
 * `loginPath` (synchronously). The authorize URL must be on the configured authority's origin and
 * plain ASCII, or the handler falls back to `loginPath` rather than redirect anywhere else.
 */
export function signInTarget(params: SignInParams, config: HandlerConfig): MaybePromise<SignInTarget> {
  const fallback = loginPathUrl(config.loginPath, params);
  return config.direct ? directTarget(params, config, config.direct, fallback) : { location: fallback };
}

async function directTarget(params: SignInParams, config: HandlerConfig, direct: NonNullable<HandlerConfig['direct']>, fallback: string): Promise<SignInTarget> {
  try {
    const url: unknown = await direct.msal.getAuthCodeUrl(toSignInRequest(params, { redirectUri: direct.redirectUri, scopes: config.scopes }));
    if (typeof url !== 'string' || !/^[\u0021-\u007e]{1,16384}$/.test(url) || new URL(url).origin !== config.authority.origin) {
      return { location: fallback, fallback: 'msal returned an authorize URL outside the configured authority' };
    }
    return { location: url };
  } catch {
    return { location: fallback, fallback: 'msal getAuthCodeUrl failed' };
  }
}
