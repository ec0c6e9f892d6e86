import { afterEach, describe, expect, it, vi } from 'vitest';
import { aadNetworkClient } from '../../src/msal/network-client.js';
import { createAadClient } from '../../src/msal/with-aad-errors.js';
import { entraErrorBody } from '../../src/testing/error-body.js';
import { tokenEndpoint, tokenSuccess } from '../fixtures/fake-authority.js';
import { aadFailure, confidentialClient, GRAPH, timeMachine, tokenAnswers, trackedClient } from './helpers.js';

// Real msal-node against the nock-faked authority. The time machine's waits move the faked Date
// forward at once, so msal-node's throttle windows pass exactly as they would in real time, and each
// scheduled wait is checked exactly (jitter pinned at 0.5: the first backoff is 500 ms).

const THROTTLED = entraErrorBody(50196, { error: 'temporarily_unavailable' });
const UNAVAILABLE = entraErrorBody(90033, { error: 'temporarily_unavailable' });

afterEach(() => {
  vi.useRealTimers();
});

describe('withAadErrors retries', () => {
  it.each([
    ['Retry-After seconds', { 'Retry-After': '2' }, 2001],
    ['Retry-After as an HTTP date', { 'Retry-After': 'Mon, 02 Mar 2026 09:00:03 GMT' }, 3001],
    ['retry-after-ms', { 'retry-after-ms': '1500' }, 2001],
    ['x-ms-retry-after-ms', { 'x-ms-retry-after-ms': '2500' }, 3001],
  ])('recovers from a 429 with %s after exactly the wait msal-node enforces', async (_name, headers, expectedWait) => {
    const time = timeMachine();
    time.install();
    const { client } = trackedClient();
    const calls = tokenAnswers([429, THROTTLED, headers], [200, tokenSuccess()]);
    const aad = createAadClient(client, {}, time.runtime);
    const result = await aad.acquireTokenByClientCredential({ scopes: GRAPH });
    expect(result?.accessToken).toMatch(/^eyJ/);
    expect(calls()).toBe(2);
    expect(time.waits).toEqual([expectedWait]);
  });

  it('waits out msal-node’s 60 s window after a 503 that gave no Retry-After', async () => {
    const time = timeMachine();
    time.install();
    const { client } = trackedClient();
    const calls = tokenAnswers([503, UNAVAILABLE], [200, tokenSuccess()]);
    await createAadClient(client, {}, time.runtime).acquireTokenByClientCredential({ scopes: GRAPH });
    expect(time.waits).toEqual([60_001]);
    expect(calls()).toBe(2);
  });

  it.each([
    ['with aadNetworkClient', true],
    ['with msal-node’s own network client', false],
  ])('recovers from an HTML 502 page after the backoff alone (%s)', async (_name, tracked) => {
    const time = timeMachine();
    time.install();
    const client = tracked ? trackedClient().client : confidentialClient();
    const calls = tokenAnswers([502, '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>Bad Gateway</body></html>', { 'Content-Type': 'text/html' }], [200, tokenSuccess()]);
    await createAadClient(client, {}, time.runtime).acquireTokenByClientCredential({ scopes: GRAPH });
    // msal-node never parsed the page, so it holds no throttle window: the first backoff is enough.
    expect(time.waits).toEqual([500]);
    expect(calls()).toBe(2);
  });

  it('honours the Retry-After of an HTML 503 page', async () => {
    const time = timeMachine();
    time.install();
    const { client } = trackedClient();
    const calls = tokenAnswers([503, '<html><body>Service Unavailable</body></html>', { 'Content-Type': 'text/html', 'Retry-After': '5' }], [200, tokenSuccess()]);
    const retried: unknown[] = [];
    await createAadClient(client, { onRetry: (decision) => retried.push(decision.upstreamStatus) }, time.runtime).acquireTokenByClientCredential({ scopes: GRAPH });
    expect(time.waits).toEqual([5000]);
    expect(retried).toEqual([503]);
    expect(calls()).toBe(2);
  });

  it.each([
    ['with aadNetworkClient', true],
    ['with msal-node’s own network client', false],
  ])('recovers from a reset connection (%s)', async (_name, tracked) => {
    const time = timeMachine();
    time.install();
    const client = tracked ? trackedClient().client : confidentialClient();
    tokenEndpoint().replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    tokenEndpoint().reply(200, tokenSuccess());
    const seen: Array<string | null> = [];
    const result = await createAadClient(client, { onRetry: (decision) => seen.push(decision.action) }, time.runtime).acquireTokenByClientCredential({ scopes: GRAPH });
    expect(result?.accessToken).toMatch(/^eyJ/);
    expect(seen).toEqual(['retry']);
    expect(time.waits).toEqual([500]);
  });

  it('recovers from a token request that timed out', async () => {
    const time = timeMachine();
    time.install();
    // The first answer never comes in time; the second comes at once. The limit leaves the second answer
    // a full second, so a loaded machine cannot make it time out too.
    const client = confidentialClient(aadNetworkClient({ timeoutMs: 1000 }));
    tokenEndpoint().delay(60_000).reply(200, tokenSuccess());
    tokenEndpoint().reply(200, tokenSuccess());
    const result = await createAadClient(client, {}, time.runtime).acquireTokenByClientCredential({ scopes: GRAPH });
    expect(result?.accessToken).toMatch(/^eyJ/);
    expect(time.waits).toEqual([500]);
  });

  it.each([
    [7000215, 'invalid_client', 'a wrong client secret'],
    [700016, 'unauthorized_client', 'an application missing from the tenant'],
    [90002, 'invalid_request', 'a tenant that does not exist'],
  ])('throws AADSTS%i (%s: %s) at once as a daemon fail, without retrying', async (code, error) => {
    const time = timeMachine();
    time.install();
    const { client } = trackedClient();
    const calls = tokenAnswers([code === 7000215 ? 401 : 400, entraErrorBody(code, { error })]);
    const thrown = await aadFailure(createAadClient(client, {}, time.runtime).acquireTokenByClientCredential({ scopes: GRAPH }));
    expect(thrown.decision).toMatchObject({ action: 'fail', code, context: 'daemon' });
    expect(thrown.code).toBe('ERR_AAD_FAIL');
    expect(calls()).toBe(1);
    expect(time.waits).toEqual([]);
  });

  it('does not retry a code known to be permanent even under a 500', async () => {
    const time = timeMachine();
    time.install();
    const { client } = trackedClient();
    const calls = tokenAnswers([500, entraErrorBody(90036, { error: 'server_error' })]);
    const thrown = await aadFailure(createAadClient(client, {}, time.runtime).acquireTokenByClientCredential({ scopes: GRAPH }));
    expect(thrown.decision.action).not.toBe('retry');
    expect(calls()).toBe(1);
  });

  it('stops after maxAttempts and throws the retry decision with the real earliest retry time', async () => {
    const time = timeMachine();
    time.install();
    const { client } = trackedClient();
    const calls = tokenAnswers([429, THROTTLED, { 'Retry-After': '1' }]);
    const thrown = await aadFailure(createAadClient(client, { retry: { maxAttempts: 3 } }, time.runtime).acquireTokenByClientCredential({ scopes: GRAPH }));
    expect(calls()).toBe(3);
    expect(time.waits).toEqual([1001, 1001]);
    expect(thrown.code).toBe('ERR_AAD_RETRY');
    expect(thrown.status).toBe(503);
    expect(thrown.decision.retryAfterMs).toBe(1000);
    expect(thrown.headers).toEqual({ 'Retry-After': '1' });
    expect(thrown.message).toContain('Gave up: retry.maxAttempts (3) reached.');
  });

  it('never sleeps past maxElapsedMs: a wait that would pass it fails at once', async () => {
    const time = timeMachine();
    time.install();
    const { client } = trackedClient();
    const calls = tokenAnswers([429, THROTTLED, { 'Retry-After': '70' }]);
    const started = Date.now();
    const thrown = await aadFailure(createAadClient(client, {}, time.runtime).acquireTokenByClientCredential({ scopes: GRAPH }));
    expect(time.waits).toEqual([70_001]);
    expect(Date.now() - started).toBeLessThan(120_000);
    expect(calls()).toBe(2);
    expect(thrown.message).toContain('the next wait (70001 ms) would pass retry.maxElapsedMs (120000 ms)');
  });

  it('gives up without waiting when the server asks for longer than maxElapsedMs', async () => {
    const time = timeMachine();
    time.install();
    const { client } = trackedClient();
    const calls = tokenAnswers([429, THROTTLED, { 'Retry-After': '3600' }]);
    const thrown = await aadFailure(createAadClient(client, {}, time.runtime).acquireTokenByClientCredential({ scopes: GRAPH }));
    expect(time.waits).toEqual([]);
    expect(calls()).toBe(1);
    expect(thrown.decision.retryAfterMs).toBe(3_600_000);
  });

  it('reports each retry to onRetry and the logger, without upstream text or secrets', async () => {
    const time = timeMachine();
    time.install();
    const { client } = trackedClient();
    const calls = tokenAnswers([429, THROTTLED, { 'Retry-After': '2' }], [200, tokenSuccess()]);
    const hook = vi.fn();
    const lines: string[] = [];
    const logger = { info: (record: object, message: string) => lines.push(`${message} ${JSON.stringify(record)}`) };
    await createAadClient(client, { onRetry: hook, logger }, time.runtime).acquireTokenByClientCredential({ scopes: GRAPH });
    expect(hook).toHaveBeenCalledTimes(1);
    expect(calls()).toBe(2);
    expect(hook).toHaveBeenCalledWith(expect.objectContaining({ action: 'retry', code: 50196, retryAfterMs: 2000, upstreamStatus: 429 }), 1, 2001);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('"code":"AADSTS50196"');
    expect(lines[0]).not.toMatch(/client request loop|test-secret-value|Trace ID/);
  });

  it('still retries when onRetry throws, and logs the hook failure', async () => {
    const time = timeMachine();
    time.install();
    const { client } = trackedClient();
    tokenEndpoint().reply(429, THROTTLED, { 'Retry-After': '1' });
    tokenEndpoint().reply(200, tokenSuccess());
    const errors: string[] = [];
    const aad = createAadClient(client, { onRetry: () => { throw new Error('metrics down'); }, logger: { error: (_record, message) => errors.push(message) } }, time.runtime);
    await expect(aad.acquireTokenByClientCredential({ scopes: GRAPH })).resolves.toBeTruthy();
    expect(errors).toEqual(['aad-error-handler: onRetry threw; the retry goes ahead']);
  });

  it('carries on when the logger itself throws', async () => {
    const time = timeMachine();
    time.install();
    const { client } = trackedClient();
    tokenAnswers([429, THROTTLED, { 'Retry-After': '1' }], [200, tokenSuccess()]);
    const broken = () => {
      throw new Error('log sink down');
    };
    const aad = createAadClient(client, { logger: { info: broken, warn: broken, error: broken } }, time.runtime);
    await expect(aad.acquireTokenByClientCredential({ scopes: GRAPH })).resolves.toBeTruthy();
  });
});
