import { ConfidentialClientApplication } from '@azure/msal-node';
import nock from 'nock';
import { aadNetworkClient, withAadErrors } from '../dist/index.js';
import { compareAbba } from './measure.mjs';
import { CLIENT_ID, fakeAuthority, HOST, SCOPES, TENANT, tokenBody } from './fake-authority.mjs';

// The MSAL wrapper against real msal-node, with the authority faked by nock inside this process (no
// network): (1) what the wrapper costs on a cache hit, (2) a 429 burst, (3) a cache-miss burst.
// Bare msal-node and the wrapper run in the same process, so the ratios are what matter.

const CALLERS = 100;

function throttledBody() {
  const stamp = new Date().toISOString().slice(0, 19).replace('T', ' ');
  return {
    error: 'temporarily_unavailable',
    error_description: `AADSTS50196: The server terminated an operation because it encountered a client request loop.\r\nTrace ID: 0f9c6e1a-7c1e-4a52-9a8e-5d0c3b1f2e01\r\nCorrelation ID: 7b0d1c2e-3f4a-4b5c-8d6e-9f0a1b2c3d4e\r\nTimestamp: ${stamp}Z`,
    error_codes: [50196],
    timestamp: `${stamp}Z`,
    trace_id: '0f9c6e1a-7c1e-4a52-9a8e-5d0c3b1f2e01',
    correlation_id: '7b0d1c2e-3f4a-4b5c-8d6e-9f0a1b2c3d4e',
    error_uri: `${HOST}/error?code=50196`,
  };
}

/** The token endpoint, counting requests; `answer(elapsedMs)` scripts each reply. */
function tokenEndpoint(answer) {
  nock.cleanAll();
  fakeAuthority();
  const state = { calls: 0, firstAt: 0 };
  nock(HOST).persist().post(`/${TENANT}/oauth2/v2.0/token`).query(true).reply(() => {
    if (state.calls++ === 0) state.firstAt = Date.now();
    return answer(Date.now() - state.firstAt);
  });
  return state;
}

function newClient(networkClient) {
  return new ConfidentialClientApplication({
    auth: { clientId: CLIENT_ID, authority: `${HOST}/${TENANT}`, clientSecret: 'bench-secret' },
    ...(networkClient ? { system: { networkClient } } : {}),
  });
}

/**
 * (1) The same client, token cached: bare and wrapped calls in alternating order (ABBA) within each
 * round, so drift in the machine's speed hits both; the overhead is the median of the rounds' ratios.
 */
async function cacheHitOverhead(rounds = 21, calls = 2000) {
  tokenEndpoint(() => [200, tokenBody()]);
  const client = newClient();
  const aad = withAadErrors(client);
  await client.acquireTokenByClientCredential({ scopes: SCOPES });
  const bare = () => client.acquireTokenByClientCredential({ scopes: SCOPES });
  const wrapped = () => aad.acquireTokenByClientCredential({ scopes: SCOPES });
  const { aNs: bareNs, bNs: wrappedNs, ratio } = await compareAbba(bare, wrapped, { rounds, calls, warmUpCalls: calls * 2 });
  return { bareNs, wrappedNs, ratio };
}

/** 100 concurrent callers of one acquire function; how many succeeded, and how many token requests it cost. */
async function burst(acquire, state) {
  const started = performance.now();
  const settled = await Promise.allSettled(Array.from({ length: CALLERS }, () => acquire()));
  return { calls: state.calls, succeeded: settled.filter((outcome) => outcome.status === 'fulfilled').length, ms: performance.now() - started };
}

/** (2) Entra answers 429 with Retry-After: 2 for two seconds after the first request, then tokens. */
async function throttledBurst(wrapped) {
  const state = tokenEndpoint((elapsedMs) => (elapsedMs < 2000 ? [429, throttledBody(), { 'Retry-After': '2' }] : [200, tokenBody()]));
  if (!wrapped) {
    const client = newClient();
    return burst(() => client.acquireTokenByClientCredential({ scopes: SCOPES }), state);
  }
  const aad = withAadErrors(newClient(aadNetworkClient()));
  return burst(() => aad.acquireTokenByClientCredential({ scopes: SCOPES }), state);
}

/** (3) No throttling, empty cache: 100 concurrent callers at once. */
async function cacheMissBurst(wrapped) {
  const state = tokenEndpoint(() => [200, tokenBody()]);
  const client = newClient();
  const acquire = wrapped ? ((aad) => () => aad.acquireTokenByClientCredential({ scopes: SCOPES }))(withAadErrors(client)) : () => client.acquireTokenByClientCredential({ scopes: SCOPES });
  return burst(acquire, state);
}

export async function run() {
  // Importing nock activated it; a second run() in the same process must turn it on again.
  if (!nock.isActive()) nock.activate();
  nock.disableNetConnect();
  try {
    const hit = await cacheHitOverhead();
    const overhead = (hit.ratio - 1) * 100;
    console.log('\n## msal wrapper — real msal-node, authority faked in-process by nock');
    console.log(`(1) cache hit, client credentials: msal-node ${(hit.bareNs / 1000).toFixed(1)} µs/call, wrapped ${(hit.wrappedNs / 1000).toFixed(1)} µs/call: overhead ${overhead.toFixed(1)}% (median of per-round ratios; target < 5%)`);

    const bareThrottled = await throttledBurst(false);
    const wrappedThrottled = await throttledBurst(true);
    console.log(`(2) 429 + Retry-After: 2, ${CALLERS} concurrent callers:`);
    console.log(`    msal-node alone          ${String(bareThrottled.succeeded).padStart(3)}/${CALLERS} succeeded, ${String(bareThrottled.calls).padStart(3)} token-endpoint calls`);
    console.log(`    withAadErrors + network  ${String(wrappedThrottled.succeeded).padStart(3)}/${CALLERS} succeeded, ${String(wrappedThrottled.calls).padStart(3)} token-endpoint calls in ${(wrappedThrottled.ms / 1000).toFixed(2)} s (target ${CALLERS}/${CALLERS}, 2 calls)`);

    const bareMiss = await cacheMissBurst(false);
    const wrappedMiss = await cacheMissBurst(true);
    console.log(`(3) ${CALLERS} concurrent cache-miss callers: msal-node alone ${bareMiss.calls} token-endpoint calls, withAadErrors ${wrappedMiss.calls} (target 1)`);
    return { hit, overheadPercent: overhead, bareThrottled, wrappedThrottled, bareMiss, wrappedMiss };
  } finally {
    nock.cleanAll();
    nock.enableNetConnect();
    nock.restore();
  }
}
