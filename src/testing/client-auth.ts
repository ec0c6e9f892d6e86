import { createHash, timingSafeEqual } from 'node:crypto';
import type { Exchange } from './exchange.js';
import { readJwt } from './jwt.js';
import type { SimulatedApp } from './options.js';
import { tokenError } from './responses.js';
import type { SimResponse } from './types.js';

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** The client of a token request once it is known and, where required, authenticated. */
export interface Client {
  readonly clientId: string;
  readonly app: SimulatedApp | undefined;
  /** `0` public client, `1` client secret, `2` client assertion (certificate). */
  readonly auth: '0' | '1' | '2';
}

function sameSecret(sent: string, expected: string): boolean {
  // Compare digests so that neither the length nor the content leaks through timing.
  return timingSafeEqual(createHash('sha256').update(sent).digest(), createHash('sha256').update(expected).digest());
}

/**
 * Identifies and authenticates the client as Entra does: AADSTS700016 for an unknown app (only when
 * apps are registered), AADSTS7000218 when a confidential request carries no credential,
 * AADSTS7000215 for a wrong secret, AADSTS50027 for a client assertion that is not a JWT of this app.
 */
export function authenticateClient(exchange: Exchange, confidential: boolean): Client | SimResponse {
  const { apps } = exchange.context.options;
  const clientId = exchange.form.get('client_id') ?? '';
  if (clientId === '') return tokenError(exchange, 900144, { slots: { parameter: 'client_id' } });
  const slots = { clientId: clientId.slice(0, 128), tenant: exchange.tenant ?? 'common' };
  const app = apps.get(clientId);
  if (apps.size > 0 && !app) return tokenError(exchange, 700016, { slots });

  const secret = exchange.form.get('client_secret');
  const assertion = exchange.form.get('client_assertion');
  if (secret !== null && secret !== '') {
    if (app?.clientSecret !== undefined && !sameSecret(secret, app.clientSecret)) return tokenError(exchange, 7000215, { slots });
    return { clientId, app, auth: '1' };
  }
  if (assertion !== null && assertion !== '') {
    const jwt = readJwt(assertion);
    const type = exchange.form.get('client_assertion_type');
    if (type !== ASSERTION_TYPE) return tokenError(exchange, 900144, { error: 'invalid_request', slots: { parameter: 'client_assertion_type' } });
    if (!jwt || jwt.claims['iss'] !== clientId || jwt.claims['sub'] !== clientId) {
      return tokenError(exchange, 50027, { error: 'invalid_client', message: 'Invalid JWT token. The client assertion must be a JWT whose iss and sub are the client ID.' });
    }
    return { clientId, app, auth: '2' };
  }
  if (confidential || app?.clientSecret !== undefined) return tokenError(exchange, 7000218, { slots });
  return { clientId, app, auth: '0' };
}
