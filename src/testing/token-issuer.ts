import { createHash, randomBytes } from 'node:crypto';
import type { Exchange } from './exchange.js';
import { signJwt } from './jwt.js';
import type { ResolvedOptions } from './options.js';
import { delegatedPermissions, grantedScope, type ScopeRequest } from './scopes.js';
import type { SimulatedUser } from './types.js';

/** A GUID derived from a seed, so a username or client ID always maps to the same object ID. */
export function stableGuid(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** What a successful grant hands out tokens for. */
export interface Grant {
  readonly clientId: string;
  readonly scopes: ScopeRequest;
  /** The signed-in user; null for an app-only (client credentials) token. */
  readonly user: SimulatedUser | null;
  /** How the client authenticated: `0` public, `1` secret, `2` certificate (the `azpacr` claim). */
  readonly clientAuth: '0' | '1' | '2';
  readonly nonce?: string | null;
  /** The `claims` request parameter (JSON text), read for `acrs` and `xms_cc`. */
  readonly claimsRequest?: string | null;
  /** Whether the request asked for `client_info` (msal-node always does for user flows). */
  readonly clientInfo: boolean;
  /** The refresh token to hand out, when the grant issues one. */
  readonly refreshToken?: string | null;
}

function readObject(value: unknown, key: string): Record<string, unknown> | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const inner = (value as Record<string, unknown>)[key];
  return typeof inner === 'object' && inner !== null && !Array.isArray(inner) ? (inner as Record<string, unknown>) : undefined;
}

/** The access-token claims a `claims` request asks for: authentication context values and client capabilities. */
function requestedClaims(claimsRequest: string | null | undefined): Record<string, unknown> {
  if (!claimsRequest) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(claimsRequest);
  } catch {
    return {};
  }
  const out: Record<string, unknown> = {};
  const acrs = readObject(readObject(parsed, 'access_token'), 'acrs');
  const values = acrs === undefined ? [] : [acrs['value'], ...(Array.isArray(acrs['values']) ? (acrs['values'] as unknown[]) : [])];
  const contexts = values.filter((value): value is string => typeof value === 'string' && /^c\d{1,2}$/.test(value));
  if (contexts.length > 0) out['acrs'] = contexts;
  const capabilities = readObject(readObject(parsed, 'access_token'), 'xms_cc')?.['values'];
  if (Array.isArray(capabilities)) out['xms_cc'] = capabilities.filter((value): value is string => typeof value === 'string').slice(0, 8);
  return out;
}

/** Signs an access token for a user or an app, shaped like Entra's v2.0 tokens. */
export function accessToken(options: ResolvedOptions, at: number, grant: Pick<Grant, 'clientId' | 'scopes' | 'user' | 'clientAuth' | 'claimsRequest'>, lifetime: number): string {
  const now = Math.floor(at / 1000);
  const claims: Record<string, unknown> = {
    aud: grant.scopes.resource,
    iss: `https://${options.host}/${options.tenantId}/v2.0`,
    iat: now,
    nbf: now,
    exp: now + lifetime,
    aio: randomBytes(24).toString('base64url'),
    azp: grant.clientId,
    azpacr: grant.clientAuth,
    idtyp: grant.user ? 'user' : 'app',
    oid: grant.user ? grant.user.oid : stableGuid(`sp:${grant.clientId}`),
    sub: grant.user ? grant.user.oid : stableGuid(`sp:${grant.clientId}`),
    tid: options.tenantId,
    uti: randomBytes(16).toString('base64url'),
    ver: '2.0',
    ...requestedClaims(grant.claimsRequest),
  };
  if (grant.user) {
    claims['name'] = grant.user.name;
    claims['preferred_username'] = grant.user.username;
    claims['scp'] = delegatedPermissions(grant.scopes);
  }
  return signJwt(claims);
}

function idToken(exchange: Exchange, grant: Grant, user: SimulatedUser): string {
  const { options } = exchange.context;
  const now = Math.floor(exchange.now / 1000);
  const claims: Record<string, unknown> = {
    aud: grant.clientId,
    iss: `https://${options.host}/${options.tenantId}/v2.0`,
    iat: now,
    nbf: now,
    exp: now + 3600,
    name: user.name,
    oid: user.oid,
    preferred_username: user.username,
    // Entra's `sub` is pairwise: the same user has a different subject in every app.
    sub: createHash('sha256').update(`${user.oid}:${grant.clientId}`).digest('base64url'),
    tid: options.tenantId,
    uti: randomBytes(16).toString('base64url'),
    ver: '2.0',
  };
  if (grant.nonce) claims['nonce'] = grant.nonce;
  return signJwt(claims);
}

/** The success body of `/oauth2/v2.0/token`, field for field as Entra sends it. */
export function tokenSuccessBody(exchange: Exchange, grant: Grant): Record<string, unknown> {
  const lifetime = exchange.context.options.accessTokenLifetime;
  const body: Record<string, unknown> = { token_type: 'Bearer' };
  // App-only answers carry no `scope`: Microsoft's client credentials reference (entra-docs,
  // v2-oauth2-client-creds-grant-flow.md, "Successful response") shows none.
  if (grant.user) body['scope'] = grantedScope(grant.scopes);
  body['expires_in'] = lifetime;
  body['ext_expires_in'] = lifetime;
  body['access_token'] = accessToken(exchange.context.options, exchange.now, grant, lifetime);
  if (grant.user && grant.refreshToken) body['refresh_token'] = grant.refreshToken;
  if (grant.user && grant.scopes.oidc.includes('openid')) body['id_token'] = idToken(exchange, grant, grant.user);
  if (grant.user && grant.clientInfo) {
    body['client_info'] = Buffer.from(JSON.stringify({ uid: grant.user.oid, utid: exchange.context.options.tenantId })).toString('base64url');
  }
  return body;
}
