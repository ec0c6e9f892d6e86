import { escapeHtml } from '../escape-html.js';
import { appName, readApp } from './authorize-page.js';
import type { Exchange } from './exchange.js';
import { details, hidden, page } from './html.js';
import { simHtml, simLanguage, simText } from './page-texts.js';
import { returnError, SESSION_COOKIE, sessionId, type ReturnTo } from './redirect.js';
import { redirectResponse } from './responses.js';
import type { SimResponse } from './types.js';

/**
 * GET /{tenant}/adminconsent (v1) and /{tenant}/v2.0/adminconsent: a page that says which app asks
 * for which permissions in which tenant. Accepting redirects back with `admin_consent=True&tenant=…`
 * (and `scope=…` for v2), as Entra does.
 */
export function adminConsentPage(exchange: Exchange, v2: boolean): SimResponse {
  exchange.outcome.endpoint = 'admin_consent';
  const { context, query } = exchange;
  const app = readApp(exchange);
  if ('status' in app) return app;
  const to: ReturnTo = { redirectUri: app.redirectUri, responseMode: 'query', state: query.get('state') };
  const failure = context.adminConsentScript.take();
  if (failure && !failure.showPage) {
    exchange.outcome.scripted = true;
    return returnError(exchange, to, failure, { admin_consent: 'False', tenant: context.options.tenantId });
  }
  const scope = v2 ? (query.get('scope') ?? '') : '';
  const params: Record<string, string> = { client_id: app.clientId, redirect_uri: app.redirectUri, response_mode: 'query' };
  if (to.state !== null) params['state'] = to.state;
  if (v2) params['scope'] = scope;
  const lang = simLanguage(exchange);
  // The form's error pages (an expired ticket) answer in the page's language.
  params['ui_locales'] = lang;
  const ticket = context.store.addTicket({ kind: 'admin_consent', tenant: exchange.tenant ?? 'common', params, issuedAt: exchange.now, failure: failure ?? null });
  const appHtml = `<strong translate="no" data-field="app">${escapeHtml(appName(exchange, app.clientId))}</strong>`;
  const content = [
    `<p>${simHtml(lang, 'admin.lead').replace('{app}', appHtml)}</p>`,
    details([
      [simText(lang, 'admin.clientId'), app.clientId, 'client_id'],
      [simText(lang, 'admin.permissions'), scope === '' ? simText(lang, 'admin.allPermissions') : scope, 'scope'],
      [simText(lang, 'admin.organization'), `${context.options.tenantDomain} (${context.options.tenantId})`, 'tenant'],
      [simText(lang, 'redirectUri'), app.redirectUri, 'redirect_uri'],
    ], lang),
    `<p>${simHtml(lang, 'admin.effect')}</p>`,
    `<form method="post" action="/${encodeURIComponent(exchange.tenant ?? 'common')}/login">`,
    hidden('ticket', ticket),
    `<button class="primary" type="submit" name="action" value="accept">${simHtml(lang, 'admin.accept')}</button>`,
    `<button class="secondary" type="submit" name="action" value="cancel">${simHtml(lang, 'cancel')}</button>`,
    '</form>',
  ].join('\n');
  return page(exchange, 200, simText(lang, 'admin.title'), content, undefined, lang);
}

/** GET /{tenant}/oauth2/v2.0/logout: ends the simulator's browser session and goes back to the app. */
export function logoutPage(exchange: Exchange): SimResponse {
  exchange.outcome.endpoint = 'logout';
  const session = sessionId(exchange);
  if (session !== null) exchange.context.store.sessions.delete(session);
  const clear = { 'set-cookie': `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0` };
  const target = exchange.query.get('post_logout_redirect_uri');
  let url: URL | null = null;
  try {
    url = target === null ? null : new URL(target);
  } catch {
    url = null;
  }
  if (url && (url.protocol === 'http:' || url.protocol === 'https:')) {
    const state = exchange.query.get('state');
    if (state !== null) url.searchParams.set('state', state);
    return redirectResponse(exchange, url.toString(), clear);
  }
  const lang = simLanguage(exchange);
  const response = page(exchange, 200, simText(lang, 'signOut.title'), `<p>${simHtml(lang, 'signOut.message')}</p>`, undefined, lang);
  return { ...response, headers: { ...response.headers, ...clear } };
}
