import { authorizePage } from './authorize-page.js';
import { adminConsentPage, logoutPage } from './consent-and-logout.js';
import { deviceCodeEndpoint, deviceLoginPage } from './device-code.js';
import { instanceDiscovery, jwksEndpoint, knownTenant, openIdConfiguration, unknownTenant } from './discovery.js';
import { openExchange, type Exchange, type SimContext } from './exchange.js';
import { errorPage, page } from './html.js';
import { signInSubmit } from './sign-in.js';
import { tokenEndpoint } from './token-endpoint.js';
import type { EndpointName, InboundRequest, SimResponse } from './types.js';

type Route = (exchange: Exchange, tenant: string) => SimResponse;
type TenantKind = 'json' | 'page';

// Paths after the tenant segment, with the method each accepts (token errors for the wrong method
// are the token endpoint's own business, as on Entra).
const TENANT_ROUTES: ReadonlyMap<string, { readonly endpoint: EndpointName; readonly methods: readonly string[]; readonly kind: TenantKind; readonly route: Route }> = new Map([
  ['v2.0/.well-known/openid-configuration', { endpoint: 'openid_configuration', methods: ['GET'], kind: 'json', route: (exchange, tenant) => openIdConfiguration(exchange, tenant) }],
  ['discovery/v2.0/keys', { endpoint: 'jwks', methods: ['GET'], kind: 'json', route: (exchange) => jwksEndpoint(exchange) }],
  ['oauth2/v2.0/token', { endpoint: 'token', methods: ['GET', 'POST'], kind: 'json', route: (exchange) => tokenEndpoint(exchange) }],
  ['oauth2/v2.0/devicecode', { endpoint: 'device_code', methods: ['POST'], kind: 'json', route: (exchange) => deviceCodeEndpoint(exchange) }],
  ['oauth2/v2.0/authorize', { endpoint: 'authorize', methods: ['GET'], kind: 'page', route: (exchange) => authorizePage(exchange) }],
  ['oauth2/v2.0/logout', { endpoint: 'logout', methods: ['GET', 'POST'], kind: 'page', route: (exchange) => logoutPage(exchange) }],
  ['adminconsent', { endpoint: 'admin_consent', methods: ['GET'], kind: 'page', route: (exchange) => adminConsentPage(exchange, false) }],
  ['v2.0/adminconsent', { endpoint: 'admin_consent', methods: ['GET'], kind: 'page', route: (exchange) => adminConsentPage(exchange, true) }],
  ['login', { endpoint: 'sign_in', methods: ['POST'], kind: 'page', route: (exchange) => signInSubmit(exchange) }],
]);

function notFound(exchange: Exchange): SimResponse {
  exchange.outcome.endpoint = 'not_found';
  exchange.outcome.error = 'not_found';
  return page(exchange, 404, 'Not found', '<p>The simulated Entra ID has no page at this address.</p>');
}

function segments(pathname: string): string[] | null {
  try {
    return pathname
      .split('/')
      .filter((part) => part !== '')
      .map((part) => decodeURIComponent(part));
  } catch {
    return null;
  }
}

/** Answers one request and returns the exchange, whose outcome the request log records. */
export function route(context: SimContext, request: InboundRequest): { response: SimResponse; exchange: Exchange } {
  const parts = segments(request.url.pathname);
  const first = parts?.[0] ?? null;
  const rest = parts?.slice(1).join('/') ?? '';
  if (parts && parts.length === 1 && first === 'devicelogin') {
    const exchange = openExchange(context, request, null);
    return { response: deviceLoginPage(exchange), exchange };
  }
  if (first === 'common' && rest === 'discovery/instance' && request.method === 'GET') {
    const exchange = openExchange(context, request, 'common');
    return { response: instanceDiscovery(exchange), exchange };
  }
  const match = first === null ? undefined : TENANT_ROUTES.get(rest);
  const exchange = openExchange(context, request, first);
  if (!match || first === null || !match.methods.includes(request.method)) return { response: notFound(exchange), exchange };
  exchange.outcome.endpoint = match.endpoint;
  if (!knownTenant(exchange, first)) {
    const response =
      match.kind === 'page' ? errorPage(exchange, 90002, { tenant: first.slice(0, 128) }) : unknownTenant(exchange, first, rest.startsWith('oauth2') ? 'invalid_request' : 'invalid_tenant');
    return { response, exchange };
  }
  return { response: match.route(exchange, first), exchange };
}
