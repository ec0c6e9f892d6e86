import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AadLogger } from '../../src/logger.js';
import { redisStore } from '../../src/store/redis-store.js';
import { CLIENTS, type TestClient } from '../fleet/clients.js';
import { startRedis, type RedisServer } from '../fleet/redis-server.js';

// A busy process must not take a reply that has already arrived for a Redis that did not answer: the
// command timeout gives the event loop one more turn to read the socket before it gives up.

let server: RedisServer;
const clients: TestClient[] = [];

beforeAll(async () => {
  server = await startRedis();
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await server.stop();
});

/** Keeps the thread busy, as a process serving many requests is, for `ms` milliseconds. */
function busy(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // Spinning on purpose.
  }
}

describe.each(CLIENTS)('the Redis store through %s', (_, connect) => {
  it('takes a reply that arrived while the process was too busy to read it before the timeout', async () => {
    const client = await connect(server.url);
    clients.push(client);
    const warnings: object[] = [];
    const logger: AadLogger = { warn: (record) => warnings.push(record) };
    const store = redisStore({ sendCommand: client.sendCommand, prefix: 'busy', commandTimeoutMs: 20, logger });
    const now = Date.now();
    await store.extend('k', 'v', now + 60_000, now);
    // Let the client write the command out, then block for ten times the timeout: the reply arrives meanwhile.
    const reading = store.get(['k'], now);
    await new Promise((resolve) => process.nextTick(resolve));
    busy(200);
    expect(await reading).toEqual([{ until: now + 60_000, value: 'v' }]);
    expect(warnings).toEqual([]);
  });
});
