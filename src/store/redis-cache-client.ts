import type { ICacheClient } from '@azure/msal-node';
import { defaultLogger, type AadLogger } from '../logger.js';
import { type SendCommand, RedisCommands } from './redis-commands.js';
import { validateRedisOptions } from './redis-options.js';

/** Options for `redisCacheClient`. */
export interface RedisCacheClientOptions {
  /** As for `redisStore`: node-redis `(...args) => client.sendCommand(args)`, ioredis `(command, ...args) => client.call(command, ...args)`. */
  readonly sendCommand: SendCommand;
  /** Prepended, with a colon, to msal-node's partition keys. @default 'aad-error-handler:msal-cache' */
  readonly prefix?: string;
  /** How long a partition lives after its last write, in milliseconds; longer than your refresh tokens are used. @default 86400000 (one day) */
  readonly ttlMs?: number;
  /**
   * How long one read or write may take, in milliseconds. A read past it answers "no cached data", so
   * msal-node uses its in-memory cache (or asks Entra ID); a write past it is dropped.
   * @default 500
   */
  readonly commandTimeoutMs?: number;
  /** Receives one warning when Redis stops answering and one notice when it answers again. */
  readonly logger?: AadLogger;
}

/**
 * msal-node's `ICacheClient` on Redis, for `new DistributedCachePlugin(redisCacheClient({ sendCommand }), partitionManager)`:
 * every instance reads the tokens the others got, in msal-node's own cache format, which this client
 * stores as it is and never reads. Pair it with `redisStore()` so that one instance asks Entra ID for a
 * token and the others read it from here.
 *
 * A Redis failure never fails a token request: a read answers "nothing cached" and a write is dropped.
 *
 * @example
 * const plugin = new DistributedCachePlugin(redisCacheClient({ sendCommand }), partitionManager);
 * const cca = new ConfidentialClientApplication({ auth, cache: { cachePlugin: plugin } });
 */
export function redisCacheClient(options: RedisCacheClientOptions): ICacheClient {
  const valid = validateRedisOptions('redisCacheClient', options, { ttlMs: true }, { prefix: 'aad-error-handler:msal-cache', commandTimeoutMs: 500 });
  const redis = new RedisCommands(valid.sendCommand, valid.commandTimeoutMs, 1000, valid.logger ?? defaultLogger(), 'msal-cache');
  const key = (partition: string): string => `${valid.prefix}:${partition}`;
  return {
    async get(partition: string): Promise<string> {
      // While Redis is away (after a failure, for a second), reads answer at once rather than time out each.
      const answer = redis.available ? await redis.run(['GET', key(partition)]) : undefined;
      const reply = answer?.reply;
      // msal-node's TokenCache.deserialize('') keeps its in-memory cache as it is.
      return typeof reply === 'string' ? reply : reply instanceof Uint8Array ? Buffer.from(reply).toString('utf8') : '';
    },
    async set(partition: string, value: string): Promise<string> {
      const answer = redis.available ? await redis.run(['SET', key(partition), value, 'PX', String(valid.ttlMs)]) : undefined;
      return typeof answer?.reply === 'string' ? answer.reply : '';
    },
  };
}
