// The demo's scenarios. Each one scripts the simulated Entra ID to fail the way the real service does,
// then makes a real msal-node token call that meets that failure. Nothing here fakes the answer of
// aadErrorHandler: what the browser and the API caller get is what the library does.

/** Conditional Access asking for MFA, as the `claims` of an AADSTS50076 answer carry it. */
export const MFA_CLAIMS = '{"access_token":{"acrs":{"essential":true,"value":"c1"}}}';

/** How long the throttling scenario's 429 asks the app to wait, in seconds. */
export const THROTTLE_SECONDS = 30;

// Scripts apply to the refresh-token grant only, so the demo's own sign-ins (authorization code)
// never meet a failure meant for the scenario.
const REFRESH = { grantType: 'refresh_token' };

/** The app's usual call: a token for the signed-in user, from the cache or with the refresh token. */
function silentCall({ aad, account, scopes, armed }) {
  // forceRefresh on an armed run: the cached access token is still valid, and the call must reach Entra.
  return aad.acquireTokenSilent({ account, scopes, forceRefresh: armed });
}

/**
 * @typedef {object} Scenario
 * @property {string} id
 * @property {string} title
 * @property {string} summary What happens, in plain words, before any protocol term.
 * @property {string} entra What the simulated Entra ID is scripted to do.
 * @property {string} browser What a person at a browser gets.
 * @property {string} api What an API caller gets.
 * @property {string} [hint] What to do on the way, when the scenario needs a click.
 * @property {(sim: import('aad-error-handler/testing').EntraSimulator, demo: { throttledUntil: number }) => void} [arm]
 * @property {(ctx: object) => Promise<import('@azure/msal-node').AuthenticationResult | null>} call
 * @property {string[]} [scopes] Scopes of the call, when not the app's own.
 * @property {boolean} [everyVisit] Arm again each time the route is visited (the loop scenario).
 */

/** @type {Scenario[]} */
export const SCENARIOS = [
  {
    id: 'mfa',
    title: 'MFA required (claims challenge)',
    summary: 'Your organization wants a second sign-in factor before the app may get a new token. The user signs in once more and is asked for it.',
    entra: 'Conditional Access wants MFA: the refresh-token grant fails with invalid_grant, AADSTS50076, suberror basic_action and a claims challenge (acrs "c1").',
    browser: 'A 302 to your sign-in route carrying the claims. The sign-in page receives them, and back in the app the new token carries acrs "c1".',
    api: '401 with WWW-Authenticate: Bearer … error="insufficient_claims", claims="…" and problem+json.',
    arm: (sim) => sim.failNextToken(50076, { claims: MFA_CLAIMS, ...REFRESH }),
    call: silentCall,
  },
  {
    id: 'consent',
    title: 'Consent missing',
    summary: 'The app asks for a permission the user never agreed to. The user sees the permission prompt again.',
    entra: 'The user never consented to a permission the app asks for: invalid_grant, AADSTS65001, suberror consent_required.',
    browser: 'A 302 to your sign-in route with prompt=consent, so the sign-in page asks for the permissions again.',
    api: '403 with WWW-Authenticate: Bearer … error="insufficient_scope", scope="…".',
    arm: (sim) => sim.failNextToken(65001, REFRESH),
    call: silentCall,
  },
  {
    id: 'admin-consent',
    title: 'Admin consent required',
    summary: 'The app needs a permission that only an administrator can grant. Signing in again cannot help, so the user gets a link to pass on.',
    entra: 'The permission needs an administrator: invalid_grant, AADSTS90094. No sign-in can fix it.',
    browser: 'No redirect: a 403 page that says an administrator must approve, with the tenant’s admin-consent link.',
    api: '403 insufficient_scope with adminConsent: true and adminConsentUrl in the problem+json body.',
    arm: (sim) => sim.failNextToken(90094, REFRESH),
    call: silentCall,
  },
  {
    id: 'expired-refresh-token',
    title: 'Refresh token expired',
    summary: 'The user has not opened the app for 90 days, so the app’s long-lived sign-in for them ran out. They confirm who they are and carry on.',
    entra: 'The refresh token went unused for 90 days: invalid_grant, AADSTS700082, suberror bad_token.',
    browser: 'A 302 to your sign-in route with login_hint and domain_hint, so the user just confirms who they are.',
    api: '401 with WWW-Authenticate: Bearer … error="invalid_token".',
    arm: (sim) => sim.failNextToken(700082, { suberror: 'bad_token', ...REFRESH }),
    call: silentCall,
  },
  {
    id: 'throttling',
    title: 'Throttled (429 with Retry-After)',
    summary: 'Entra ID gets too many token requests and tells the app to wait. The user is told when to come back.',
    entra: `Entra ID throttles the tenant: 429 temporarily_unavailable, AADSTS90055, Retry-After: ${THROTTLE_SECONDS}. msal-node then refuses the same request for ${THROTTLE_SECONDS} s without calling Entra.`,
    browser: `withAadErrors sees the wait is longer than a page view can afford and gives up at once: a 503 page with Retry-After: ${THROTTLE_SECONDS}.`,
    api: '503 with Retry-After and problem+json.',
    scopes: ['Calendars.Read'],
    arm(sim, demo) {
      // Inside msal-node's throttle window the call never reaches Entra, so a script would be left over.
      if (Date.now() < demo.throttledUntil) return;
      sim.throttleNextToken(1, { retryAfter: THROTTLE_SECONDS, ...REFRESH });
      demo.throttledUntil = Date.now() + THROTTLE_SECONDS * 1000;
    },
    call: silentCall,
  },
  {
    id: 'bad-client-secret',
    title: 'Bad client secret',
    summary: 'The app’s own password for Entra ID is wrong. Nothing the user does can fix it: the page says so and gives support a reference.',
    entra: 'The app’s secret was rotated but the app still sends the old one: the simulator’s own check answers 401 invalid_client, AADSTS7000215.',
    browser: 'A 500 page saying the app is not set up correctly, with the correlation ID to look up in the sign-in logs.',
    api: '500 problem+json with the code and correlation ID. Nothing is retried.',
    // No script: this client really sends a wrong secret.
    call: ({ misconfigured }) => misconfigured.acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] }),
  },
  {
    id: 'ca-blocked',
    title: 'Blocked by Conditional Access',
    summary: 'A sign-in rule of the organization blocks this sign-in. Only an administrator can change the rule.',
    entra: 'A Conditional Access policy blocks this sign-in outright: invalid_grant, AADSTS53003.',
    browser: 'No redirect (signing in again cannot help): a 403 page naming the administrator as the one to fix it.',
    api: '403 problem+json with the code and correlation ID.',
    arm: (sim) => sim.failNextToken(53003, REFRESH),
    call: silentCall,
  },
  {
    id: 'declined-consent',
    title: 'User declines consent',
    summary: 'The user is asked for a permission and says no. The app stops and says so, instead of asking again.',
    entra: 'Consent is missing (AADSTS65001); then, on the permissions page, the user presses Cancel: Entra sends access_denied, AADSTS65004 to the redirect URI.',
    browser: 'aadSignInCallback hands the error to the handler: a friendly "Permission was not granted" page, never another redirect.',
    api: '403 problem+json with AADSTS65004 (the callback answered as an API call).',
    hint: 'On the simulated permissions page, press Cancel.',
    arm: (sim) => sim.failNextToken(65001, REFRESH),
    call: silentCall,
  },
  {
    id: 'redirect-loop',
    title: 'Redirect loop',
    summary: 'Every sign-in comes back with the same demand, as when an app drops what it was asked for. The third time, the app stops.',
    entra: 'The MFA claims challenge comes back after every sign-in, as when an app drops the claims it was asked for.',
    browser: 'Two sign-in round trips go through; the third failure gets the loop guard’s "Sign-in keeps failing" page instead of another redirect.',
    api: '401 claims challenge every time: API answers are never counted by the loop guard.',
    hint: 'Sign in each time you are asked: the third failure is stopped.',
    everyVisit: true,
    arm: (sim) => sim.failNextToken(50076, { claims: MFA_CLAIMS, ...REFRESH }),
    call: silentCall,
  },
];

/** The scenario with this id, or undefined. */
export function findScenario(id) {
  return SCENARIOS.find((scenario) => scenario.id === id);
}
