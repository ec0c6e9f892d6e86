import { ConfidentialClientApplication, DistributedCachePlugin, type IPartitionManager } from '@azure/msal-node';
import { createAadClient } from '../../src/msal/with-aad-errors.js';
import type { WithAadErrorsOptions } from '../../src/msal/options.js';
import type { Runtime } from '../../src/msal/retry.js';
import { redisCacheClient } from '../../src/store/redis-cache-client.js';
import { redisStore } from '../../src/store/redis-store.js';
import type { AadLogger } from '../../src/logger.js';
import { AUTHORITY, CLIENT_ID, fakeAuthority } from '../fixtures/fake-authority.js';
import type { SendCommand } from '../../src/store/redis-commands.js';

// "Instances" of one service: each is what one process would have — its own msal-node
// ConfidentialClientApplication (so its own in-memory token cache), a DistributedCachePlugin over the
// shared Redis, and its own wrapper on a redisStore over the same Redis.

/** One partition for everything: enough for tests; docs/fleet.md shows per-user partitions. */
const onePartition: IPartitionManager = {
  getKey: () => Promise.resolve('partition'),
  extractKey: () => Promise.resolve('partition'),
};

let fleets = 0;

/** A fresh namespace (store and cache prefixes) on the shared Redis, so tests in one file never meet. */
export function newFleetPrefix(): string {
  return `fleet${++fleets}`;
}

export interface InstanceOptions {
  readonly sendCommand: SendCommand;
  readonly prefix: string;
  readonly runtime: Runtime;
  readonly wrapper?: Omit<WithAadErrorsOptions, 'store'>;
  readonly logger?: AadLogger;
  readonly commandTimeoutMs?: number;
}

export function fleetInstance(options: InstanceOptions) {
  fakeAuthority();
  const logger = options.logger ?? {};
  const cacheClient = redisCacheClient({ sendCommand: options.sendCommand, prefix: `${options.prefix}:cache`, logger, commandTimeoutMs: options.commandTimeoutMs ?? 2000 });
  const cca = new ConfidentialClientApplication({
    auth: { clientId: CLIENT_ID, authority: AUTHORITY, clientSecret: 'test-secret-value' },
    cache: { cachePlugin: new DistributedCachePlugin(cacheClient, onePartition) },
  });
  const store = redisStore({ sendCommand: options.sendCommand, prefix: options.prefix, logger, commandTimeoutMs: options.commandTimeoutMs ?? 2000 });
  return createAadClient(cca, { logger, ...options.wrapper, store }, options.runtime);
}
