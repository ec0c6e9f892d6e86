import { describe, expect, it } from 'vitest';
import type { AadLogger } from '../../src/logger.js';
import { DEFAULT_RUNTIME } from '../../src/msal/with-aad-errors.js';
import { tokenEndpoint, tokenSuccess } from '../fixtures/fake-authority.js';
import { GRAPH } from '../msal/helpers.js';
import { fleetInstance, newFleetPrefix } from './helpers.js';
import { redisForFile } from './redis-for-file.js';

// A lease command that takes a little longer than the store's command timeout (Redis busy, not away)
// must not turn into "no one holds the lease" on every instance: that is one token request per instance
// instead of one for the fleet. Real redis-server, its writes held back with CLIENT PAUSE … WRITE.

const redis = redisForFile();

describe('a lease on a slow Redis', () => {
  it('still sends one token request for the fleet when SET NX takes longer than commandTimeoutMs', async () => {
    let calls = 0;
    // The answer takes a while, so the followers ask while the leader's request is in flight.
    tokenEndpoint().times(20).delay(300).reply(() => {
      calls++;
      return [200, tokenSuccess()];
    });
    const warnings: string[] = [];
    const logger: AadLogger = { warn: (_record, message) => warnings.push(message) };
    const prefix = newFleetPrefix();
    const instances = [0, 1, 2, 3].map(() => fleetInstance({ sendCommand: redis.client.sendCommand, prefix, runtime: DEFAULT_RUNTIME, logger, commandTimeoutMs: 50 }));
    // Reads go on; every write (the lease's SET NX among them) waits 120 ms, more than the 50 ms timeout.
    await redis.admin.sendCommand('CLIENT', 'PAUSE', '120', 'WRITE');
    const results = await Promise.all(instances.flatMap((aad) => Array.from({ length: 10 }, () => aad.acquireTokenByClientCredential({ scopes: GRAPH }))));
    expect(results.every((result) => typeof result?.accessToken === 'string')).toBe(true);
    expect(calls).toBe(1);
  }, 30_000);
});
