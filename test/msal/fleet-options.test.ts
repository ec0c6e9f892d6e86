import { describe, expect, it } from 'vitest';
import { memoryStore } from '../../src/store/memory-store.js';
import { redisStore } from '../../src/store/redis-store.js';
import { redisCacheClient } from '../../src/store/redis-cache-client.js';
import { resolveWrapperOptions } from '../../src/msal/options.js';

const sendCommand = (): Promise<unknown> => Promise.resolve(null);

describe('the fleet options of withAadErrors', () => {
  it('keeps state per wrapper, as before, when none of them is given', () => {
    expect(resolveWrapperOptions({}, undefined).fleet).toBeUndefined();
  });

  it('turns the breaker and interaction memory on with their defaults when a store is given', () => {
    const store = memoryStore();
    expect(resolveWrapperOptions({ store }, undefined).fleet).toMatchObject({
      store,
      breaker: { policy: { threshold: 5, coolDownMs: 30_000, ttlMs: 90_000 }, probeTimeoutMs: 10_000 },
      interactionMemoryMs: 120_000,
      leaseTtlMs: 10_000,
      leaseWaitMs: 10_000,
    });
  });

  it('uses an in-process store when only a fleet feature is asked for', () => {
    const fleet = resolveWrapperOptions({ breaker: { failureThreshold: 2 } }, undefined).fleet;
    expect(fleet?.store.kind).toBe('memory');
    expect(fleet?.breaker?.policy.threshold).toBe(2);
  });

  it('turns the breaker and the interaction memory off on request', () => {
    expect(resolveWrapperOptions({ store: memoryStore(), breaker: false, interactionMemoryMs: 0 }, undefined).fleet).toMatchObject({ breaker: null, interactionMemoryMs: 0 });
  });

  it.each([
    [{ store: {} }, '`store` must be a store: memoryStore(), redisStore() from aad-error-handler/redis, or an object with get, extend, delete, acquireLease, releaseLease and recordFailure'],
    [{ store: memoryStore(), breaker: true }, '`breaker` must be false or an object'],
    [{ breaker: { failureThreshold: 0 } }, '`breaker.failureThreshold` must be at least 1; received 0'],
    [{ breaker: { coolDownMs: 0 } }, '`breaker.coolDownMs` must be at least 1; received 0'],
    [{ breaker: { onStateChange: 'log' } }, '`breaker.onStateChange` must be a function'],
    [{ interactionMemoryMs: -1 }, '`interactionMemoryMs` must be 0 or more; received -1'],
    [{ interactionMemoryMs: 1.5 }, '`interactionMemoryMs` must be a whole number of milliseconds; received 1.5'],
    [{ lease: { ttlMs: 0 } }, '`lease.ttlMs` must be at least 1; received 0'],
    [{ lease: { waitMs: 10 } }, 'lease'],
  ])('rejects %j with a message naming the key', (options, message) => {
    expect(() => resolveWrapperOptions(options, undefined)).toThrow(message);
  });

  it('names the closest option for a misspelt one', () => {
    expect(() => resolveWrapperOptions({ stor: memoryStore() }, undefined)).toThrow(/unknown option `stor` \(did you mean `store`\?\)/);
  });
});

describe('redisStore and redisCacheClient options', () => {
  it('accept the documented options', () => {
    expect(redisStore({ sendCommand, prefix: 'svc', commandTimeoutMs: 50, retryIntervalMs: 500, logger: {} }).kind).toBe('redis');
    expect(typeof redisCacheClient({ sendCommand, prefix: 'svc:cache', ttlMs: 3_600_000, commandTimeoutMs: 200 }).set).toBe('function');
  });

  it.each([
    [undefined, 'options with `sendCommand` are required'],
    [{}, '`sendCommand` must be a function'],
    [{ sendCommand: 'redis://localhost' }, '`sendCommand` must be a function'],
    [{ sendCommand, commandTimeoutMs: 0 }, '`commandTimeoutMs` must be at least 1; received 0'],
    [{ sendCommand, prefix: '' }, '`prefix` must not be empty'],
    [{ sendCommand, prefix: 'a{b}' }, '`prefix` must not contain spaces or braces'],
    [{ sendCommand, ttlMs: 1000 }, 'unknown option `ttlMs`'],
    [{ sendCommand, sendcommand: sendCommand }, 'unknown option `sendcommand` (did you mean `sendCommand`?)'],
  ])('redisStore rejects %j', (options, message) => {
    expect(() => redisStore(options as never)).toThrow(message);
  });

  it('redisCacheClient takes a TTL but not the store’s retry interval', () => {
    expect(() => redisCacheClient({ sendCommand, ttlMs: 0 })).toThrow('`ttlMs` must be at least 1; received 0');
    expect(() => redisCacheClient({ sendCommand, retryIntervalMs: 10 } as never)).toThrow('unknown option `retryIntervalMs`');
  });
});
