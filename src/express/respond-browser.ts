import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Decision } from '../classify/types.js';
import type { HandlerConfig } from './handler-config.js';
import { andThen, type MaybePromise } from './maybe-async.js';
import { buildPage, isDeclined, type PageKind } from './page-model.js';
import { adminLinkFor } from './respond-api.js';
import { retryAfterFor, sendPage, sendRedirect } from './send.js';
import { loginPathUrl, returnToFor, signInParamsFor, signInTarget } from './sign-in-redirect.js';
import { reauthenticateChallenge } from './www-authenticate.js';

// A person at a browser can act: sign in again, consent, satisfy a claims challenge. They get a
// redirect that starts that sign-in, guarded against loops; everything a sign-in cannot clear gets a
// page that says what happened, in plain words, with the IDs support needs.

/** What the browser responder did, for the log record. */
export interface BrowserOutcome {
  readonly status: number;
  readonly loopGuard?: true;
  /** Why the direct authorize redirect fell back to `loginPath`, when it did. */
  readonly fallback?: string;
}

/** The status of the page shown when the loop guard trips: the app could not complete sign-in. */
export const LOOP_STATUS = 500;

function isInteractive(decision: Decision): boolean {
  return decision.action === 'reauthenticate' || decision.action === 'claims_challenge' || (decision.action === 'consent' && !decision.adminConsent);
}

/** Answers a browser; returns what was sent (synchronously unless a hook or msal made it wait). */
export function respondBrowser(
  decision: Decision,
  err: unknown,
  req: IncomingMessage,
  res: ServerResponse,
  config: HandlerConfig,
  onRenderError: (error: unknown) => void,
): MaybePromise<BrowserOutcome> {
  const exposeDetails = config.exposeDetails;
  const signInAgain = (): string => loginPathUrl(config.loginPath, { returnTo: returnToFor(err, req, config.loginPath), scopes: [] });

  if (isInteractive(decision)) {
    if (config.loopGuard && !config.loopGuard.allow(req, res)) {
      const page = buildPage({ kind: 'loop', status: LOOP_STATUS, decision, exposeDetails, tryAgainUrl: signInAgain() });
      return andThen(sendPage(res, req, page, config, onRenderError), () => ({ status: LOOP_STATUS, loopGuard: true as const }));
    }
    return andThen(signInTarget(signInParamsFor(decision, err, req, config), config), (target) => {
      if (!res.headersSent) sendRedirect(res, target.location);
      return target.fallback ? { status: 302, fallback: target.fallback } : { status: 302 };
    });
  }

  let kind: PageKind;
  let status: number = decision.status;
  let extra: { retryAfterSeconds?: number; adminConsentUrl?: string | null; tryAgainUrl?: string | null } = {};
  switch (decision.action) {
    case 'consent':
      // Only admin-only consent gets here: a consent screen would just say "Need admin approval".
      kind = 'admin_consent';
      status = 403;
      extra = { adminConsentUrl: adminLinkFor(decision, req, config) ?? null, tryAgainUrl: signInAgain() };
      break;
    case 'retry':
      kind = 'retry';
      status = 503;
      extra = { retryAfterSeconds: retryAfterFor(decision, err, config), tryAgainUrl: returnToFor(err, req, config.loginPath) };
      break;
    default:
      kind = isDeclined(decision) ? 'declined' : 'error';
      // A user who declined, or whose own sign-in failed, may try again by hand; nobody is sent there automatically.
      extra = kind === 'declined' || decision.fixBy === 'user' ? { tryAgainUrl: signInAgain() } : {};
      // RFC 9110 §15.5.2: a 401 carries a challenge, even on a page (an override can ask for one).
      if (status === 401) res.setHeader('WWW-Authenticate', reauthenticateChallenge(config.challengePrefix));
  }
  return andThen(sendPage(res, req, buildPage({ kind, status, decision, exposeDetails, ...extra }), config, onRenderError), () => ({ status }));
}
