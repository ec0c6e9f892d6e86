import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAadClient } from '../../src/msal/with-aad-errors.js';
import { entraErrorBody } from '../../src/testing/error-body.js';
import { tokenSuccess } from '../fixtures/fake-authority.js';
import { confidentialClient, GRAPH, scriptedEndpoint, timeMachine, trackedClient } from './helpers.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('withAadErrors single flight', () => {
  it('sends one token request for 100 concurrent identical callers', async () => {
    const time = timeMachine();
    time.install();
    const calls = scriptedEndpoint(() => [200, tokenSuccess()]);
    const aad = createAadClient(trackedClient().client, {}, time.runtime);
    const results = await Promise.all(Array.from({ length: 100 }, () => aad.acquireTokenByClientCredential({ scopes: GRAPH })));
    expect(calls()).toBe(1);
    expect(new Set(results.map((result) => result?.accessToken)).size).toBe(1);
  });

  it('makes 100 concurrent callers wait for the same retry: 2 requests, 100 successes', async () => {
    const time = timeMachine();
    time.install();
    const calls = scriptedEndpoint((call) => (call === 1 ? [429, entraErrorBody(50196, { error: 'temporarily_unavailable' }), { 'Retry-After': '2' }] : [200, tokenSuccess()]));
    const retries = vi.fn();
    const aad = createAadClient(trackedClient().client, { onRetry: retries }, time.runtime);
    const settled = await Promise.allSettled(Array.from({ length: 100 }, () => aad.acquireTokenByClientCredential({ scopes: GRAPH })));
    expect(settled.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(100);
    expect(calls()).toBe(2);
    expect(retries).toHaveBeenCalledTimes(1);
    expect(time.waits).toEqual([2001]);
  });

  it('gives every caller the same AadError when the shared request fails for good', async () => {
    const time = timeMachine();
    time.install();
    const calls = scriptedEndpoint(() => [401, entraErrorBody(7000215, { error: 'invalid_client' })]);
    const aad = createAadClient(confidentialClient(), {}, time.runtime);
    const settled = await Promise.allSettled(Array.from({ length: 20 }, () => aad.acquireTokenByClientCredential({ scopes: GRAPH })));
    const reasons = new Set(settled.map((outcome) => (outcome.status === 'rejected' ? outcome.reason : undefined)));
    expect(reasons.size).toBe(1);
    expect([...reasons][0]).toMatchObject({ code: 'ERR_AAD_FAIL' });
    expect(calls()).toBe(1);
  });

  it('keeps requests for different scopes apart', async () => {
    const time = timeMachine();
    time.install();
    const calls = scriptedEndpoint(() => [200, tokenSuccess()]);
    const aad = createAadClient(trackedClient().client, {}, time.runtime);
    await Promise.all([aad.acquireTokenByClientCredential({ scopes: GRAPH }), aad.acquireTokenByClientCredential({ scopes: ['api://orders/.default'] })]);
    expect(calls()).toBe(2);
  });

  it('lets every caller through to msal-node when singleFlight is off', async () => {
    const time = timeMachine();
    time.install();
    const calls = scriptedEndpoint(() => [200, tokenSuccess()]);
    const aad = createAadClient(trackedClient().client, { singleFlight: false }, time.runtime);
    await Promise.all(Array.from({ length: 10 }, () => aad.acquireTokenByClientCredential({ scopes: GRAPH })));
    expect(calls()).toBe(10);
  });

  it('hands each caller its own correlation ID on a shared result', async () => {
    const time = timeMachine();
    time.install();
    scriptedEndpoint(() => [200, tokenSuccess()]);
    const aad = createAadClient(trackedClient().client, {}, time.runtime);
    const ids = ['6f0c4f5e-0000-4000-8000-000000000001', '6f0c4f5e-0000-4000-8000-000000000002'];
    const results = await Promise.all(ids.map((correlationId) => aad.acquireTokenByClientCredential({ scopes: GRAPH, correlationId })));
    expect(results.map((result) => result?.correlationId)).toEqual(ids);
  });

  it('starts a new request after the shared one has settled', async () => {
    const time = timeMachine();
    time.install();
    const calls = scriptedEndpoint(() => [200, tokenSuccess()]);
    const aad = createAadClient(trackedClient().client, {}, time.runtime);
    await aad.acquireTokenByClientCredential({ scopes: GRAPH, skipCache: true });
    await aad.acquireTokenByClientCredential({ scopes: GRAPH, skipCache: true });
    expect(calls()).toBe(2);
  });
});
