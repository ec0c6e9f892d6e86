// A stand-in for Microsoft Graph's GET /v1.0/me, enough to show what an API does with Graph's
// answers: it checks the token like Graph (signature, issuer, audience), and can be told to refuse
// the next one the way Graph does under Continuous Access Evaluation (a 401 claims challenge).
import express from 'express';
import { bearerToken, verifyAccessToken } from './verify-token.mjs';

/**
 * @param {{ jwks: () => { keys: Array<Record<string, string>> }, issuer: string }} options
 * @returns {{ app: import('express').Express, challengeNext(claims: string): void }}
 */
export function createFakeGraph({ jwks, issuer }) {
  const pending = [];
  const app = express();
  app.disable('x-powered-by');
  app.get('/v1.0/me', (req, res) => {
    let claims;
    try {
      claims = verifyAccessToken(bearerToken(req), { jwks, issuer, audience: 'https://graph.microsoft.com' });
    } catch {
      res.status(401).set('WWW-Authenticate', 'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"').json({ error: { code: 'InvalidAuthenticationToken', message: 'Access token validation failure.' } });
      return;
    }
    const challenge = pending.shift();
    if (challenge !== undefined) {
      // Graph's CAE answer: the claims the caller must satisfy, base64-encoded, in the challenge.
      const encoded = Buffer.from(challenge, 'utf8').toString('base64');
      res
        .status(401)
        .set('WWW-Authenticate', `Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000", error="insufficient_claims", claims="${encoded}"`)
        .json({ error: { code: 'InvalidAuthenticationToken', message: 'Continuous access evaluation resulted in challenge with result: InteractionRequired and code: TokenIssuedBeforeRevocationTimestamp' } });
      return;
    }
    res.json({ id: claims.oid, displayName: claims.name, userPrincipalName: claims.preferred_username });
  });
  return {
    app,
    /** The next request is refused with a CAE claims challenge for `claims` (JSON text). */
    challengeNext(claims) {
      pending.push(claims);
    },
  };
}
