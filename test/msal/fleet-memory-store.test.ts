import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CircuitEvent } from '../../src/msal/circuit-breaker.js';
import { createAadClient } from '../../src/msal/with-aad-errors.js';
import { MemoryStore, memoryStore } from '../../src/store/memory-store.js';
import { entraErrorBody } from '../../src/testing/error-body.js';
import type { AadStore } from '../../src/store/types.js';
import { tokenEndpoint, tokenSuccess } from '../fixtures/fake-authority.js';
import { aadFailure, confidentialClient, GRAPH, scriptedEndpoint, timeMachine, trackedClient } from './helpers.js';

// The fleet rules on the in-process store, with a pinned clock: exact waits, no Redis. Two wrappers on
// two msal-node clients stand for two instances; test/fleet/ runs the same on a real Redis.

afterEach(() => {
  vi.useRealTimers();
});

const throttled = [429, entraErrorBody(50196, { error: 'temporarily_unavailable' }), { 'Retry-After': '30' }] as const;
/** A token endpoint that cannot be reached: the request fails with ECONNREFUSED, counted by `count`. */
function unreachable(count: () => void): void {
  tokenEndpoint().times(10).reply((_uri, _body, callback) => {
    count();
    callback(Object.assign(new Error('connect ECONNREFUSED 20.190.151.68:443'), { code: 'ECONNREFUSED' }), [0, '']);
  });
}

describe('withAadErrors with a store', () => {
  it('keeps each wrapper’s throttle window its own without a store', async () => {
    const time = timeMachine();
    time.install();
    const calls = scriptedEndpoint(() => [...throttled]);
    const one = createAadClient(confidentialClient(), { retry: { maxAttempts: 1 } }, time.runtime);
    const two = createAadClient(confidentialClient(), { retry: { maxAttempts: 1 } }, time.runtime);
    await aadFailure(one.acquireTokenByClientCredential({ scopes: GRAPH }));
    await aadFailure(two.acquireTokenByClientCredential({ scopes: GRAPH }));
    expect(calls()).toBe(2);
  });

  it('shares a throttle window through the store: the second wrapper waits exactly what is left, then sends', async () => {
    const time = timeMachine();
    time.install();
    const calls = scriptedEndpoint((call) => (call === 1 ? [...throttled] : [200, tokenSuccess()]));
    const store = memoryStore();
    // With aadNetworkClient the wrapper knows Retry-After exactly (without it, msal-node's 60 s default is assumed).
    const one = createAadClient(trackedClient().client, { store, retry: { maxAttempts: 1 } }, time.runtime);
    const two = createAadClient(trackedClient().client, { store }, time.runtime);
    await aadFailure(one.acquireTokenByClientCredential({ scopes: GRAPH }));
    await expect(two.acquireTokenByClientCredential({ scopes: GRAPH })).resolves.toMatchObject({ tokenType: 'Bearer' });
    expect(calls()).toBe(2);
    expect(time.waits).toEqual([30_000]);
  });

  it('fails fast with the time left once the circuit is open, and counts only outages', async () => {
    const time = timeMachine();
    time.install();
    let calls = 0;
    unreachable(() => calls++);
    const events: CircuitEvent[] = [];
    const options = { store: memoryStore(), retry: { maxAttempts: 1 }, breaker: { failureThreshold: 2, coolDownMs: 10_000, onStateChange: (event: CircuitEvent) => events.push(event) } };
    const one = createAadClient(confidentialClient(), options, time.runtime);
    const two = createAadClient(confidentialClient(), options, time.runtime);
    await aadFailure(one.acquireTokenByClientCredential({ scopes: GRAPH }));
    await aadFailure(two.acquireTokenByClientCredential({ scopes: GRAPH }));
    expect(events.map((event) => event.state)).toEqual(['open']);
    expect(events[0]).toMatchObject({ retryAfterMs: 10_000, decision: { action: 'retry', upstreamStatus: null } });
    vi.setSystemTime(Date.now() + 4000);
    const fast = await aadFailure(one.acquireTokenByClientCredential({ scopes: ['api://orders/.default'] }));
    expect(calls).toBe(2);
    expect(fast.decision).toMatchObject({ action: 'retry', retryAfterMs: 6000 });
    expect(fast.headers).toEqual({ 'Retry-After': '6' });
  });

  it('does not open the circuit on throttling: a 429 is Entra ID answering', async () => {
    const time = timeMachine();
    time.install();
    const calls = scriptedEndpoint(() => [...throttled]);
    const events: CircuitEvent[] = [];
    const aad = createAadClient(confidentialClient(), { breaker: { failureThreshold: 1, onStateChange: (event) => events.push(event) }, retry: { maxAttempts: 2 } }, time.runtime);
    await aadFailure(aad.acquireTokenByClientCredential({ scopes: GRAPH }));
    expect(calls()).toBe(2);
    expect(events).toEqual([]);
  });

  it('lets every call through with `breaker: false`', async () => {
    const time = timeMachine();
    time.install();
    let calls = 0;
    unreachable(() => calls++);
    const aad = createAadClient(confidentialClient(), { store: memoryStore(), breaker: false, retry: { maxAttempts: 1 } }, time.runtime);
    for (let index = 0; index < 6; index++) await aadFailure(aad.acquireTokenByClientCredential({ scopes: GRAPH }));
    expect(calls).toBe(6);
  });

  it('remembers nothing with `interactionMemoryMs: 0`', async () => {
    const calls = scriptedEndpoint(() => [400, entraErrorBody(70008, { error: 'invalid_grant' })]);
    const aad = createAadClient(confidentialClient(), { store: memoryStore(), interactionMemoryMs: 0 }, timeMachine().runtime);
    for (let index = 0; index < 2; index++) await aadFailure(aad.acquireTokenByRefreshToken({ refreshToken: 'rt', scopes: GRAPH }));
    expect(calls()).toBe(2);
  });

  it('remembers an interaction-required answer for the refresh token and scopes, and forgets it after the memory time', async () => {
    const time = timeMachine();
    time.install();
    const calls = scriptedEndpoint(() => [400, entraErrorBody(70008, { error: 'invalid_grant' })]);
    const store = memoryStore();
    const one = createAadClient(confidentialClient(), { store, interactionMemoryMs: 60_000 }, time.runtime);
    const two = createAadClient(confidentialClient(), { store, interactionMemoryMs: 60_000 }, time.runtime);
    const first = await aadFailure(one.acquireTokenByRefreshToken({ refreshToken: 'rt', scopes: GRAPH }));
    const second = await aadFailure(two.acquireTokenByRefreshToken({ refreshToken: 'rt', scopes: GRAPH }));
    expect(calls()).toBe(1);
    expect(second.code).toBe('ERR_AAD_REAUTHENTICATE');
    expect(second.decision).toMatchObject({ action: first.decision.action, code: 70008, error: 'invalid_grant', traceId: first.decision.traceId });
    // Another refresh token is another user: not remembered.
    await aadFailure(two.acquireTokenByRefreshToken({ refreshToken: 'other', scopes: GRAPH }));
    expect(calls()).toBe(2);
    vi.setSystemTime(Date.now() + 60_000);
    await aadFailure(two.acquireTokenByRefreshToken({ refreshToken: 'rt', scopes: GRAPH }));
    expect(calls()).toBe(3);
  });

  it('sends its own request once another instance’s lease outlasts the wait bound', async () => {
    let calls = 0;
    tokenEndpoint().times(5).delay(1000).reply(() => {
      calls++;
      return [200, tokenSuccess()];
    });
    const store = new MemoryStore();
    const slow = createAadClient(confidentialClient(), { store }, timeMachine().runtime);
    const impatient = createAadClient(confidentialClient(), { store, lease: { maxWaitMs: 50 } }, timeMachine().runtime);
    const leading = slow.acquireTokenByClientCredential({ scopes: GRAPH });
    await vi.waitUntil(() => store.size > 0, { timeout: 5000, interval: 5 });
    await expect(impatient.acquireTokenByClientCredential({ scopes: GRAPH })).resolves.toMatchObject({ tokenType: 'Bearer' });
    await leading;
    expect(calls).toBe(2);
  });

  it('releases a caller waiting on another instance’s lease as soon as it aborts', async () => {
    tokenEndpoint().times(5).delay(1000).reply(200, tokenSuccess());
    const store = new MemoryStore();
    const leader = createAadClient(confidentialClient(), { store }, timeMachine().runtime);
    const follower = createAadClient(confidentialClient(), { store }, timeMachine().runtime);
    const leading = leader.acquireTokenByClientCredential({ scopes: GRAPH });
    await vi.waitUntil(() => store.size > 0, { timeout: 5000, interval: 5 });
    const controller = new AbortController();
    const waiting = follower.acquireTokenByClientCredential({ scopes: GRAPH }, { signal: controller.signal });
    controller.abort(new Error('client went away'));
    await expect(waiting).rejects.toThrow('client went away');
    await leading;
  });
});

/** A store shared by the wrappers until `away` is set; then, like redisStore() on a stalled Redis, it answers from a local memory that knows nothing. */
function degradableStore(): { store: AadStore; goLocal: () => void } {
  const shared = new MemoryStore();
  const local = new MemoryStore();
  let away = false;
  const on = (): AadStore => (away ? local : shared);
  const store: AadStore = {
    kind: 'degradable',
    get: (keys, now) => on().get(keys, now),
    extend: (key, value, until, now) => on().extend(key, value, until, now),
    delete: (keys) => on().delete(keys),
    acquireLease: (key, owner, ttlMs, now) => on().acquireLease(key, owner, ttlMs, now),
    releaseLease: (key, owner) => on().releaseLease(key, owner),
    recordFailure: (key, probeKey, detail, policy, now) => on().recordFailure(key, probeKey, detail, policy, now),
    isLocal: () => away,
  };
  return { store, goLocal: () => { away = true; } };
}

describe('withAadErrors on a store that falls back to local memory', () => {
  it('keeps failing fast on the circuit it saw open, then probes once per cool-down', async () => {
    const time = timeMachine();
    time.install();
    let calls = 0;
    unreachable(() => calls++);
    const { store, goLocal } = degradableStore();
    const options = { store, retry: { maxAttempts: 1 }, breaker: { failureThreshold: 2, coolDownMs: 10_000 } };
    const one = createAadClient(confidentialClient(), options, time.runtime);
    const two = createAadClient(confidentialClient(), options, time.runtime);
    await aadFailure(one.acquireTokenByClientCredential({ scopes: GRAPH }));
    await aadFailure(two.acquireTokenByClientCredential({ scopes: GRAPH }));
    expect(calls).toBe(2);
    // `two` opened the circuit; `one` reads it open on the shared store.
    expect((await aadFailure(one.acquireTokenByClientCredential({ scopes: ['api://a/.default'] }))).message).toContain('circuit');

    goLocal();
    for (const aad of [one, two]) {
      const refused = await aadFailure(aad.acquireTokenByClientCredential({ scopes: ['api://b/.default'] }));
      expect(refused.message).toContain('circuit');
      expect(refused.decision.retryAfterMs).toBeGreaterThan(0);
      expect(refused.decision.retryAfterMs).toBeLessThanOrEqual(10_000);
    }
    expect(calls).toBe(2);

    // The cool-down ends: each instance, alone on its local memory, sends one probe; it fails and reopens.
    vi.setSystemTime(Date.now() + 10_001);
    for (const aad of [one, two]) await aadFailure(aad.acquireTokenByClientCredential({ scopes: ['api://c/.default'] }));
    expect(calls).toBe(4);
    for (const aad of [one, two]) expect((await aadFailure(aad.acquireTokenByClientCredential({ scopes: ['api://d/.default'] }))).message).toContain('circuit');
    expect(calls).toBe(4);
  });
});

describe('withAadErrors with a store of your own that fails', () => {
  it('gets tokens anyway when every store method throws, rejects or answers nonsense, and warns once', async () => {
    const warnings: object[] = [];
    const broken = {
      kind: 'broken',
      get: () => Promise.resolve('not an array'),
      extend: () => Promise.reject(new Error('disk full')),
      delete: () => {
        throw new Error('sync throw');
      },
      acquireLease: () => Promise.reject(new Error('timeout')),
      releaseLease: () => Promise.reject(new Error('timeout')),
      recordFailure: () => Promise.resolve('soon'),
      isLocal: () => {
        throw new Error('sync throw');
      },
    } as unknown as AadStore;
    const calls = scriptedEndpoint((call) => (call === 1 ? [503, '<html><body>Service Unavailable</body></html>'] : [200, tokenSuccess()]));
    const time = timeMachine();
    time.install();
    const aad = createAadClient(confidentialClient(), { store: broken, logger: { warn: (record) => warnings.push(record) } }, time.runtime);
    await expect(aad.acquireTokenByClientCredential({ scopes: GRAPH })).resolves.toMatchObject({ tokenType: 'Bearer' });
    expect(calls()).toBe(2);
    expect(warnings.filter((record) => (record as { store?: unknown }).store === 'broken')).toHaveLength(1);
  });
});
