// The configured authority, read once at construction: where challenges point callers, the only origin
// a direct redirect may go to, and the tenant the admin-consent link names.

/** Entra's multi-tenant authority, used when neither `authority` nor `msal` names one. */
export const DEFAULT_AUTHORITY = 'https://login.microsoftonline.com/common';

const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access', 'email']);

export interface Authority {
  /** `https://login.microsoftonline.com/<tenant>` without a trailing slash. */
  readonly url: string;
  /** `https://login.microsoftonline.com` */
  readonly origin: string;
  /** The first path segment: a tenant ID, a domain, `common`, `organizations` or `consumers`. */
  readonly tenant: string;
  /** The v2.0 authorize endpoint, named in every `WWW-Authenticate` challenge. */
  readonly authorizeUrl: string;
}

/** Parses an authority URL; returns undefined for anything that is not an absolute https URL. */
export function parseAuthority(value: string): Authority | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' || url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') return undefined;
  // Trailing slashes trimmed by hand: `/\/+$/` backtracks quadratically on a path of many slashes.
  let end = url.pathname.length;
  while (end > 0 && url.pathname.charCodeAt(end - 1) === 0x2f) end--;
  const path = url.pathname.slice(0, end);
  const tenant = path.split('/')[1] ?? '';
  if (tenant === '') return undefined;
  const base = `${url.origin}${path}`;
  return { url: base, origin: url.origin, tenant, authorizeUrl: `${base}/oauth2/v2.0/authorize` };
}

/**
 * The tenant admin-consent URL. With scopes and a redirect URI it is the v2.0 form
 * (`/{tenant}/v2.0/adminconsent?client_id&scope&redirect_uri`), which asks for exactly those
 * permissions; otherwise the v1 form (`/{tenant}/adminconsent?client_id[&redirect_uri]`), which asks
 * for every permission configured on the app registration.
 */
export function adminConsentUrl(authority: Authority, clientId: string, scopes: readonly string[], redirectUri: string | undefined): string {
  const params = new URLSearchParams({ client_id: clientId });
  const resourceScopes = scopes.filter((scope) => !OIDC_SCOPES.has(scope));
  const tenant = encodeURIComponent(authority.tenant);
  if (resourceScopes.length > 0 && redirectUri !== undefined) {
    params.set('scope', resourceScopes.join(' '));
    params.set('redirect_uri', redirectUri);
    return `${authority.origin}/${tenant}/v2.0/adminconsent?${params.toString()}`;
  }
  if (redirectUri !== undefined) params.set('redirect_uri', redirectUri);
  return `${authority.origin}/${tenant}/adminconsent?${params.toString()}`;
}
