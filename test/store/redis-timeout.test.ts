import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AadLogger } from '../../src/logger.js';
import { redisStore } from '../../src/store/redis-store.js';
import { CLIENTS, type TestClient } from '../fleet/clients.js';
import { startRedis, type RedisServer } from '../fleet/redis-server.js';

// A busy process must not take a reply that has already arrived for a Redis that did not answer: the
// command timeout gives the event loop one more turn to read the socket before it gives up.
//
// The test builds that moment by ordering, not by timing: it blocks the thread from the moment the
// client has written MGET out, asks Redis over a second connection (redis-cli, synchronously) until
// Redis has answered it, and keeps blocking until the command's timer is overdue. When the thread is
// free again the timer and the unread reply are both waiting, and the timers phase runs first.

const TIMEOUT_MS = 20;

let server: RedisServer;
const clients: TestClient[] = [];

beforeAll(async () => {
  server = await startRedis();
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await server.stop();
});

/** Redis's count of MGET commands it has run, read synchronously over its own connection. */
function mgetCalls(): number {
  const info = spawnSync('redis-cli', ['-p', String(server.port), 'INFO', 'commandstats'], { encoding: 'utf8' });
  if (info.status !== 0) throw new Error(`redis-cli failed: ${info.stderr}`);
  return Number(/cmdstat_mget:calls=(\d+)/.exec(info.stdout)?.[1] ?? 0);
}

/** Blocks the thread, as a process serving many requests does, until Redis has run `count` MGETs and `ms` have passed. */
function blockUntilAnswered(count: number, since: number, ms: number): void {
  // Bounded so a broken setup fails here with a message instead of hanging the suite.
  for (let attempt = 0; mgetCalls() < count; attempt += 1) {
    if (attempt === 1000) throw new Error('Redis never received the MGET the store sent');
  }
  // One more round trip: Redis writes replies before it reads again, so our reply is on the socket now.
  mgetCalls();
  while (performance.now() - since <= 2 * ms) {
    // Spinning on purpose: the command's timer becomes due while the reply waits unread.
  }
}

describe.each(CLIENTS)('the Redis store through %s', (_, connect) => {
  it('takes a reply that arrived while the process was too busy to read it before the timeout', async () => {
    const client = await connect(server.url);
    clients.push(client);
    const warnings: object[] = [];
    const logger: AadLogger = { warn: (record) => warnings.push(record) };
    const store = redisStore({ sendCommand: client.sendCommand, prefix: 'busy', commandTimeoutMs: TIMEOUT_MS, logger });
    const now = Date.now();
    await store.extend('k', 'v', now + 60_000, now);
    const before = mgetCalls();

    const since = performance.now();
    const reading = store.get(['k'], now);
    // node-redis writes queued commands from a setImmediate; one queued after it runs right after it, in
    // the same check phase, before the loop could poll the socket for the reply.
    await new Promise((resolve) => process.nextTick(resolve));
    await new Promise<void>((resolve) => {
      setImmediate(() => {
        blockUntilAnswered(before + 1, since, TIMEOUT_MS);
        resolve();
      });
    });

    expect(performance.now() - since).toBeGreaterThan(TIMEOUT_MS);
    expect(await reading).toEqual([{ until: now + 60_000, value: 'v' }]);
    expect(warnings).toEqual([]);
  });
});
