import { afterEach, describe, expect, it, vi } from 'vitest';
import { isAadError } from '../../src/errors.js';
import { createAadClient } from '../../src/msal/with-aad-errors.js';
import { entraErrorBody } from '../../src/testing/error-body.js';
import { tokenEndpoint, tokenSuccess } from '../fixtures/fake-authority.js';
import { confidentialClient, GRAPH, timeMachine, tokenAnswers, trackedClient } from './helpers.js';

// msal-node's throttled replay: after a 429 or 5xx it keeps a throttle entry for the request, and until
// the window ends every identical call fails at once with a ServerError, without a network call.

function countCalls(): () => number {
  return tokenAnswers([429, entraErrorBody(50196, { error: 'temporarily_unavailable' }), { 'Retry-After': '2' }], [200, tokenSuccess()]);
}

afterEach(() => {
  vi.useRealTimers();
});

describe('withAadErrors and msal-node’s throttled replay', () => {
  it('assumes msal-node’s 60 s window when it cannot see the Retry-After (no aadNetworkClient)', async () => {
    const time = timeMachine();
    time.install();
    const calls = countCalls();
    await createAadClient(confidentialClient(), {}, time.runtime).acquireTokenByClientCredential({ scopes: GRAPH });
    expect(time.waits).toEqual([60_001]);
    expect(calls()).toBe(2);
  });

  it('would otherwise retry into the replay: a retry inside the window never reaches the network', async () => {
    const time = timeMachine();
    time.install();
    const client = confidentialClient();
    const calls = countCalls();
    await expect(client.acquireTokenByClientCredential({ scopes: GRAPH })).rejects.toMatchObject({ errorCode: 'temporarily_unavailable' });
    vi.setSystemTime(Date.now() + 1000);
    await expect(client.acquireTokenByClientCredential({ scopes: GRAPH })).rejects.toMatchObject({ name: 'ServerError', errorCode: '50196' });
    expect(calls()).toBe(1);
  });

  it('assumes msal-node’s 60 s window for a replay it sees without having seen the failure', async () => {
    const time = timeMachine();
    time.install();
    const { client } = trackedClient();
    const calls = countCalls();
    await client.acquireTokenByClientCredential({ scopes: GRAPH }).catch(() => undefined);
    vi.setSystemTime(Date.now() + 500);
    await createAadClient(client, {}, time.runtime).acquireTokenByClientCredential({ scopes: GRAPH });
    expect(time.waits).toEqual([60_001]);
    expect(calls()).toBe(2);
  });

  it('remembers the exact window across calls of the same wrapper and waits only for what is left of it', async () => {
    const time = timeMachine();
    time.install();
    const { client } = trackedClient();
    const calls = countCalls();
    const aad = createAadClient(client, { retry: { maxElapsedMs: 1800 } }, time.runtime);
    const first = await aad.acquireTokenByClientCredential({ scopes: GRAPH }).catch((error: unknown) => error);
    // The 2 s wait (plus msal-node's 1 ms margin) would pass maxElapsedMs, so the first call gives up at once...
    expect(isAadError(first) && first.decision).toMatchObject({ action: 'retry', retryAfterMs: 2000 });
    vi.setSystemTime(Date.now() + 500);
    // ...and the next one, inside the window, waits exactly for the rest of it.
    await aad.acquireTokenByClientCredential({ scopes: GRAPH });
    expect(time.waits).toEqual([1501]);
    expect(calls()).toBe(2);
  });

  it('treats a replay as the failure it replays, even when that failure carried no error codes', async () => {
    const time = timeMachine();
    time.install();
    const { client } = trackedClient();
    tokenEndpoint().reply(503, { error: 'temporarily_unavailable', error_description: 'Service is busy.' }, { 'Retry-After': '3' });
    tokenEndpoint().reply(200, tokenSuccess());
    const aad = createAadClient(client, { retry: { maxAttempts: 1 } }, time.runtime);
    await expect(aad.acquireTokenByClientCredential({ scopes: GRAPH })).rejects.toMatchObject({ code: 'ERR_AAD_RETRY' });
    vi.setSystemTime(Date.now() + 1000);
    // msal-node's replay of that answer is a ServerError with an empty code; alone it would read as unknown.
    const replayed = await aad.acquireTokenByClientCredential({ scopes: GRAPH }).catch((error: unknown) => error);
    expect(isAadError(replayed) && replayed.decision).toMatchObject({ action: 'retry', upstreamStatus: 503, retryAfterMs: 2000 });
  });

  it('knows another user’s on-behalf-of request is held too, since msal-node’s thumbprint leaves the assertion out', async () => {
    const time = timeMachine();
    time.install();
    const { client } = trackedClient();
    let calls = 0;
    tokenEndpoint().times(3).reply(() => {
      calls++;
      return calls === 1 ? [429, entraErrorBody(50196, { error: 'temporarily_unavailable' }), { 'Retry-After': '4' }] : [200, tokenSuccess({ user: true })];
    });
    const aad = createAadClient(client, { retry: { maxElapsedMs: 3000 } }, time.runtime);
    await expect(aad.acquireTokenOnBehalfOf({ oboAssertion: 'assertion-of-user-a', scopes: GRAPH })).rejects.toMatchObject({ code: 'ERR_AAD_RETRY' });
    const userB = await aad.acquireTokenOnBehalfOf({ oboAssertion: 'assertion-of-user-b', scopes: GRAPH }).catch((error: unknown) => error);
    expect(isAadError(userB) && userB.decision).toMatchObject({ action: 'retry', retryAfterMs: 4000 });
    expect(calls).toBe(1);
    vi.setSystemTime(Date.now() + 1500);
    await expect(aad.acquireTokenOnBehalfOf({ oboAssertion: 'assertion-of-user-b', scopes: GRAPH })).resolves.toBeTruthy();
    expect(time.waits).toEqual([2501]);
    expect(calls).toBe(2);
  });

  it('keeps a window open through a cache hit, which msal-node serves inside its window too', async () => {
    const time = timeMachine();
    time.install();
    const { client } = trackedClient();
    tokenEndpoint().reply(200, tokenSuccess());
    tokenEndpoint().reply(429, entraErrorBody(50196, { error: 'temporarily_unavailable' }), { 'Retry-After': '2' });
    const aad = createAadClient(client, { retry: { maxElapsedMs: 1000 } }, time.runtime);
    await aad.acquireTokenByClientCredential({ scopes: GRAPH });
    await expect(aad.acquireTokenByClientCredential({ scopes: GRAPH, skipCache: true })).rejects.toMatchObject({ code: 'ERR_AAD_RETRY' });
    await expect(aad.acquireTokenByClientCredential({ scopes: GRAPH })).resolves.toMatchObject({ fromCache: true });
    vi.setSystemTime(Date.now() + 500);
    const replayed = await aad.acquireTokenByClientCredential({ scopes: GRAPH, skipCache: true }).catch((error: unknown) => error);
    expect(isAadError(replayed) && replayed.decision.retryAfterMs).toBe(1500);
  });
});
