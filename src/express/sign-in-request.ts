import type { IncomingMessage } from 'node:http';
import { AadOptionsError } from '../validation/options-validation.js';
import { requestQuery } from './request.js';
import { fromQuery, type SignInParamRules, type SignInParams, type SignInPrompt } from './sign-in-params.js';
import { createSignInState } from './sign-in-state.js';

/**
 * The request for msal-node's `getAuthCodeUrl`: structurally an `AuthorizationUrlRequest`, declared
 * here so this library's types do not depend on `@azure/msal-node`. Spread it to add PKCE or
 * `responseMode`: `{ ...request, codeChallenge, codeChallengeMethod: 'S256' }`.
 */
export interface SignInRequest {
  scopes: string[];
  redirectUri: string;
  /** Carries `returnTo` and a nonce; read it back on the redirect URI with `readSignInState`. */
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
}

const DEFAULT_DOMAIN_HINTS = ['organizations', 'consumers'];
const rulesCache = new WeakMap<SignInRequestDefaults, SignInParamRules>();

function rulesFor(defaults: SignInRequestDefaults): SignInParamRules {
  let rules = rulesCache.get(defaults);
  if (rules) return rules;
  if (typeof defaults?.redirectUri !== 'string' || !URL.canParse(defaults.redirectUri)) {
    throw new AadOptionsError(`aad-error-handler signInRequestFromQuery: \`redirectUri\` must be an absolute URL; received ${JSON.stringify(defaults?.redirectUri)}`);
  }
  const allowed = defaults.allowedScopes;
  rules = {
    allowedScopes: allowed === 'any' ? 'any' : new Set([...(defaults.scopes ?? []), ...(allowed ?? [])]),
    allowedDomainHints: new Set((defaults.allowedDomainHints ?? DEFAULT_DOMAIN_HINTS).map((hint) => hint.toLowerCase())),
  };
  rulesCache.set(defaults, rules);
  return rules;
}

/** Builds the msal-node request for a set of sign-in params. */
export function toSignInRequest(params: SignInParams, defaults: Pick<SignInRequestDefaults, 'redirectUri' | 'scopes'>): SignInRequest {
  const scopes = [...new Set([...(defaults.scopes ?? []), ...params.scopes])];
  const request: SignInRequest = { scopes, redirectUri: defaults.redirectUri, state: createSignInState(params.returnTo).state };
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
 * @example
 * app.get('/auth/signin', async (req, res) => {
 *   const request = signInRequestFromQuery(req, { redirectUri: REDIRECT_URI, scopes: ['User.Read'] });
 *   req.session.signInState = request.state; // compare on the redirect URI
 *   res.redirect(await msal.getAuthCodeUrl(request));
 * });
 */
export function signInRequestFromQuery(req: IncomingMessage, defaults: SignInRequestDefaults): SignInRequest {
  const rules = rulesFor(defaults);
  return toSignInRequest(fromQuery(requestQuery(req), rules), defaults);
}
