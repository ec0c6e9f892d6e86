import { createHash } from 'node:crypto';
import type { Client } from './client-auth.js';
import type { Exchange } from './exchange.js';
import { readJwt } from './jwt.js';
import { jsonResponse, tokenError } from './responses.js';
import { isDefaultScope, parseScopes, type ScopeRequest } from './scopes.js';
import { tokenSuccessBody } from './token-issuer.js';
import type { SimResponse, SimulatedUser } from './types.js';

const CODE_LIFETIME_MS = 10 * 60_000;
// Entra's refresh tokens die after 90 days without use.
const REFRESH_INACTIVE_MS = 90 * 24 * 3_600_000;

/** Reads the scope parameter, or answers with the AADSTS70011 Entra gives for a bad one. */
export function requestedScopes(exchange: Exchange, raw: string | undefined): ScopeRequest | SimResponse {
  const scopes = parseScopes(raw);
  if (!('problem' in scopes)) return scopes;
  const message =
    scopes.problem === 'missing'
      ? "The provided request must include a 'scope' input parameter."
      : scopes.problem === 'several_resources'
        ? `The provided value for the input parameter 'scope' is not valid because it contains more than one resource. The scope ${scopes.scope} is not valid.`
        : undefined;
  return tokenError(exchange, 70011, { ...(message === undefined ? {} : { message }), slots: { scope: scopes.scope } });
}

/** Answers a successful grant: tokens, plus a refresh token when `offline_access` was asked for. */
export function issueTokens(exchange: Exchange, client: Client, scopes: ScopeRequest, user: SimulatedUser | null, extra: { nonce?: string | null; claims?: string | null } = {}): SimResponse {
  const { store } = exchange.context;
  const refreshToken = user && scopes.oidc.includes('offline_access') ? store.addRefreshToken(client.clientId, user, exchange.now) : null;
  const body = tokenSuccessBody(exchange, {
    clientId: client.clientId,
    scopes,
    user,
    clientAuth: client.auth,
    nonce: extra.nonce ?? null,
    claimsRequest: extra.claims ?? exchange.form.get('claims'),
    clientInfo: exchange.form.get('client_info') === '1',
    refreshToken,
  });
  return jsonResponse(exchange, 200, body);
}

/** `client_credentials`: an app-only token, for `<resource>/.default` only. */
export function clientCredentialsGrant(exchange: Exchange, client: Client): SimResponse {
  const scopes = requestedScopes(exchange, exchange.form.get('scope') ?? undefined);
  if ('status' in scopes) return scopes;
  if (!isDefaultScope(scopes) || scopes.oidc.length > 0) {
    const scope = exchange.form.get('scope') ?? '';
    return tokenError(exchange, 70011, {
      message: `The provided value for the input parameter 'scope' is not valid. The scope ${scope.slice(0, 512)} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
    });
  }
  return issueTokens(exchange, client, scopes, null);
}

function pkceMatches(challenge: string, method: string | null, verifier: string | null): boolean {
  if (verifier === null) return false;
  const computed = method === 'S256' ? createHash('sha256').update(verifier).digest('base64url') : verifier;
  return computed === challenge;
}

/** `authorization_code`: redeems a code once, checking client, redirect URI and PKCE as Entra does. */
export function authorizationCodeGrant(exchange: Exchange, client: Client): SimResponse {
  const value = exchange.form.get('code');
  if (!value) return tokenError(exchange, 900144, { slots: { parameter: 'code' } });
  const code = exchange.context.store.codes.get(value);
  if (!code) return tokenError(exchange, 70000, { error: 'invalid_grant', slots: { parameter: 'code' } });
  if (code.redeemed) return tokenError(exchange, 54005, { error: 'invalid_grant' });
  if (exchange.now - code.issuedAt > CODE_LIFETIME_MS) return tokenError(exchange, 70008, { error: 'invalid_grant' });
  if (code.clientId !== client.clientId) return tokenError(exchange, 7000110, { error: 'invalid_grant' });
  if ((exchange.form.get('redirect_uri') ?? '') !== code.redirectUri) {
    return tokenError(exchange, 70000, {
      error: 'invalid_grant',
      message: "The provided value for the input parameter 'redirect_uri' is not valid. The value must exactly match the redirect URI used to obtain the authorization code.",
    });
  }
  if (code.codeChallenge !== null && !pkceMatches(code.codeChallenge, code.codeChallengeMethod, exchange.form.get('code_verifier'))) {
    return tokenError(exchange, 501481, { error: 'invalid_grant' });
  }
  const scopes = requestedScopes(exchange, exchange.form.get('scope') ?? code.scope);
  if ('status' in scopes) return scopes;
  code.redeemed = true;
  return issueTokens(exchange, client, scopes, code.user, { nonce: code.nonce, claims: code.claims ?? exchange.form.get('claims') });
}

/** `refresh_token`: Entra's refresh tokens are multi-resource and stay valid when a new one is issued. */
export function refreshTokenGrant(exchange: Exchange, client: Client): SimResponse {
  const value = exchange.form.get('refresh_token');
  if (!value) return tokenError(exchange, 900144, { slots: { parameter: 'refresh_token' } });
  const token = exchange.context.store.refreshTokens.get(value);
  if (!token) return tokenError(exchange, 9002313, { error: 'invalid_grant' });
  // A refusal scripted for this user (`sim.failNextRefresh`) takes the place of the simulator's own checks.
  const refusal = exchange.context.refreshScript.take(token.user.username.toLowerCase());
  if (refusal) {
    exchange.outcome.scripted = true;
    const { username: _username, times: _times, ...failure } = refusal.failure;
    return tokenError(exchange, refusal.code, { ...failure, slots: { tenant: exchange.tenant ?? 'common', clientId: client.clientId.slice(0, 128) } });
  }
  // Microsoft's suberror reference: `bad_token` marks a refresh token that is expired or revoked for good.
  if (token.revoked) return tokenError(exchange, 50173, { error: 'invalid_grant', suberror: 'bad_token' });
  if (exchange.now - token.lastUsedAt > REFRESH_INACTIVE_MS) return tokenError(exchange, 700082, { error: 'invalid_grant', suberror: 'bad_token' });
  if (token.clientId !== client.clientId) return tokenError(exchange, 7000110, { error: 'invalid_grant' });
  const scopes = requestedScopes(exchange, exchange.form.get('scope') ?? undefined);
  if ('status' in scopes) return scopes;
  token.lastUsedAt = exchange.now;
  return issueTokens(exchange, client, scopes, token.user);
}

function assertionProblem(exchange: Exchange, client: Client, claims: Readonly<Record<string, unknown>>): string | null {
  const exp = claims['exp'];
  if (typeof exp !== 'number' || exp * 1000 <= exchange.now) return 'Assertion is not within its valid time range.';
  const aud = claims['aud'];
  if (aud !== client.clientId && aud !== `api://${client.clientId}`) return 'Assertion audience does not match the Client app presenting the assertion.';
  if (typeof claims['oid'] !== 'string' || claims['idtyp'] === 'app') return 'The assertion is not a user token: the on-behalf-of flow needs the signed-in user\'s access token.';
  return null;
}

/** `jwt-bearer` (on-behalf-of): trades a user's token for this API for a token to a downstream API. */
export function onBehalfOfGrant(exchange: Exchange, client: Client): SimResponse {
  if (exchange.form.get('requested_token_use') !== 'on_behalf_of') return tokenError(exchange, 900144, { slots: { parameter: 'requested_token_use' } });
  const assertion = exchange.form.get('assertion');
  if (!assertion) return tokenError(exchange, 900144, { slots: { parameter: 'assertion' } });
  const jwt = readJwt(assertion);
  if (!jwt) return tokenError(exchange, 50027, { error: 'invalid_grant' });
  if (!jwt.signedBySimulator) return tokenError(exchange, 50013, { error: 'invalid_grant' });
  const problem = assertionProblem(exchange, client, jwt.claims);
  if (problem) return tokenError(exchange, 50013, { error: 'invalid_grant', message: problem });
  const scopes = requestedScopes(exchange, exchange.form.get('scope') ?? undefined);
  if ('status' in scopes) return scopes;
  const { claims } = jwt;
  const fallback = exchange.context.options.user;
  const user: SimulatedUser = {
    oid: String(claims['oid']),
    name: typeof claims['name'] === 'string' ? claims['name'] : fallback.name,
    username: typeof claims['preferred_username'] === 'string' ? claims['preferred_username'] : fallback.username,
  };
  return issueTokens(exchange, client, scopes, user);
}
