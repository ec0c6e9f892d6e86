// Type tests for the fleet surface (root `memoryStore`, `aad-error-handler/redis`), checked by
// `tsc --noEmit`: each `@ts-expect-error` line must fail to compile.
import { DistributedCachePlugin, type ConfidentialClientApplication, type ICacheClient, type IPartitionManager } from '@azure/msal-node';
import { memoryStore, withAadErrors, type AadStore, type CircuitEvent, type WithAadErrorsOptions } from '../../src/index.js';
import { redisCacheClient, redisStore, type SendCommand } from '../../src/redis-entry.js';

declare const cca: ConfidentialClientApplication;
declare const partitions: IPartitionManager;
// node-redis's `sendCommand(args)` and ioredis's `call(command, ...args)` both fit.
declare const nodeRedis: { sendCommand(args: string[]): Promise<unknown> };
declare const ioredis: { call(command: string, ...args: string[]): Promise<unknown> };

const fromNodeRedis: SendCommand = (...args) => nodeRedis.sendCommand(args);
const fromIoredis: SendCommand = (command, ...args) => ioredis.call(command, ...args);
const store: AadStore = redisStore({ sendCommand: fromNodeRedis, prefix: 'svc', commandTimeoutMs: 50 });
const cacheClient: ICacheClient = redisCacheClient({ sendCommand: fromIoredis, ttlMs: 3_600_000 });
export const plugin = new DistributedCachePlugin(cacheClient, partitions);

export const aad = withAadErrors(cca, {
  store,
  breaker: { failureThreshold: 5, coolDownMs: 30_000, onStateChange: (event: CircuitEvent) => void event.retryAfterMs },
  interactionMemoryMs: 120_000,
  lease: { ttlMs: 10_000, maxWaitMs: 5_000 },
});
export const local = withAadErrors(cca, { store: memoryStore(), breaker: false });

// @ts-expect-error — a store is an AadStore, not a client
export const wrongStore: WithAadErrorsOptions = { store: nodeRedis };
// @ts-expect-error — the breaker is an object or false
export const wrongBreaker: WithAadErrorsOptions = { breaker: true };
// @ts-expect-error — circuit states are a closed union
export const wrongState: CircuitEvent['state'] = 'half-open';
// @ts-expect-error — sendCommand is required
redisStore({ prefix: 'svc' });
