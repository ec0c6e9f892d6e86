import { escapeHtml } from '../escape-html.js';
import { lookupCode } from '../catalog/code-catalog.js';
import { entraMessage } from './entra-messages.js';
import { entraTimestamp } from './error-body.js';
import { authorizeErrorFor } from './error-kind.js';
import type { Exchange } from './exchange.js';
import { errorPage, hidden, page } from './html.js';
import { redirectResponse } from './responses.js';
import type { AuthorizeFailure } from './script.js';
import type { SimResponse } from './types.js';

export const SESSION_COOKIE = 'entra_sim_session';

/** Where and how the answer goes back to the app. */
export interface ReturnTo {
  readonly redirectUri: string;
  /** `query` (msal-node's default), `fragment` or `form_post`. */
  readonly responseMode: string;
  readonly state: string | null;
}

/**
 * Picks the redirect URI as Entra does: the one sent must be registered (AADSTS50011); with none
 * sent, the app's first registered one; with neither, AADSTS900971. Anything but http(s) is refused,
 * so the simulator can never be turned into an open redirect to `javascript:` or `data:` URLs.
 */
export function chooseRedirectUri(exchange: Exchange, clientId: string, sent: string | null): string | SimResponse {
  const registered = exchange.context.options.apps.get(clientId)?.redirectUris;
  const uri = sent ?? registered?.[0] ?? null;
  if (uri === null || uri === '') return errorPage(exchange, 900971);
  let parsed: URL;
  try {
    parsed = new URL(uri);
  } catch {
    return errorPage(exchange, 50011, { redirectUri: uri, clientId });
  }
  if ((parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || parsed.username !== '' || parsed.password !== '') return errorPage(exchange, 50011, { redirectUri: uri, clientId });
  if (registered !== undefined && !registered.includes(uri)) return errorPage(exchange, 50011, { redirectUri: uri, clientId });
  return uri;
}

/** Sends the browser back to the app with `params` (plus `state`), honouring the response mode. */
export function returnToApp(exchange: Exchange, to: ReturnTo, params: Readonly<Record<string, string>>, headers: Readonly<Record<string, string>> = {}): SimResponse {
  const all: Record<string, string> = { ...params };
  if (to.state !== null) all['state'] = to.state;
  if (to.responseMode === 'form_post') {
    const fields = Object.entries(all).map(([name, value]) => hidden(name, value)).join('');
    const response = page(
      exchange,
      200,
      'Working…',
      `<form method="post" action="${escapeHtml(to.redirectUri)}" id="return">${fields}<noscript><button class="primary" type="submit">Continue</button></noscript></form>`,
      "document.getElementById('return').submit();",
    );
    return { ...response, headers: { ...response.headers, ...headers } };
  }
  const url = new URL(to.redirectUri);
  const encoded = new URLSearchParams(all);
  if (to.responseMode === 'fragment') url.hash = encoded.toString();
  else for (const [name, value] of encoded) url.searchParams.append(name, value);
  return redirectResponse(exchange, url.toString(), headers);
}

/** The redirect Entra sends when the authorize or consent step fails: `error`, `error_description`, `error_uri`. */
export function returnError(exchange: Exchange, to: ReturnTo, failure: AuthorizeFailure, extra: Readonly<Record<string, string>> = {}): SimResponse {
  const code = failure.code ?? (failure.error === 'access_denied' ? 65004 : 50058);
  const error = failure.error ?? authorizeErrorFor(code);
  const message = failure.message ?? entraMessage(code) ?? lookupCode(code)?.summary ?? 'The request failed.';
  const description = `AADSTS${code}: ${message}\r\nTrace ID: ${exchange.traceId}\r\nCorrelation ID: ${exchange.correlationId}\r\nTimestamp: ${entraTimestamp(new Date(exchange.now))}`;
  exchange.outcome.error = error;
  exchange.outcome.errorCodes = [code];
  const params: Record<string, string> = { error, error_description: description, error_uri: `https://login.microsoftonline.com/error?code=${code}` };
  if (failure.errorSubcode !== undefined) params['error_subcode'] = failure.errorSubcode;
  return returnToApp(exchange, to, { ...params, ...extra });
}

/** The session cookie value sent with the request, if any. */
export function sessionId(exchange: Exchange): string | null {
  const header = exchange.request.headers['cookie'] ?? '';
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === SESSION_COOKIE) return rest.join('=');
  }
  return null;
}
