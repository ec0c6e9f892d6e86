import { randomUUID } from 'node:crypto';
import type { Exchange } from './exchange.js';
import { errorPage } from './html.js';
import { simLanguage } from './page-texts.js';
import { returnError, returnToApp, SESSION_COOKIE, type ReturnTo } from './redirect.js';
import { stableGuid } from './token-issuer.js';
import type { SimResponse, SimulatedUser } from './types.js';

// POST /{tenant}/login: the sign-in and admin-consent forms come back here (Entra's own pages post to
// the same path). Each rendered page carries a one-time ticket, so a form can be submitted once and
// only within ten minutes, and no request parameter is trusted twice.

const TICKET_LIFETIME_MS = 10 * 60_000;
const USERNAME = /^[^\s<>"'\u0000-\u001f\u007f]{1,256}$/;

/** The user for a sign-in name: the configured user, or a stable made-up one for any other name. */
export function userFor(configured: SimulatedUser, username: string): SimulatedUser | null {
  const name = username.trim();
  if (name === '' || name.toLowerCase() === configured.username.toLowerCase()) return configured;
  if (!USERNAME.test(name)) return null;
  const local = name.split('@')[0] ?? name;
  const display = local
    .split(/[._-]+/)
    .filter((part) => part !== '')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join(' ');
  return { name: display || name, username: name, oid: stableGuid(`user:${name.toLowerCase()}`) };
}

type Params = URLSearchParams | Readonly<Record<string, string>>;

function read(params: Params, name: string): string | null {
  return params instanceof URLSearchParams ? params.get(name) : (params[name] ?? null);
}

/** Issues an authorization code for the request and returns the success parameters of the redirect. */
export function mintCode(exchange: Exchange, clientId: string, redirectUri: string, params: Params, user: SimulatedUser): Record<string, string> {
  const { store, options } = exchange.context;
  const code = store.addCode({
    clientId,
    redirectUri,
    scope: read(params, 'scope') ?? '',
    user,
    nonce: read(params, 'nonce'),
    codeChallenge: read(params, 'code_challenge'),
    codeChallengeMethod: read(params, 'code_challenge_method') ?? (read(params, 'code_challenge') === null ? null : 'plain'),
    claims: read(params, 'claims'),
    issuedAt: exchange.now,
  });
  const out: Record<string, string> = { code };
  if (read(params, 'client_info') === '1') out['client_info'] = Buffer.from(JSON.stringify({ uid: user.oid, utid: options.tenantId })).toString('base64url');
  out['session_state'] = randomUUID();
  return out;
}

function sessionCookie(value: string): string {
  return `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Lax`;
}

export function signInSubmit(exchange: Exchange): SimResponse {
  exchange.outcome.endpoint = 'sign_in';
  const { store, options } = exchange.context;
  const ticket = store.takeTicket(exchange.form.get('ticket') ?? '');
  if (!ticket || exchange.now - ticket.issuedAt > TICKET_LIFETIME_MS) {
    return errorPage(exchange, 90100, {}, 'The sign-in page expired or was already submitted. Go back to the application and sign in again.');
  }
  const { params } = ticket;
  const to: ReturnTo = { redirectUri: params['redirect_uri'] ?? '', responseMode: params['response_mode'] ?? 'query', state: params['state'] ?? null };
  const action = exchange.form.get('action');
  const consent = ticket.kind === 'admin_consent';
  const refusal = consent ? { admin_consent: 'False', tenant: options.tenantId } : {};

  if (action === 'cancel') {
    return returnError(exchange, to, { code: 65004, error: 'access_denied', errorSubcode: 'cancel', ...(consent ? { message: 'The administrator declined to grant consent for the organization.' } : {}) }, refusal);
  }
  if (ticket.failure) {
    exchange.outcome.scripted = true;
    return returnError(exchange, to, ticket.failure, refusal);
  }
  if (consent) {
    const granted: Record<string, string> = { admin_consent: 'True', tenant: options.tenantId };
    if (params['scope'] !== undefined) granted['scope'] = params['scope'];
    return returnToApp(exchange, to, granted);
  }
  const user = userFor(options.user, exchange.form.get('username') ?? '');
  if (!user) return errorPage(exchange, 50034, {}, 'The user account does not exist in the directory. To sign into this application, the account must be added to the directory.', simLanguage(exchange, params['ui_locales'] ?? null));
  const session = randomUUID();
  store.sessions.set(session, user);
  return returnToApp(exchange, to, mintCode(exchange, params['client_id'] ?? '', to.redirectUri, params, user), { 'set-cookie': sessionCookie(session) });
}
