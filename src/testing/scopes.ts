// Scopes as Entra reads them: OpenID scopes apart, every other scope names one resource (the part
// before the last "/"; bare names such as `User.Read` belong to Microsoft Graph), and one token
// request may name only one resource.

const OIDC = new Set(['openid', 'profile', 'email', 'offline_access']);
const GRAPH = 'https://graph.microsoft.com';
// RFC 6749 section 3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E )
const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]{1,512}$/;

/** A scope parameter read into resource and permissions. */
export interface ScopeRequest {
  /** The OpenID scopes asked for (`openid`, `profile`, `email`, `offline_access`). */
  readonly oidc: readonly string[];
  /** The one resource asked for; Microsoft Graph when only OpenID scopes were sent. */
  readonly resource: string;
  /** Permission names on that resource (`User.Read`, `.default`, `access_as_user`). */
  readonly permissions: readonly string[];
}

/** Why a scope parameter was refused. */
export interface ScopeProblem {
  readonly problem: 'missing' | 'malformed' | 'several_resources';
  readonly scope: string;
}

function split(scope: string): { resource: string; permission: string } {
  const slash = scope.lastIndexOf('/');
  if (slash <= 0) return { resource: GRAPH, permission: scope };
  return { resource: scope.slice(0, slash), permission: scope.slice(slash + 1) };
}

/** Reads a space-separated scope parameter. */
export function parseScopes(raw: string | undefined): ScopeRequest | ScopeProblem {
  const tokens = [...new Set((raw ?? '').split(' ').filter((token) => token !== ''))];
  if (tokens.length === 0) return { problem: 'missing', scope: '' };
  const oidc: string[] = [];
  const permissions: string[] = [];
  let resource: string | undefined;
  for (const token of tokens) {
    if (!SCOPE_TOKEN.test(token) || tokens.length > 64) return { problem: 'malformed', scope: token.slice(0, 512) };
    if (OIDC.has(token.toLowerCase())) {
      oidc.push(token.toLowerCase());
      continue;
    }
    const part = split(token);
    if (part.permission === '') return { problem: 'malformed', scope: token };
    if (resource !== undefined && resource.toLowerCase() !== part.resource.toLowerCase()) return { problem: 'several_resources', scope: token };
    resource = part.resource;
    permissions.push(part.permission);
  }
  return { oidc, resource: resource ?? GRAPH, permissions };
}

/** True when the request names the resource's `.default` scope (app permissions, or all consented ones). */
export function isDefaultScope(request: ScopeRequest): boolean {
  return request.permissions.length === 1 && request.permissions[0] === '.default';
}

/** The `scope` value Entra answers with: Graph permissions short, others resource-qualified, OpenID scopes kept. */
export function grantedScope(request: ScopeRequest): string {
  const qualified = request.permissions.map((permission) => (request.resource === GRAPH && permission !== '.default' ? permission : `${request.resource}/${permission}`));
  // Entra lists the ID token scopes it honoured but never `offline_access`: the refresh token says that.
  const oidc = request.oidc.filter((scope) => scope !== 'offline_access');
  if (qualified.length === 0 && oidc.length > 0) qualified.push('User.Read');
  return [...qualified, ...oidc].join(' ');
}

/** The permissions placed in an access token's `scp` claim. */
export function delegatedPermissions(request: ScopeRequest): string {
  if (request.permissions.length === 0 || isDefaultScope(request)) return request.resource === GRAPH ? 'User.Read openid profile email' : 'user_impersonation';
  return request.permissions.join(' ');
}
