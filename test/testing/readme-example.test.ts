// docs/simulator.md's first example, kept runnable: a user's own test suite against the simulated Entra ID.
// In your project the two imports below are `aad-error-handler` and `aad-error-handler/testing`.
import { ConfidentialClientApplication } from '@azure/msal-node';
import { afterEach, expect, it } from 'vitest';
import { classify } from '../../src/index.js';
import { createEntraSimulator } from '../../src/testing/index.js';

const sim = createEntraSimulator();
const scopes = ['https://graph.microsoft.com/.default'];

// Build the app as production does, with the simulator's authority and network client.
function createApp() {
  return new ConfidentialClientApplication({
    auth: { clientId: 'my-daemon', clientSecret: 'test-secret', authority: sim.authority },
    system: { networkClient: sim.networkClient },
  });
}

afterEach(() => {
  expect(sim.pendingScripts).toBe(0); // every scripted answer was used
  sim.reset();
});

it('hands a Conditional Access claims challenge to the caller', async () => {
  const claims = '{"access_token":{"acrs":{"essential":true,"value":"c1"}}}';
  sim.failNextToken(50076, { claims });

  const error = await createApp().acquireTokenByClientCredential({ scopes }).catch((caught: unknown) => caught);

  expect(error).toMatchObject({ errorCode: 'invalid_grant', subError: 'basic_action', claims });
  expect(classify(error, { context: 'daemon' })).toMatchObject({ action: 'claims_challenge', code: 50076, claims });
});

it('is told to back off when Entra throttles', async () => {
  sim.throttleNextToken(1, { retryAfter: 2 });

  const error = await createApp().acquireTokenByClientCredential({ scopes }).catch((caught: unknown) => caught);

  expect(error).toMatchObject({ errorCode: 'temporarily_unavailable' });
  expect(classify(error, { context: 'daemon' })?.action).toBe('retry');
  expect(sim.requests.at(-1)).toMatchObject({ endpoint: 'token', status: 429 });
});

it('gets a token when nothing is scripted', async () => {
  const result = await createApp().acquireTokenByClientCredential({ scopes });

  expect(result?.accessToken.split('.')).toHaveLength(3);
  expect(sim.requests.at(-1)).toMatchObject({ endpoint: 'token', status: 200 });
});
