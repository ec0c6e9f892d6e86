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
 * @property {string} id Its texts (title, summary, what Entra ID, a browser and an API caller get, a hint) are
 *   under `scenarios[id]` in texts-en.mjs and texts-ja.mjs.
 * @property {(sim: import('aad-error-handler/testing').EntraSimulator, demo: { throttledUntil: number }) => void} [arm]
 * @property {(ctx: object) => Promise<import('@azure/msal-node').AuthenticationResult | null>} call
 * @property {string[]} [scopes] Scopes of the call, when not the app's own.
 * @property {boolean} [everyVisit] Arm again each time the route is visited (the loop scenario).
 */

/** @type {Scenario[]} */
export const SCENARIOS = [
  {
    id: 'mfa',
    arm: (sim) => sim.failNextToken(50076, { claims: MFA_CLAIMS, ...REFRESH }),
    call: silentCall,
  },
  {
    id: 'consent',
    arm: (sim) => sim.failNextToken(65001, REFRESH),
    call: silentCall,
  },
  {
    id: 'admin-consent',
    arm: (sim) => sim.failNextToken(90094, REFRESH),
    call: silentCall,
  },
  {
    id: 'expired-refresh-token',
    arm: (sim) => sim.failNextToken(700082, { suberror: 'bad_token', ...REFRESH }),
    call: silentCall,
  },
  {
    id: 'throttling',
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
    // No script: this client really sends a wrong secret.
    call: ({ misconfigured }) => misconfigured.acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] }),
  },
  {
    id: 'ca-blocked',
    arm: (sim) => sim.failNextToken(53003, REFRESH),
    call: silentCall,
  },
  {
    id: 'declined-consent',
    arm: (sim) => sim.failNextToken(65001, REFRESH),
    call: silentCall,
  },
  {
    id: 'redirect-loop',
    everyVisit: true,
    arm: (sim) => sim.failNextToken(50076, { claims: MFA_CLAIMS, ...REFRESH }),
    call: silentCall,
  },
];

/** The scenario with this id, or undefined. */
export function findScenario(id) {
  return SCENARIOS.find((scenario) => scenario.id === id);
}
