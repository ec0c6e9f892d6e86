import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryStore } from '../../src/store/memory-store.js';
import { redisStore } from '../../src/store/redis-store.js';
import type { AadStore, CircuitPolicy } from '../../src/store/types.js';
import { decodeCircuit } from '../../src/store/types.js';
import { CLIENTS, type TestClient } from '../fleet/clients.js';
import { startRedis, type RedisServer } from '../fleet/redis-server.js';

// One contract, three backends: the memory store, and the Redis store driven by node-redis and by
// ioredis against a real redis-server. Times are given explicitly (`now`), so nothing here depends on
// the wall clock except Redis's own key expiry, which is set far beyond the test's run.

const NOW = 1_800_000_000_000;
const POLICY: CircuitPolicy = { threshold: 3, coolDownMs: 30_000, ttlMs: 90_000 };

let server: RedisServer;
const clients: TestClient[] = [];
let unique = 0;

beforeAll(async () => {
  server = await startRedis();
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await server.stop();
});

type Backend = readonly [name: string, make: () => Promise<AadStore>];

const backends: Backend[] = [
  ['memory', () => Promise.resolve(memoryStore())],
  ...CLIENTS.map(([name, connect]): Backend => [
    `redis via ${name}`,
    async () => {
      const client = await connect(server.url);
      clients.push(client);
      // A prefix per store keeps the tests of one file apart on one server.
      return redisStore({ sendCommand: client.sendCommand, prefix: `t${++unique}`, commandTimeoutMs: 2000 });
    },
  ]),
];

describe.each(backends)('the %s store', (_, make) => {
  let store: AadStore;
  beforeAll(async () => {
    store = await make();
  });

  it('reads nothing for keys never written', async () => {
    expect(await store.get(['none:a', 'none:b'], NOW)).toEqual([undefined, undefined]);
    expect(await store.get([], NOW)).toEqual([]);
  });

  it('keeps the later of two waits and forgets it once it has ended', async () => {
    await store.extend('wait', 'first', NOW + 2000, NOW);
    await store.extend('wait', 'shorter', NOW + 1000, NOW);
    expect(await store.get(['wait'], NOW)).toEqual([{ until: NOW + 2000, value: 'first' }]);
    await store.extend('wait', 'longer', NOW + 5000, NOW);
    expect(await store.get(['wait'], NOW + 10)).toEqual([{ until: NOW + 5000, value: 'longer' }]);
    expect(await store.get(['wait'], NOW + 5000)).toEqual([undefined]);
  });

  it('keeps values with bars and non-ASCII text as they were written', async () => {
    const value = '{"e":"temporarily_unavailable","c":[50196]}|ünïcode|';
    await store.extend('odd', value, NOW + 1000, NOW);
    expect((await store.get(['odd'], NOW))[0]?.value).toBe(value);
  });

  it('gives a lease to one owner at a time and takes it back only from that owner', async () => {
    expect(await store.acquireLease('lease', 'a', 60_000, NOW)).toBe(true);
    expect(await store.acquireLease('lease', 'b', 60_000, NOW)).toBe(false);
    await store.releaseLease('lease', 'b');
    expect((await store.get(['lease'], NOW))[0]?.value).toBe('a');
    await store.releaseLease('lease', 'a');
    expect(await store.get(['lease'], NOW)).toEqual([undefined]);
    expect(await store.acquireLease('lease', 'b', 60_000, NOW)).toBe(true);
  });

  it('lets exactly one of many concurrent claimants have the lease', async () => {
    const taken = await Promise.all(Array.from({ length: 20 }, (_, index) => store.acquireLease('race', `owner-${index}`, 60_000, NOW)));
    expect(taken.filter(Boolean)).toHaveLength(1);
  });

  it('opens the circuit at the threshold, stops counting while open, and reopens when the probe fails', async () => {
    await store.acquireLease('probe', 'someone', 60_000, NOW);
    expect(await store.recordFailure('circuit', 'probe', 'one', POLICY, NOW)).toBeNull();
    expect(await store.recordFailure('circuit', 'probe', 'two', POLICY, NOW + 1)).toBeNull();
    expect(decodeCircuit((await store.get(['circuit'], NOW + 1))[0]?.value)).toEqual({ failures: 2, openUntil: 0, detail: 'two' });
    expect(await store.recordFailure('circuit', 'probe', 'three', POLICY, NOW + 2)).toBe(NOW + 2 + POLICY.coolDownMs);
    expect(await store.get(['probe'], NOW + 2)).toEqual([undefined]);
    // Late failures while open are not counted and do not move the end.
    expect(await store.recordFailure('circuit', 'probe', 'late', POLICY, NOW + 3)).toBeNull();
    expect(decodeCircuit((await store.get(['circuit'], NOW + 3))[0]?.value)).toEqual({ failures: 0, openUntil: NOW + 2 + POLICY.coolDownMs, detail: 'three' });
    // After the cool-down (half-open), one failure reopens it.
    const later = NOW + 2 + POLICY.coolDownMs + 5;
    expect(await store.recordFailure('circuit', 'probe', 'probe failed', POLICY, later)).toBe(later + POLICY.coolDownMs);
  });

  it('closes the circuit when its keys are deleted', async () => {
    await store.recordFailure('circuit2', 'probe2', 'x', { ...POLICY, threshold: 1 }, NOW);
    await store.delete(['circuit2', 'probe2']);
    expect(decodeCircuit((await store.get(['circuit2'], NOW))[0]?.value).openUntil).toBe(0);
  });
});

describe('the Redis store on the server', () => {
  it('prefixes every key and gives every key an expiry', async () => {
    const client = await CLIENTS[0][1](server.url);
    clients.push(client);
    const store = redisStore({ sendCommand: client.sendCommand, prefix: 'ttl-check', commandTimeoutMs: 2000 });
    const now = Date.now();
    await store.extend('{ns}:wait:x', 'v', now + 60_000, now);
    await store.acquireLease('{ns}:lease:x', 'me', 60_000, now);
    await store.recordFailure('{ns}:circuit', '{ns}:probe', 'd', POLICY, now);
    const keys = (await client.sendCommand('KEYS', 'ttl-check:*')) as string[];
    expect([...keys].sort()).toEqual(['ttl-check:{ns}:circuit', 'ttl-check:{ns}:lease:x', 'ttl-check:{ns}:wait:x']);
    for (const key of keys) expect(Number(await client.sendCommand('PTTL', key))).toBeGreaterThan(0);
  });

  it('loads its scripts again after the server forgot them', async () => {
    const client = await CLIENTS[1][1](server.url);
    clients.push(client);
    const store = redisStore({ sendCommand: client.sendCommand, prefix: 'flush-check', commandTimeoutMs: 2000 });
    await store.extend('k', 'one', NOW + 1000, NOW);
    await client.sendCommand('SCRIPT', 'FLUSH');
    await store.extend('k', 'two', NOW + 2000, NOW);
    expect((await store.get(['k'], NOW))[0]?.value).toBe('two');
  });
});
