import { Redis } from 'ioredis';
import { createClient } from 'redis';
import type { SendCommand } from '../../src/store/redis-commands.js';

// The two clients users bring, configured as docs/fleet.md recommends: commands fail at once while the
// connection is down (no offline queue), and the client reconnects by itself.

/** A connected Redis client, its `sendCommand` for our store, and how to close it. */
export interface TestClient {
  readonly name: 'node-redis' | 'ioredis';
  readonly sendCommand: SendCommand;
  close(): Promise<void>;
}

export async function nodeRedisClient(url: string): Promise<TestClient> {
  const client = createClient({ url, disableOfflineQueue: true, socket: { reconnectStrategy: () => 50, connectTimeout: 1000 } });
  // node-redis emits reconnect errors as events; without a listener they would be thrown.
  client.on('error', () => {});
  await client.connect();
  return {
    name: 'node-redis',
    sendCommand: (...args) => client.sendCommand(args),
    close: async () => {
      client.destroy();
    },
  };
}

export async function ioredisClient(url: string): Promise<TestClient> {
  const client = new Redis(url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => 50 });
  client.on('error', () => {});
  await client.connect();
  return {
    name: 'ioredis',
    sendCommand: (command, ...args) => client.call(command, ...args),
    close: async () => {
      client.disconnect();
    },
  };
}

export const CLIENTS = [
  ['node-redis', nodeRedisClient],
  ['ioredis', ioredisClient],
] as const;
