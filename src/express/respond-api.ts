import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Decision } from '../classify/types.js';
import { encodeClaims } from '../parse/claims.js';
import type { HandlerConfig } from './handler-config.js';
import { buildProblem, type ProblemExtras } from './problem-details.js';
import { exposeToCors, retryAfterFor, sendProblem } from './send.js';
import { claimsChallenge, consentChallenge, headerSafe, reauthenticateChallenge } from './www-authenticate.js';

// API callers (SPAs, daemons, other APIs calling on behalf of a user) cannot be redirected: the
// interaction is handed back to them in a challenge they know how to act on, with an RFC 9457 body
// saying the same for clients that only read JSON.

/** The admin-consent link, or undefined when it cannot be built or the app's function fails. */
export function adminLinkFor(decision: Decision, req: IncomingMessage, config: HandlerConfig): string | undefined {
  try {
    const url = config.adminConsentUrl(decision, req);
    return typeof url === 'string' && /^https?:\/\//.test(url) ? headerSafe(url) : undefined;
  } catch {
    return undefined;
  }
}

/** Answers an API caller; returns the status sent. */
export function respondApi(decision: Decision, err: unknown, req: IncomingMessage, res: ServerResponse, config: HandlerConfig): number {
  const status = decision.status;
  const prefix = config.challengePrefix;
  let challenge: string | undefined;
  let extras: ProblemExtras = {};
  switch (decision.action) {
    case 'reauthenticate':
      challenge = reauthenticateChallenge(prefix);
      break;
    case 'claims_challenge': {
      // Without claims (an override can produce that) the best the caller can do is a fresh token.
      const claims = decision.claims ? encodeClaims(decision.claims) : undefined;
      challenge = claims ? claimsChallenge(prefix, claims) : reauthenticateChallenge(prefix);
      extras = { claims };
      break;
    }
    case 'consent': {
      const scopes = decision.scopes.length > 0 ? decision.scopes : config.scopes;
      challenge = consentChallenge(prefix, scopes);
      extras = {
        scope: scopes.length > 0 ? headerSafe(scopes.join(' ')) : undefined,
        adminConsentUrl: decision.adminConsent ? adminLinkFor(decision, req, config) : undefined,
      };
      break;
    }
    case 'retry': {
      const seconds = retryAfterFor(decision, err, config);
      res.setHeader('Retry-After', String(seconds));
      extras = { retryAfter: seconds };
      break;
    }
    case 'fail':
      break;
  }
  // RFC 9110 §15.5.2: a 401 must carry a challenge, whatever an override made of the decision.
  if (challenge === undefined && status === 401) challenge = reauthenticateChallenge(prefix);
  if (challenge !== undefined) res.setHeader('WWW-Authenticate', challenge);
  exposeToCors(res, [...(challenge !== undefined ? ['WWW-Authenticate'] : []), ...(decision.action === 'retry' ? ['Retry-After'] : [])]);
  sendProblem(res, status, buildProblem(decision, status, extras, config.exposeDetails));
  return status;
}
