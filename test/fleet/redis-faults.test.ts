import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AadLogger } from '../../src/logger.js';
import { DEFAULT_RUNTIME } from '../../src/msal/with-aad-errors.js';
import { redisStore } from '../../src/store/redis-store.js';
import { tokenEndpoint, tokenSuccess } from '../fixtures/fake-authority.js';
import { GRAPH } from '../msal/helpers.js';
import { CLIENTS } from './clients.js';
import { fleetInstance, newFleetPrefix } from './helpers.js';
import { startRedis, type RedisServer } from './redis-server.js';

// Redis faults never break token acquisition: a real redis-server is killed and started again while
// instances keep asking for tokens, and a store whose Redis never answers falls back within its timeout.

let server: RedisServer;

beforeAll(async () => {
  server = await startRedis();
});

afterAll(async () => {
  await server.stop();
});

interface Record {
  readonly level: string;
  readonly record: object;
  readonly message: string;
}

function recordingLogger(): { logger: AadLogger; records: Record[] } {
  const records: Record[] = [];
  const at = (level: string) => (record: object, message: string): void => {
    records.push({ level, record, message });
  };
  return { logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }, records };
}

const isStoreRecord = (level: string) => (entry: Record): boolean => entry.level === level && (entry.record as { of?: unknown }).of === 'store';

describe.each(CLIENTS)('instances on Redis through %s', (_, connect) => {
  it('keep getting tokens while Redis is killed and restarted, and share state again afterwards', async () => {
    let calls = 0;
    tokenEndpoint().times(10_000).delay(5).reply(() => {
      calls++;
      return [200, tokenSuccess()];
    });
    const client = await connect(server.url);
    const prefix = newFleetPrefix();
    const logs = [0, 1, 2].map(() => recordingLogger());
    const instances = logs.map(({ logger }) => fleetInstance({ sendCommand: client.sendCommand, prefix, runtime: DEFAULT_RUNTIME, logger, commandTimeoutMs: 500 }));
    let round = 0;
    let failures = 0;
    // One round: a cache hit, a forced request (the store is asked before it) and a cold scope (the lease path).
    const roundOfCalls = async (): Promise<void> => {
      round++;
      const outcomes = await Promise.allSettled(instances.flatMap((aad) => [
        aad.acquireTokenByClientCredential({ scopes: GRAPH }),
        aad.acquireTokenByClientCredential({ scopes: GRAPH, skipCache: true }),
        aad.acquireTokenByClientCredential({ scopes: [`api://round-${round}/.default`] }),
      ]));
      failures += outcomes.filter((outcome) => outcome.status === 'rejected').length;
    };
    try {
      for (let index = 0; index < 3; index++) await roundOfCalls();
      await server.kill();
      for (let index = 0; index < 5; index++) await roundOfCalls();
      expect(failures).toBe(0);
      // Every instance said once that Redis was away, however many commands failed.
      for (const { records } of logs) expect(records.filter(isStoreRecord('warn'))).toHaveLength(1);

      await server.restart();
      await vi.waitUntil(async () => {
        await roundOfCalls();
        return logs.every(({ records }) => records.some(isStoreRecord('info')));
      }, { timeout: 15_000, interval: 50 });
      expect(failures).toBe(0);
      // Shared again: cold scopes leave their (expiring) keys on the restarted server. Leases are given
      // back at once and the cache client retries Redis a second after its last failure, so ask a few rounds.
      await vi.waitUntil(async () => {
        await roundOfCalls();
        const keys = (await client.sendCommand('KEYS', `${prefix}:*`)) as string[];
        return keys.some((key) => key.includes(':wait:') || key.includes(':lease:') || key.includes(':cache:'));
      }, { timeout: 15_000, interval: 50 });
      expect(failures).toBe(0);
      expect(calls).toBeGreaterThan(0);
    } finally {
      await server.restart();
      await client.close();
    }
  }, 60_000);
});

describe('a store whose Redis never answers', () => {
  it('answers from local memory within its timeout and says so once', async () => {
    const { logger, records } = recordingLogger();
    const never = (): Promise<unknown> => new Promise(() => {});
    const store = redisStore({ sendCommand: never, commandTimeoutMs: 20, logger });
    const now = Date.now();
    expect(await store.acquireLease('lease', 'a', 60_000, now)).toBe(true);
    expect(await store.acquireLease('lease', 'b', 60_000, now)).toBe(false);
    await store.extend('wait', 'v', now + 1000, now);
    expect(await store.get(['wait'], now)).toEqual([{ until: now + 1000, value: 'v' }]);
    expect(records.filter(isStoreRecord('warn'))).toHaveLength(1);
    expect(JSON.stringify(records)).toContain('timeout');
  });

  it('never rejects when sendCommand throws or rejects', async () => {
    const throwing = (): Promise<unknown> => {
      throw new Error('client closed');
    };
    const rejecting = (): Promise<unknown> => Promise.reject(new Error('READONLY You can\'t write against a read only replica.'));
    for (const sendCommand of [throwing, rejecting]) {
      const store = redisStore({ sendCommand, logger: {} });
      await expect(store.recordFailure('c', 'p', 'd', { threshold: 1, coolDownMs: 10, ttlMs: 100 }, 1)).resolves.toBe(11);
      await expect(store.releaseLease('l', 'o')).resolves.toBeUndefined();
      await expect(store.delete(['c'])).resolves.toBeUndefined();
    }
  });
});
