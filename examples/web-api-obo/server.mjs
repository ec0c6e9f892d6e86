// `npm run example:web-api-obo`: the web-API example against a simulated Entra ID and a local stand-in for
// Microsoft Graph. It plays the API's caller, calls GET /api/me once per case, and prints the raw
// answers: what the caller's MSAL (MSAL.js, MSAL.NET, Microsoft.Identity.Web) acts on.
//
// Run `npm run build` first: 'aad-error-handler' resolves to this repository's dist/.
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';
import { ConfidentialClientApplication } from '@azure/msal-node';
import { aadNetworkClient, withAadErrors } from 'aad-error-handler';
import { createEntraSimulator } from 'aad-error-handler/testing';
import { createProfileApi } from './api.mjs';
import { createFakeGraph } from './fake-graph.mjs';

export const API_CLIENT_ID = '6d1e9c04-5b7a-4f2e-8a3c-0e9f1b2d7c55';
const API_SECRET = 'obo-example~only-the-simulator-knows-it';
const MFA_CLAIMS = '{"access_token":{"acrs":{"essential":true,"value":"c1"}}}';
const OBO_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

function listen(app) {
  const server = createServer(app);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve({ server, origin: `http://127.0.0.1:${server.address().port}` }));
  });
}

/** What happens in each case: a title, how the simulator or Graph is set up, and what the caller does next. */
const CASES = [
  { title: 'Nothing goes wrong', next: 'The caller shows the profile.' },
  {
    title: 'Conditional Access requires MFA for Graph (AADSTS50076 with claims, on the on-behalf-of call)',
    arrange: ({ sim }) => sim.failNextToken(50076, { claims: MFA_CLAIMS, grantType: OBO_GRANT }),
    next: 'The caller decodes `claims`, gets a new token for this API with them (MSAL.js: acquireTokenPopup({ scopes, claims })), and calls again.',
  },
  {
    title: 'Graph revokes the token through Continuous Access Evaluation (401 claims challenge from Graph)',
    arrange: ({ graph }) => graph.challengeNext('{"access_token":{"nbf":{"essential":true,"value":"1700000000"}}}'),
    next: 'Same as above: the challenge now names this API, which the caller can get a token for.',
  },
  {
    title: 'The user never consented to what the API needs (AADSTS65001 on the on-behalf-of call)',
    arrange: ({ sim }) => sim.failNextToken(65001, { grantType: OBO_GRANT }),
    next: 'The caller signs the user in interactively for the `scope` named (this API’s /.default), which shows the consent.',
  },
  {
    title: 'Entra ID throttles the on-behalf-of call (429, Retry-After: 20)',
    arrange: ({ sim }) => sim.throttleNextToken(1, { retryAfter: 20, grantType: OBO_GRANT }),
    next: 'The caller waits Retry-After seconds before it tries again.',
  },
];

/**
 * Starts the simulator, the Graph stand-in and the API, runs every case, and stops them again.
 * @param {{ log?: (line: string) => void }} [options]
 * @returns {Promise<Array<{ title: string, status: number, headers: Record<string, string>, body: unknown }>>}
 */
export async function runWalkthrough({ log = console.log } = {}) {
  const sim = createEntraSimulator({ apps: [{ clientId: API_CLIENT_ID, clientSecret: API_SECRET, displayName: 'Contoso Profile API' }] });
  const audience = `api://${API_CLIENT_ID}`;
  const graph = createFakeGraph({ jwks: () => sim.jwks, issuer: `${sim.authority}/v2.0` });
  const cca = new ConfidentialClientApplication({
    auth: { clientId: API_CLIENT_ID, clientSecret: API_SECRET, authority: sim.authority },
    system: { networkClient: aadNetworkClient({ networkModule: sim.networkClient }) },
  });
  // An API request cannot wait long either: a wait past 3 s becomes a 503 with Retry-After at once.
  const aad = withAadErrors(cca, { retry: { maxElapsedMs: 3_000 } });
  const graphServer = await listen(graph.app);
  const apiServer = await listen(createProfileApi({ aad, clientId: API_CLIENT_ID, authority: sim.authority, audience, jwks: () => sim.jwks, graphUrl: graphServer.origin }));
  const results = [];
  try {
    for (const [index, { title, arrange, next }] of CASES.entries()) {
      arrange?.({ sim, graph });
      // Each call brings a new user token, as a caller's MSAL would after the previous challenge.
      const userToken = sim.issueAccessToken({ audience, scopes: ['access_as_user'] });
      const response = await fetch(`${apiServer.origin}/api/me`, { headers: { authorization: `Bearer ${userToken}`, accept: 'application/json' } });
      const headers = Object.fromEntries([...response.headers].filter(([name]) => ['www-authenticate', 'retry-after', 'content-type'].includes(name)));
      const body = await response.json();
      results.push({ title, status: response.status, headers, body });
      log(`\n${index + 1}. ${title}\n   GET /api/me  (Authorization: Bearer <the caller's token for ${audience}>)\n   → ${response.status} ${response.statusText}`);
      for (const [name, value] of Object.entries(headers)) log(`     ${name}: ${value}`);
      log(`     ${JSON.stringify(body)}\n   ${next}`);
    }
  } finally {
    for (const { server } of [apiServer, graphServer]) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(() => resolve()));
    }
  }
  return results;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log('web-api-obo: an API calling Microsoft Graph on behalf of its caller, against a simulated Entra ID');
  await runWalkthrough();
}
