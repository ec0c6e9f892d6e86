import { escapeHtml } from '../escape-html.js';
import type { Exchange } from './exchange.js';
import { details, errorPage, hidden, page, showClaims } from './html.js';
import { chooseRedirectUri, returnError, returnToApp, sessionId, type ReturnTo } from './redirect.js';
import { simHtml, simLanguage, simText } from './page-texts.js';
import { mintCode } from './sign-in.js';
import type { SimResponse } from './types.js';

// GET /{tenant}/oauth2/v2.0/authorize: the sign-in page. It shows what the app asked for (scopes,
// prompt, login_hint, the claims challenge decoded) and sends the browser back with a code, or with
// the scripted error. Problems Entra cannot report to the app (unknown app, bad redirect URI) get an
// error page instead of a redirect, as on the real service.

const RESPONSE_MODES = new Set(['query', 'fragment', 'form_post']);

/** The checks shared by the authorize and admin-consent pages: a known app and a registered redirect URI. */
export function readApp(exchange: Exchange): { clientId: string; redirectUri: string } | SimResponse {
  const { apps } = exchange.context.options;
  const clientId = exchange.query.get('client_id') ?? '';
  if (clientId === '') return errorPage(exchange, 900144, {}, "The request body must contain the following parameter: 'client_id'.");
  if (apps.size > 0 && !apps.has(clientId)) return errorPage(exchange, 700016, { clientId: clientId.slice(0, 128), tenant: exchange.tenant ?? 'common' });
  const redirectUri = chooseRedirectUri(exchange, clientId, exchange.query.get('redirect_uri'));
  return typeof redirectUri === 'string' ? { clientId, redirectUri } : redirectUri;
}

/** The app's display name for the consent pages. */
export function appName(exchange: Exchange, clientId: string): string {
  return exchange.context.options.apps.get(clientId)?.displayName ?? clientId;
}

export function authorizePage(exchange: Exchange): SimResponse {
  exchange.outcome.endpoint = 'authorize';
  const { query, context } = exchange;
  const app = readApp(exchange);
  if ('status' in app) return app;
  const responseMode = query.get('response_mode') ?? 'query';
  const to: ReturnTo = { redirectUri: app.redirectUri, responseMode: RESPONSE_MODES.has(responseMode) ? responseMode : 'query', state: query.get('state') };
  if ((query.get('response_type') ?? '').split(' ').indexOf('code') === -1) {
    return returnError(exchange, to, { code: 700054, error: 'unsupported_response_type', message: "The provided value for the input parameter 'response_type' is not allowed for this request. Expected value: 'code'." });
  }
  if (query.get('scope') === null) return returnError(exchange, to, { code: 90014, error: 'invalid_request', message: "The required field 'scope' is missing from the credential." });

  const failure = context.authorizeScript.take();
  if (failure && !failure.showPage) {
    exchange.outcome.scripted = true;
    return returnError(exchange, to, failure);
  }
  const prompt = query.get('prompt') ?? '';
  if (prompt === 'none' && !failure) {
    // A silent request succeeds only with a session from an earlier sign-in, as on the real service.
    const session = sessionId(exchange);
    const user = session === null ? undefined : context.store.sessions.get(session);
    if (!user) return returnError(exchange, to, { code: 50058, error: 'login_required' });
    return returnToApp(exchange, to, mintCode(exchange, app.clientId, to.redirectUri, query, user));
  }

  const params: Record<string, string> = {};
  for (const [name, value] of query) if (name.length <= 64 && !(name in params)) params[name] = value.slice(0, 16_384);
  params['redirect_uri'] = app.redirectUri;
  const ticket = context.store.addTicket({ kind: 'authorize', tenant: exchange.tenant ?? 'common', params, issuedAt: exchange.now, failure: failure ?? null });
  const session = sessionId(exchange);
  const signedIn = session === null ? undefined : context.store.sessions.get(session);
  const username = query.get('login_hint') ?? signedIn?.username ?? context.options.user.username;
  const lang = simLanguage(exchange);
  const appHtml = `<strong translate="no" data-field="app">${escapeHtml(appName(exchange, app.clientId))}</strong>`;
  const content = [
    `<p>${simHtml(lang, 'signIn.lead').replace('{app}', appHtml)}</p>`,
    details([
      [simText(lang, 'signIn.scopes'), query.get('scope') ?? '', 'scope'],
      [simText(lang, 'signIn.prompt'), prompt, 'prompt'],
      [simText(lang, 'signIn.loginHint'), query.get('login_hint') ?? '', 'login_hint'],
      [simText(lang, 'signIn.domainHint'), query.get('domain_hint') ?? '', 'domain_hint'],
      [simText(lang, 'signIn.claims'), showClaims(query.get('claims')), 'claims', true],
      [simText(lang, 'redirectUri'), app.redirectUri, 'redirect_uri'],
    ], lang),
    `<form method="post" action="/${encodeURIComponent(exchange.tenant ?? 'common')}/login">`,
    hidden('ticket', ticket),
    `<label for="username">${simHtml(lang, 'signIn.username')}</label>`,
    `<input type="text" id="username" name="username" autocomplete="username" value="${escapeHtml(username)}">`,
    `<button class="primary" type="submit" name="action" value="sign_in">${simHtml(lang, 'signIn.submit')}</button>`,
    `<button class="secondary" type="submit" name="action" value="cancel">${simHtml(lang, 'cancel')}</button>`,
    '</form>',
  ].join('\n');
  return page(exchange, 200, simText(lang, prompt === 'consent' ? 'consent.title' : 'signIn.title'), content, undefined, lang);
}
