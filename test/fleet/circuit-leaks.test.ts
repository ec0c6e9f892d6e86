import { describe, expect, it } from 'vitest';
import type { AadError } from '../../src/errors.js';
import type { AadLogger } from '../../src/logger.js';
import type { CircuitEvent } from '../../src/msal/circuit-breaker.js';
import type { Runtime } from '../../src/msal/retry.js';
import { DEFAULT_RUNTIME } from '../../src/msal/with-aad-errors.js';
import { tokenEndpoint } from '../fixtures/fake-authority.js';
import { aadFailure } from '../msal/helpers.js';
import { fleetInstance, newFleetPrefix } from './helpers.js';
import { redisForFile } from './redis-for-file.js';

// Once the circuit is open, nothing but the probe may reach Entra ID from any instance: not the
// backoff retries of calls that started before it opened, and not the calls of an instance whose Redis
// commands time out (the store then answers from local memory, which knows nothing of the circuit).
// Real redis-server (stalled with CLIENT PAUSE), real msal-node, the token endpoint refusing connections
// through nock. Requests are counted by phase, never by time.

const redis = redisForFile();

const runtime: Runtime = { ...DEFAULT_RUNTIME, random: () => 0.5 };

/** The token endpoint down (connection refused), counting the requests per scope. */
function downEndpoint(): Map<string, number> {
  const sent = new Map<string, number>();
  tokenEndpoint().times(1000).reply((_uri, body, callback) => {
    const scope = new URLSearchParams(String(body)).get('scope') ?? '';
    sent.set(scope, (sent.get(scope) ?? 0) + 1);
    callback(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), [0, '']);
  });
  return sent;
}

const total = (sent: Map<string, number>): number => [...sent.values()].reduce((sum, count) => sum + count, 0);

describe('an open circuit', () => {
  it('stops pending retries and the calls of instances whose Redis is stalled: no request goes out before the cool-down ends', async () => {
    const sent = downEndpoint();
    const events: CircuitEvent['state'][] = [];
    const warnings: string[] = [];
    const logger: AadLogger = { warn: (_record, message) => warnings.push(message) };
    // A cool-down far longer than the test: no probe is due, so any request after the opening is a leak.
    const breaker = { failureThreshold: 3, coolDownMs: 120_000, onStateChange: (event: CircuitEvent) => events.push(event.state) };
    // Retries wait 2 s (half the 4 s ceiling, with the dice at 0.5): the circuit opens while they are pending.
    const wrapper = { breaker, retry: { maxAttempts: 4, baseDelayMs: 4000, maxDelayMs: 8000, maxElapsedMs: 60_000 } };
    const prefix = newFleetPrefix();
    const instances = [0, 1, 2, 3].map(() => fleetInstance({ sendCommand: redis.client.sendCommand, prefix, runtime, wrapper, logger, commandTimeoutMs: 100 }));

    // Phase 1: two calls per instance, each for its own scope, all at once; every one fails and would retry.
    const first = await Promise.all(instances.flatMap((aad, index) => [0, 1].map((call) => aadFailure(aad.acquireTokenByClientCredential({ scopes: [`api://first-${index}-${call}/.default`] })))));
    expect(events[0]).toBe('open');
    expect(events.filter((state) => state !== 'open')).toEqual([]);
    expect(total(sent)).toBeGreaterThanOrEqual(3);
    // No scope was asked for twice: every retry was refused by the open circuit.
    expect(Math.max(...sent.values())).toBe(1);
    for (const error of first) expect(error.decision.action).toBe('retry');
    expect(first.filter((error) => error.message.includes('circuit')).length).toBeGreaterThan(0);

    // Phase 2: Redis stalls for 3 s, so every store command times out and the stores answer from local
    // memory; meanwhile each instance gets two new calls.
    const before = total(sent);
    await redis.admin.sendCommand('CLIENT', 'PAUSE', '3000', 'ALL');
    const stalled = await Promise.all(instances.flatMap((aad, index) => [0, 1].map((call) => aadFailure(aad.acquireTokenByClientCredential({ scopes: [`api://stalled-${index}-${call}/.default`] })))));
    expect(warnings.some((message) => message.includes('not answering'))).toBe(true);
    expect(total(sent)).toBe(before);
    for (const error of stalled) expectFailFast(error, breaker.coolDownMs);
    await redis.admin.sendCommand('PING');

    // Phase 3: Redis answers again; still nothing goes out.
    const after = await Promise.all(instances.map((aad, index) => aadFailure(aad.acquireTokenByClientCredential({ scopes: [`api://after-${index}/.default`] }))));
    for (const error of after) expectFailFast(error, breaker.coolDownMs);
    expect(total(sent)).toBe(before);
    expect(events.filter((state) => state !== 'open')).toEqual([]);
  }, 30_000);
});

function expectFailFast(error: AadError, coolDownMs: number): void {
  expect(error.code).toBe('ERR_AAD_RETRY');
  expect(error.message).toContain('circuit');
  expect(error.decision.retryAfterMs).toBeGreaterThan(0);
  expect(error.decision.retryAfterMs).toBeLessThanOrEqual(coolDownMs);
}
