// `aad-error-handler/redis`: the Redis store and msal-node cache client. Separate from the root entry
// so applications without a fleet never load it; no Redis client is a dependency either way.
export { redisStore } from './store/redis-store.js';
export { redisCacheClient } from './store/redis-cache-client.js';

export type { RedisStoreOptions } from './store/redis-store.js';
export type { RedisCacheClientOptions } from './store/redis-cache-client.js';
export type { SendCommand } from './store/redis-commands.js';
export type { AadStore, CircuitPolicy, StoreEntry } from './store/types.js';
