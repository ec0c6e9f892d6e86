import type { Exchange } from './exchange.js';
import { jwks } from './jwt.js';
import { jsonResponse, tokenError } from './responses.js';
import type { SimResponse } from './types.js';

// Instance discovery, OpenID configuration and JWKS. msal-node asks instance discovery (always on
// login.microsoftonline.com) about any authority host it has no built-in metadata for, then reads
// the host's OpenID configuration. The configuration is how browsers reach the loopback sign-in
// page: msal-node accepts any `authorization_endpoint` there (only the authority itself must be
// https, see msal-common's Authority.validateIssuer and UrlString.validateAsUri), so while
// `listen()` serves, the browser-facing endpoints point at http://127.0.0.1:<port> and the
// server-side ones stay on the https authority that `networkClient` answers.

/** Microsoft's public-cloud hosts: answered too, so apps configured with the real authority work unchanged. */
export const MICROSOFT_HOSTS: readonly string[] = ['login.microsoftonline.com', 'login.windows.net', 'login.microsoft.com', 'sts.windows.net'];

const TENANT_ALIASES = new Set(['common', 'organizations', 'consumers']);

/** True when the tenant path segment names the simulated tenant (by ID or domain) or a multi-tenant alias. */
export function knownTenant(exchange: Exchange, tenant: string): boolean {
  const { tenantId, tenantDomain } = exchange.context.options;
  const lower = tenant.toLowerCase();
  return lower === tenantId || lower === tenantDomain || TENANT_ALIASES.has(lower);
}

/** The https host to name in metadata: the one asked, when it is one the simulator answers for. */
function authorityHost(exchange: Exchange): string {
  const asked = exchange.request.url.hostname.toLowerCase();
  return asked === exchange.context.options.host || MICROSOFT_HOSTS.includes(asked) ? asked : exchange.context.options.host;
}

export function instanceDiscovery(exchange: Exchange): SimResponse {
  exchange.outcome.endpoint = 'instance_discovery';
  const { host } = exchange.context.options;
  let asked: URL | null = null;
  try {
    asked = new URL(exchange.query.get('authorization_endpoint') ?? '');
  } catch {
    asked = null;
  }
  const askedHost = asked?.hostname.toLowerCase() ?? 'login.microsoftonline.com';
  const tenant = asked?.pathname.split('/')[1] || 'common';
  const known = askedHost === host ? [host] : MICROSOFT_HOSTS.includes(askedHost) ? MICROSOFT_HOSTS : null;
  if (!known) return tokenError(exchange, 50049, { error: 'invalid_instance' });
  const preferred = known === MICROSOFT_HOSTS ? 'login.microsoftonline.com' : host;
  return jsonResponse(exchange, 200, {
    tenant_discovery_endpoint: `https://${preferred}/${encodeURIComponent(tenant)}/v2.0/.well-known/openid-configuration`,
    'api-version': '1.1',
    metadata: [{ preferred_network: preferred, preferred_cache: known === MICROSOFT_HOSTS ? 'login.windows.net' : host, aliases: [...known] }],
  });
}

export function openIdConfiguration(exchange: Exchange, tenant: string): SimResponse {
  exchange.outcome.endpoint = 'openid_configuration';
  const { options, browserOrigin } = exchange.context;
  const https = `https://${authorityHost(exchange)}`;
  const browser = browserOrigin() ?? https;
  const segment = encodeURIComponent(tenant);
  // Multi-tenant aliases advertise the `{tenantid}` placeholder, as Entra does; msal-node fills it in.
  const issuerTenant = TENANT_ALIASES.has(tenant.toLowerCase()) ? '{tenantid}' : options.tenantId;
  return jsonResponse(exchange, 200, {
    token_endpoint: `${https}/${segment}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${https}/${segment}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: `${https}/${issuerTenant}/v2.0`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: 'https://graph.microsoft.com/oidc/userinfo',
    authorization_endpoint: `${browser}/${segment}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${https}/${segment}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${browser}/${segment}/oauth2/v2.0/logout`,
    claims_supported: ['sub', 'iss', 'cloud_instance_name', 'cloud_instance_host_name', 'cloud_graph_host_name', 'msgraph_host', 'aud', 'exp', 'iat', 'auth_time', 'acr', 'nonce', 'preferred_username', 'name', 'tid', 'ver', 'at_hash', 'c_hash', 'email'],
    kerberos_endpoint: `${https}/${segment}/kerberos`,
    tenant_region_scope: 'EU',
    cloud_instance_name: 'microsoftonline.com',
    cloud_graph_host_name: 'graph.windows.net',
    msgraph_host: 'graph.microsoft.com',
    rbac_url: 'https://pas.windows.net',
  });
}

export function jwksEndpoint(exchange: Exchange): SimResponse {
  exchange.outcome.endpoint = 'jwks';
  return jsonResponse(exchange, 200, jwks(`https://${authorityHost(exchange)}/${exchange.context.options.tenantId}/v2.0`));
}

/** The answer for a tenant the simulator does not host: AADSTS90002, as JSON on API endpoints. */
export function unknownTenant(exchange: Exchange, tenant: string, error = 'invalid_request'): SimResponse {
  return tokenError(exchange, 90002, { error, slots: { tenant: tenant.slice(0, 128) } });
}
