import { escapeHtml } from '../escape-html.js';
import { authenticateClient, type Client } from './client-auth.js';
import type { Exchange, SimContext } from './exchange.js';
import { issueTokens, requestedScopes } from './grants.js';
import { hidden, page } from './html.js';
import { simHtml, simLanguage, simText, type SimLang } from './page-texts.js';
import { jsonResponse, tokenError } from './responses.js';
import { userFor } from './sign-in.js';
import type { SimResponse } from './types.js';

// The device code flow: POST /{tenant}/oauth2/v2.0/devicecode starts it, the token endpoint answers
// `authorization_pending` until the user approves (on the /devicelogin page, or `sim.approveDeviceCode`),
// then issues tokens once.

const DEVICE_CODE_LIFETIME_S = 900;

function verificationUri(context: SimContext): string {
  const origin = context.browserOrigin();
  return origin === null ? 'https://microsoft.com/devicelogin' : `${origin}/devicelogin`;
}

export function deviceCodeEndpoint(exchange: Exchange): SimResponse {
  exchange.outcome.endpoint = 'device_code';
  const client = authenticateClient(exchange, false);
  if ('status' in client) return client;
  const scopes = requestedScopes(exchange, exchange.form.get('scope') ?? undefined);
  if ('status' in scopes) return scopes;
  const { context } = exchange;
  const flow = context.store.addDeviceFlow(client.clientId, exchange.form.get('scope') ?? '', exchange.now + DEVICE_CODE_LIFETIME_S * 1000);
  const uri = verificationUri(context);
  return jsonResponse(exchange, 200, {
    user_code: flow.userCode,
    device_code: flow.deviceCode,
    verification_uri: uri,
    expires_in: DEVICE_CODE_LIFETIME_S,
    interval: context.options.deviceCodeInterval,
    message: `To sign in, use a web browser to open the page ${uri} and enter the code ${flow.userCode} to authenticate.`,
  });
}

/** `urn:ietf:params:oauth:grant-type:device_code`: pending, declined, expired, or tokens once. */
export function deviceCodeGrant(exchange: Exchange, client: Client): SimResponse {
  const value = exchange.form.get('device_code');
  if (!value) return tokenError(exchange, 900144, { slots: { parameter: 'device_code' } });
  const flow = exchange.context.store.deviceFlows.get(value);
  if (!flow || flow.redeemed || flow.clientId !== client.clientId) return tokenError(exchange, 70000, { error: 'invalid_grant', slots: { parameter: 'device_code' } });
  if (exchange.now > flow.expiresAt) return tokenError(exchange, 70019, { error: 'expired_token' });
  if (flow.state === 'declined') return tokenError(exchange, 65004, { error: 'authorization_declined', message: 'The user declined the authorization request.' });
  if (flow.state === 'pending' || !flow.user) return tokenError(exchange, 70016, { error: 'authorization_pending' });
  const scopes = requestedScopes(exchange, exchange.form.get('scope') ?? flow.scope);
  if ('status' in scopes) return scopes;
  flow.redeemed = true;
  return issueTokens(exchange, client, scopes, flow.user);
}

/**
 * GET and POST /devicelogin: the page where a user types the code shown on the device, in the
 * language of `ui_locales` (on the URL, or carried by the form) else Accept-Language, as Entra's own.
 */
export function deviceLoginPage(exchange: Exchange): SimResponse {
  exchange.outcome.endpoint = 'device_login';
  const lang = simLanguage(exchange, exchange.form.get('ui_locales') ?? exchange.query.get('ui_locales'));
  if (exchange.request.method === 'POST') {
    const flow = exchange.context.store.deviceFlowByUserCode(exchange.form.get('otc') ?? '');
    if (!flow || flow.state !== 'pending' || exchange.now > flow.expiresAt) {
      exchange.outcome.error = 'invalid_code';
      return page(exchange, 400, simText(lang, 'device.title'), `<p class="error" data-field="error">${simHtml(lang, 'device.invalidCode')}</p>${codeForm(lang)}`, undefined, lang);
    }
    if (exchange.form.get('action') === 'cancel') {
      flow.state = 'declined';
      return page(exchange, 200, simText(lang, 'device.cancelledTitle'), `<p data-field="result">${simHtml(lang, 'device.cancelled')}</p>`, undefined, lang);
    }
    flow.user = userFor(exchange.context.options.user, exchange.form.get('username') ?? '') ?? exchange.context.options.user;
    flow.state = 'approved';
    const signedIn = simHtml(lang, 'device.signedIn').replace('{user}', escapeHtml(flow.user.username));
    return page(exchange, 200, simText(lang, 'device.signedInTitle'), `<p data-field="result">${signedIn}</p>`, undefined, lang);
  }
  return page(exchange, 200, simText(lang, 'device.title'), codeForm(lang), undefined, lang);
}

/** The code form; it carries the page's language, so the answer to it reads in the same one. */
function codeForm(lang: SimLang): string {
  return [
    '<form method="post" action="/devicelogin">',
    hidden('ui_locales', lang),
    `<label for="otc">${simHtml(lang, 'device.lead')}</label>`,
    '<input type="text" id="otc" name="otc" autocomplete="off">',
    `<label for="username">${simHtml(lang, 'device.username')}</label>`,
    '<input type="text" id="username" name="username" autocomplete="username">',
    `<button class="primary" type="submit" name="action" value="sign_in">${simHtml(lang, 'device.next')}</button>`,
    `<button class="secondary" type="submit" name="action" value="cancel">${simHtml(lang, 'cancel')}</button>`,
    '</form>',
  ].join('\n');
}
