import express5, { type NextFunction, type Request, type Response } from 'express';
import express4 from 'express4';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { aadErrorHandler } from '../../src/express/handler.js';
import { decodeClaims } from '../../src/parse/claims.js';
import { parseWwwAuthenticate } from '../../src/parse/www-authenticate.js';
import { withAadErrors } from '../../src/msal/with-aad-errors.js';
import { entraErrorBody } from '../../src/testing/error-body.js';
import { AUTHORITY, CLIENT_ID, fakeJwt, tokenEndpoint } from '../fixtures/fake-authority.js';
import { confidentialClient } from './helpers.js';

// A web API calls a downstream API on behalf of its caller; Entra answers the OBO request with 50076
// and a claims challenge (MFA required by Conditional Access). The wrapper throws an AadError, the
// route hands it to next(err), and aadErrorHandler answers the API caller with the 401 claims challenge.

const MFA_CLAIMS = '{"access_token":{"capolids":{"essential":true,"values":["cf1aa85b-3df9-4b3e-9fbc-4ec8f5b0a0a1"]}}}';

const VERSIONS = [
  ['express 5', express5],
  ['express 4', express4],
] as const;

describe.each(VERSIONS)('on-behalf-of 50076 with claims through aadErrorHandler (%s)', (_name, express) => {
  it('answers the API caller with the 401 claims challenge carrying the same claims', async () => {
    tokenEndpoint().reply(400, entraErrorBody(50076, { error: 'invalid_grant', suberror: 'basic_action', claims: MFA_CLAIMS }));
    const aad = withAadErrors(confidentialClient());
    const thrown: unknown[] = [];
    const app = express();
    app.get('/api/orders', (req: Request, res: Response, next: NextFunction) => {
      const assertion = (req.headers.authorization ?? '').replace(/^Bearer /, '');
      aad.acquireTokenOnBehalfOf({ oboAssertion: assertion, scopes: ['api://orders/.default'] }).then(
        () => res.json({ orders: [] }),
        (error: unknown) => {
          thrown.push(error);
          next(error);
        },
      );
    });
    app.use(aadErrorHandler({ clientId: CLIENT_ID, authority: AUTHORITY }));

    const response = await request(app)
      .get('/api/orders')
      .set('Accept', 'application/json')
      .set('Authorization', `Bearer ${fakeJwt({ aud: CLIENT_ID, oid: 'u1', tid: 't1' })}`);

    expect(thrown[0]).toMatchObject({ name: 'AadError', code: 'ERR_AAD_CLAIMS_CHALLENGE', decision: { action: 'claims_challenge', code: 50076, claims: MFA_CLAIMS } });
    expect(response.status).toBe(401);
    const challenge = parseWwwAuthenticate(response.headers['www-authenticate'] ?? '').find((c) => c.scheme === 'bearer');
    expect(challenge?.params).toMatchObject({ realm: '', client_id: CLIENT_ID, error: 'insufficient_claims' });
    expect(challenge?.params['authorization_uri']).toContain(AUTHORITY);
    expect(JSON.parse(decodeClaims(challenge?.params['claims']) ?? 'null')).toEqual(JSON.parse(MFA_CLAIMS));
    expect(response.text).not.toMatch(/Due to a configuration change|Trace ID/);
  });
});
