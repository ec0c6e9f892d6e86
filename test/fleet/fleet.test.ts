import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { entraErrorBody } from '../../src/testing/error-body.js';
import type { CircuitEvent } from '../../src/msal/circuit-breaker.js';
import type { Runtime } from '../../src/msal/retry.js';
import { DEFAULT_RUNTIME } from '../../src/msal/with-aad-errors.js';
import { isAadError } from '../../src/errors.js';
import { CLIENT_ID, fakeJwt, tokenEndpoint, tokenSuccess } from '../fixtures/fake-authority.js';
import { aadFailure, GRAPH, scriptedEndpoint, timeMachine } from '../msal/helpers.js';
import { fleetInstance, newFleetPrefix } from './helpers.js';
import { redisForFile } from './redis-for-file.js';

// Several wrapper instances — each with its own msal-node client, as separate processes would have —
// sharing one real redis-server, against msal-node's real token requests faked by nock.

const redis = redisForFile();

afterEach(() => {
  vi.useRealTimers();
});

/** A time machine whose clock starts at the real time: tokens from tokenSuccess() are stamped with it. */
function pinnedTime(): ReturnType<typeof timeMachine> {
  const time = timeMachine();
  return { ...time, install: () => { vi.useFakeTimers({ toFake: ['Date'], now: Date.now() }); } };
}

/**
 * Like pinnedTime, but a wait takes a little real time (a hundredth of it, at most 50 ms) before the
 * clock jumps: other instances run meanwhile, as they would while one instance sleeps through a window.
 */
function unhurriedTime(): { runtime: Runtime; install(): void } {
  const runtime: Runtime = {
    ...DEFAULT_RUNTIME,
    random: () => 0.5,
    sleep: async (ms, signal) => {
      await new Promise((resolve) => setTimeout(resolve, Math.min(50, ms / 100)));
      if (signal.aborted) throw signal.reason;
      vi.setSystemTime(Date.now() + ms);
    },
  };
  return { runtime, install: () => { vi.useFakeTimers({ toFake: ['Date'], now: Date.now() }); } };
}

function fleet(count: number, runtime: Runtime, wrapper: Parameters<typeof fleetInstance>[0]['wrapper'] = {}) {
  const prefix = newFleetPrefix();
  return Array.from({ length: count }, () => fleetInstance({ sendCommand: redis.client.sendCommand, prefix, runtime, wrapper }));
}

describe('a fleet on one Redis', () => {
  it('sends one token request for 4 instances × 25 concurrent callers on a cold cache', async () => {
    // A slow answer keeps the leader's request in flight while every other instance asks.
    let calls = 0;
    tokenEndpoint().times(50).delay(150).reply(() => {
      calls++;
      return [200, tokenSuccess()];
    });
    const instances = fleet(4, DEFAULT_RUNTIME);
    const results = await Promise.all(instances.flatMap((aad) => Array.from({ length: 25 }, () => aad.acquireTokenByClientCredential({ scopes: GRAPH }))));
    expect(calls).toBe(1);
    expect(results).toHaveLength(100);
    expect(new Set(results.map((result) => result?.accessToken)).size).toBe(1);
  });

  it('makes every instance wait out a 429 Retry-After that one of them got, sending nothing inside the window', async () => {
    const time = unhurriedTime();
    time.install();
    const sentAt: number[] = [];
    scriptedEndpoint((call) => {
      sentAt.push(Date.now());
      return call === 1 ? [429, entraErrorBody(50196, { error: 'temporarily_unavailable' }), { 'Retry-After': '2' }] : [200, tokenSuccess()];
    });
    const instances = fleet(4, time.runtime);
    const settled = await Promise.allSettled(instances.flatMap((aad) => Array.from({ length: 10 }, () => aad.acquireTokenByClientCredential({ scopes: GRAPH }))));
    expect(settled.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(40);
    expect(sentAt.length).toBeLessThanOrEqual(2);
    const [first = 0, ...later] = sentAt;
    for (const at of later) expect(at - first).toBeGreaterThanOrEqual(2000);
  });

  it('gives a caller the same AadError and wait when the shared window outlasts its retry limit', async () => {
    const time = pinnedTime();
    time.install();
    const calls = scriptedEndpoint(() => [429, entraErrorBody(50196, { error: 'temporarily_unavailable' }), { 'Retry-After': '60' }]);
    const [first, second] = fleet(2, time.runtime, { retry: { maxElapsedMs: 10_000 } });
    const original = await aadFailure(first!.acquireTokenByClientCredential({ scopes: GRAPH }));
    const shared = await aadFailure(second!.acquireTokenByClientCredential({ scopes: GRAPH }));
    expect(calls()).toBe(1);
    expect(shared.code).toBe('ERR_AAD_RETRY');
    expect(shared.decision).toMatchObject({ action: 'retry', code: 50196, error: 'temporarily_unavailable', correlationId: original.decision.correlationId, traceId: original.decision.traceId });
    expect(shared.decision.retryAfterMs).toBeGreaterThan(50_000);
    expect(shared.decision.retryAfterMs).toBeLessThanOrEqual(60_000);
    expect(shared.headers['Retry-After']).toBe(String(Math.ceil((shared.decision.retryAfterMs ?? 0) / 1000)));
  });

  it('opens the circuit after consecutive failures across instances, fails fast, lets one probe through, and closes', async () => {
    const time = pinnedTime();
    time.install();
    let down = true;
    let calls = 0;
    tokenEndpoint().times(100).reply((_uri, _body, callback) => {
      calls++;
      if (down) callback(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), [0, '']);
      // The probe's answer takes a while, so other instances ask while it is in flight.
      else setTimeout(() => {
        callback(null, [200, tokenSuccess()]);
      }, 1000);
    });
    const events: CircuitEvent['state'][] = [];
    const breaker = { failureThreshold: 3, coolDownMs: 30_000, onStateChange: (event: CircuitEvent) => events.push(event.state) };
    const instances = fleet(4, time.runtime, { breaker, retry: { maxAttempts: 1 } });
    for (const aad of instances.slice(0, 3)) expect((await aadFailure(aad.acquireTokenByClientCredential({ scopes: GRAPH }))).code).toBe('ERR_AAD_RETRY');
    expect(calls).toBe(3);
    expect(events).toEqual(['open']);

    const fast = await aadFailure(instances[3]!.acquireTokenByClientCredential({ scopes: GRAPH }));
    expect(calls).toBe(3);
    expect(fast.decision.action).toBe('retry');
    expect(fast.decision.retryAfterMs).toBeGreaterThan(0);
    expect(fast.decision.retryAfterMs).toBeLessThanOrEqual(30_000);
    expect(fast.message).toContain('circuit');

    vi.setSystemTime(Date.now() + 30_001);
    down = false;
    const probe = instances[0]!.acquireTokenByClientCredential({ scopes: GRAPH });
    // While the probe is in flight (the endpoint answers after a second), the others still fail fast.
    await vi.waitUntil(() => events.includes('half_open'), { timeout: 5000, interval: 5 });
    const during = await aadFailure(instances[1]!.acquireTokenByClientCredential({ scopes: GRAPH }));
    expect(during.decision.action).toBe('retry');
    await probe;
    expect(calls).toBe(4);
    expect(events).toEqual(['open', 'half_open', 'closed']);
    await expect(instances[2]!.acquireTokenByClientCredential({ scopes: GRAPH })).resolves.toMatchObject({ tokenType: 'Bearer' });
  });

  it('remembers an interaction-required failure for the user across instances until they sign in again', async () => {
    const time = pinnedTime();
    time.install();
    let calls = 0;
    const mfa = entraErrorBody(50076, { error: 'invalid_grant', suberror: 'basic_action' });
    let refreshAnswer: readonly [number, object] = [400, mfa];
    tokenEndpoint().times(20).reply((_, body) => {
      calls++;
      const form = new URLSearchParams(String(body));
      // A short-lived access token, so every silent call needs the refresh token (the network).
      return form.get('grant_type') === 'authorization_code' ? [200, tokenSuccess({ user: true, expiresIn: 60 })] : [refreshAnswer[0], refreshAnswer[1]];
    });
    const [a, b, c] = fleet(3, time.runtime);
    const signIn = await a!.acquireTokenByCode({ code: 'code-1', scopes: GRAPH, redirectUri: 'http://localhost/cb' });
    const account = signIn.account!;
    expect(calls).toBe(1);
    vi.setSystemTime(Date.now() + 1);

    const first = await aadFailure(a!.acquireTokenSilent({ account, scopes: GRAPH }));
    expect(first.decision).toMatchObject({ action: 'reauthenticate', code: 50076 });
    expect(calls).toBe(2);

    const remembered = await aadFailure(b!.acquireTokenSilent({ account, scopes: GRAPH }));
    expect(calls).toBe(2);
    expect(remembered.code).toBe(first.code);
    expect(remembered.decision).toMatchObject({ action: first.decision.action, code: 50076, suberror: 'basic_action', correlationId: first.decision.correlationId });

    // Other scopes for the same user are not remembered.
    await aadFailure(b!.acquireTokenSilent({ account, scopes: ['api://orders/.default'] }));
    expect(calls).toBe(3);

    vi.setSystemTime(Date.now() + 1);
    await c!.acquireTokenByCode({ code: 'code-2', scopes: GRAPH, redirectUri: 'http://localhost/cb' });
    expect(calls).toBe(4);
    refreshAnswer = [200, tokenSuccess({ user: true })];
    await expect(b!.acquireTokenSilent({ account, scopes: GRAPH })).resolves.toMatchObject({ account: { homeAccountId: account.homeAccountId } });
    expect(calls).toBe(5);
  });

  it('does not remember msal-node’s own "nothing cached" for the whole fleet', async () => {
    const prefix = newFleetPrefix();
    const [a, b] = [0, 1].map(() => fleetInstance({ sendCommand: redis.client.sendCommand, prefix, runtime: DEFAULT_RUNTIME }));
    const account = { homeAccountId: `${randomUUID()}.utid`, environment: 'login.microsoftonline.com', tenantId: 'utid', username: 'adele@contoso.com', localAccountId: 'uid' };
    const first = await a!.acquireTokenSilent({ account, scopes: GRAPH }).catch((error: unknown) => error);
    expect(isAadError(first) && first.decision.action).toBe('reauthenticate');
    const keys = (await redis.client.sendCommand('KEYS', `${prefix}:*:interaction:*`)) as string[];
    expect(keys).toEqual([]);
    await expect(b!.acquireTokenSilent({ account, scopes: GRAPH })).rejects.toMatchObject({ code: 'ERR_AAD_REAUTHENTICATE' });
  });

  it('stores no token, assertion, refresh token or secret: only digests, times and protocol fields', async () => {
    const assertion = fakeJwt({ aud: CLIENT_ID, oid: 'user-1', scp: 'access_as_user' });
    const refreshToken = '0.AXoA-refresh-token-secret-value';
    const claims = '{"access_token":{"acrs":{"essential":true,"value":"c1"}}}';
    scriptedEndpoint((call) => {
      if (call === 1) return [200, tokenSuccess()];
      if (call === 2) return [400, entraErrorBody(50076, { error: 'invalid_grant', suberror: 'basic_action', claims })];
      return [429, entraErrorBody(50196, { error: 'temporarily_unavailable' }), { 'Retry-After': '5' }];
    });
    const prefix = newFleetPrefix();
    const aad = fleetInstance({ sendCommand: redis.client.sendCommand, prefix, runtime: DEFAULT_RUNTIME, wrapper: { retry: { maxAttempts: 1 } } });
    const accessToken = (await aad.acquireTokenByClientCredential({ scopes: GRAPH }))?.accessToken ?? 'missing';
    expect(accessToken).not.toBe('missing');
    await aadFailure(aad.acquireTokenOnBehalfOf({ oboAssertion: assertion, scopes: GRAPH }));
    await aadFailure(aad.acquireTokenByRefreshToken({ refreshToken, scopes: GRAPH }));
    const keys = ((await redis.client.sendCommand('KEYS', `${prefix}:*`)) as string[]).filter((key) => !key.startsWith(`${prefix}:cache:`));
    expect(keys.some((key) => key.includes(':interaction:'))).toBe(true);
    expect(keys.some((key) => key.includes(':wait:'))).toBe(true);
    const stored = [...keys, ...(await Promise.all(keys.map(async (key) => String(await redis.client.sendCommand('GET', key)))))].join('\n');
    for (const secret of [assertion, refreshToken, accessToken, 'test-secret-value', 'user-1', 'graph.microsoft.com']) expect(stored).not.toContain(secret);
  });

  it('does not touch Redis on a cache hit', async () => {
    scriptedEndpoint(() => [200, tokenSuccess()]);
    const prefix = newFleetPrefix();
    const commands: string[] = [];
    const counting = (...args: string[]): Promise<unknown> => {
      if (!args[1]?.startsWith(`${prefix}:cache`) && !(args[0] === 'GET' && args[1]?.includes(':cache:'))) commands.push(args[0] ?? '');
      return redis.client.sendCommand(...args);
    };
    const aad = fleetInstance({ sendCommand: counting, prefix, runtime: DEFAULT_RUNTIME });
    await aad.acquireTokenByClientCredential({ scopes: GRAPH });
    const afterMiss = commands.length;
    expect(afterMiss).toBeGreaterThan(0);
    for (let index = 0; index < 20; index++) await aad.acquireTokenByClientCredential({ scopes: GRAPH });
    expect(commands.length).toBe(afterMiss);
  });
});
