import { authenticateClient, type Client } from './client-auth.js';
import { deviceCodeGrant } from './device-code.js';
import type { Exchange } from './exchange.js';
import { authorizationCodeGrant, clientCredentialsGrant, onBehalfOfGrant, refreshTokenGrant } from './grants.js';
import { entraHeaders, gatewayErrorPage, lowerKeys, tokenError } from './responses.js';
import type { TokenScript } from './script.js';
import type { SimResponse } from './types.js';

// POST /{tenant}/oauth2/v2.0/token. A scripted answer wins; otherwise the request is checked as Entra
// checks it (method, grant type, client, then the grant itself) and answered with tokens or with the
// AADSTS error Entra would give.

type GrantHandler = (exchange: Exchange, client: Client) => SimResponse;

const GRANTS: ReadonlyMap<string, { readonly handler: GrantHandler; readonly confidential: boolean }> = new Map([
  ['client_credentials', { handler: clientCredentialsGrant, confidential: true }],
  ['authorization_code', { handler: authorizationCodeGrant, confidential: false }],
  ['refresh_token', { handler: refreshTokenGrant, confidential: false }],
  ['urn:ietf:params:oauth:grant-type:jwt-bearer', { handler: onBehalfOfGrant, confidential: true }],
  ['urn:ietf:params:oauth:grant-type:device_code', { handler: deviceCodeGrant, confidential: false }],
  // msal-node sends the short form; Entra accepts both.
  ['device_code', { handler: deviceCodeGrant, confidential: false }],
]);

function rawAnswer(exchange: Exchange, script: Extract<TokenScript, { kind: 'raw' }>): SimResponse {
  const { answer } = script;
  const headers: Record<string, string> = { ...entraHeaders(exchange) };
  let body = '';
  if (answer.html === true) {
    headers['content-type'] = 'text/html; charset=utf-8';
    body = typeof answer.body === 'string' ? answer.body : gatewayErrorPage(answer.status, exchange);
    exchange.outcome.error = 'html';
  } else if (typeof answer.body === 'string') {
    headers['content-type'] = 'text/plain; charset=utf-8';
    body = answer.body;
  } else if (answer.body !== undefined) {
    headers['content-type'] = 'application/json; charset=utf-8';
    body = JSON.stringify(answer.body);
    const error = (answer.body as { error?: unknown }).error;
    if (typeof error === 'string') exchange.outcome.error = error;
  }
  return { status: answer.status, headers: { ...headers, ...lowerKeys(answer.headers ?? {}) }, body };
}

function scripted(exchange: Exchange, script: TokenScript): SimResponse {
  exchange.outcome.scripted = true;
  if (script.kind === 'raw') return rawAnswer(exchange, script);
  const { failure } = script;
  const clientId = exchange.form.get('client_id') ?? undefined;
  return tokenError(exchange, script.code, {
    ...failure,
    slots: { tenant: exchange.tenant ?? 'common', ...(clientId === undefined ? {} : { clientId: clientId.slice(0, 128) }) },
  });
}

export function tokenEndpoint(exchange: Exchange): SimResponse {
  exchange.outcome.endpoint = 'token';
  if (exchange.request.method !== 'POST') return tokenError(exchange, 900561, { error: 'invalid_request' });
  const grantType = exchange.form.get('grant_type');
  exchange.outcome.grantType = grantType;
  const script = exchange.context.tokenScript.take(grantType);
  if (script) return scripted(exchange, script);
  if (!grantType) return tokenError(exchange, 900144, { slots: { parameter: 'grant_type' } });
  const grant = GRANTS.get(grantType);
  if (!grant) return tokenError(exchange, 70003, { slots: { grantType: grantType.slice(0, 128) } });
  const client = authenticateClient(exchange, grant.confidential);
  if ('status' in client) return client;
  return grant.handler(exchange, client);
}
