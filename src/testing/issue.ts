import type { SimContext } from './exchange.js';
import { userFor } from './sign-in.js';
import type { AccessTokenOptions, AuthorizationCodeOptions } from './simulator-api.js';
import { accessToken } from './token-issuer.js';
import type { SimulatedUser } from './types.js';

// Tokens and codes a test can get without going through a flow: a user's access token for the API
// under test (also the assertion of an OBO request), and an authorization code for acquireTokenByCode.

function requireText(method: string, name: string, value: unknown): string {
  if (typeof value !== 'string' || value === '' || value.length > 2048 || /[\r\n]/.test(value)) {
    throw new TypeError(`${method}: \`${name}\` must be a non-empty single-line string; received ${JSON.stringify(value)}`);
  }
  return value;
}

export function issueAccessToken(context: SimContext, options: AccessTokenOptions): string {
  const method = 'sim.issueAccessToken';
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- JavaScript callers may pass nothing
  const audience = requireText(method, 'audience', options?.audience);
  const expiresIn = options.expiresIn ?? context.options.accessTokenLifetime;
  if (!Number.isSafeInteger(expiresIn)) throw new TypeError(`${method}: \`expiresIn\` must be whole seconds; received ${JSON.stringify(expiresIn)}`);
  const scopes = options.scopes ?? ['access_as_user'];
  scopes.forEach((scope, index) => requireText(method, `scopes.${index}`, scope));
  const configured = context.options.user;
  let user: SimulatedUser | null = null;
  if (options.user !== null) {
    const base = options.user?.username === undefined ? configured : (userFor(configured, options.user.username) ?? configured);
    user = { ...base, ...(options.user ?? {}) };
  }
  return accessToken(
    context.options,
    context.options.now(),
    { clientId: options.clientId ?? '00000000-0000-0000-0000-00000000c11e', scopes: { oidc: [], resource: audience, permissions: [...scopes] }, user, clientAuth: '0' },
    expiresIn,
  );
}

export function issueAuthorizationCode(context: SimContext, options: AuthorizationCodeOptions): string {
  const method = 'sim.issueAuthorizationCode';
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- JavaScript callers may pass nothing
  const clientId = requireText(method, 'clientId', options?.clientId);
  const redirectUri = requireText(method, 'redirectUri', options.redirectUri);
  const user = userFor(context.options.user, options.username ?? '');
  if (!user) throw new TypeError(`${method}: \`username\` must be a sign-in name such as adele@contoso.onmicrosoft.com; received ${JSON.stringify(options.username)}`);
  return context.store.addCode({
    clientId,
    redirectUri,
    scope: (options.scopes ?? ['openid', 'profile', 'offline_access']).join(' '),
    user,
    nonce: options.nonce ?? null,
    codeChallenge: options.codeChallenge ?? null,
    codeChallengeMethod: options.codeChallenge === undefined ? null : (options.codeChallengeMethod ?? 'S256'),
    claims: options.claims ?? null,
    issuedAt: context.options.now(),
  });
}
