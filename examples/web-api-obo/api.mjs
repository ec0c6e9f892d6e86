// The web-API example: an Express API that calls Microsoft Graph on behalf of its caller (OBO). When
// Entra ID or Graph needs something from the user (MFA, consent, a CAE re-authentication), the API
// cannot show a page: aadErrorHandler hands the challenge back to the caller, naming this API's
// client ID, so the caller's MSAL can get a new token with those claims and call again.
import express from 'express';
import { aadErrorHandler, throwIfChallenged } from 'aad-error-handler';
import { bearerToken, verifyAccessToken } from './verify-token.mjs';

export const GRAPH_USER_READ = 'https://graph.microsoft.com/User.Read';

/**
 * @param {object} options
 * @param {ReturnType<typeof import('aad-error-handler').withAadErrors>} options.aad this API's ConfidentialClientApplication, wrapped by withAadErrors
 * @param {string} options.clientId this API's client ID: named in the challenges it sends
 * @param {string} options.authority this API's authority, e.g. https://login.microsoftonline.com/<tenant>
 * @param {string} options.audience what callers' tokens must be for, e.g. api://<client-id>
 * @param {() => { keys: Array<Record<string, string>> }} options.jwks the issuer's signing keys
 * @param {string} options.graphUrl Microsoft Graph's origin (a local stand-in in the example)
 * @param {import('aad-error-handler').AadLogger} [options.logger]
 */
export function createProfileApi({ aad, clientId, authority, audience, jwks, graphUrl, logger }) {
  const issuer = `${authority}/v2.0`;
  const app = express();
  app.disable('x-powered-by');

  // Only callers with a valid token for this API get further. (A refused token is this API's own
  // answer, not an Entra ID failure, so it does not go through aadErrorHandler.)
  app.use('/api', (req, res, next) => {
    const token = bearerToken(req);
    try {
      req.user = verifyAccessToken(token, { jwks, issuer, audience });
      req.userToken = token;
      next();
    } catch (error) {
      res.status(401).set('WWW-Authenticate', 'Bearer realm="", error="invalid_token"').json({ error: 'invalid_token', reason: error.message });
    }
  });

  app.get('/api/me', async (req, res) => {
    // On behalf of the caller: Entra ID may answer with MFA (a claims challenge) or missing consent.
    const { accessToken } = await aad.acquireTokenOnBehalfOf({ oboAssertion: req.userToken, scopes: [GRAPH_USER_READ] });
    // Graph may refuse the token it was given (Continuous Access Evaluation): throwIfChallenged turns
    // its 401 challenge into an AadError for the handler; any other answer comes back untouched.
    const graph = await throwIfChallenged(await fetch(`${graphUrl}/v1.0/me`, { headers: { authorization: `Bearer ${accessToken}` } }));
    if (!graph.ok) {
      res.status(502).json({ error: 'graph_failed', status: graph.status });
      return;
    }
    const me = await graph.json();
    res.json({ displayName: me.displayName, userPrincipalName: me.userPrincipalName });
  });

  // Every Entra failure becomes a WWW-Authenticate challenge (401/403) or a 503 with Retry-After, with
  // problem+json; anything else goes on to Express's own handler. A consent challenge names this
  // API's `/.default` scope: the caller asks for a token for this API again, and Entra ID shows the
  // consent for everything the API needs downstream at the same time.
  app.use(aadErrorHandler({ mode: 'web_api', clientId, authority, scopes: [`${audience}/.default`], logger }));
  return app;
}
