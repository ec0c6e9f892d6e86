import { afterAll, beforeAll } from 'vitest';
import { nodeRedisClient, type TestClient } from './clients.js';
import { startRedis, type RedisServer } from './redis-server.js';

// One real redis-server per test file, with two node-redis connections: `client` for the stores and
// caches under test, and `admin` for the commands a test uses to disturb Redis (CLIENT PAUSE …), which
// must not queue behind the client's own commands.

export interface RedisForFile {
  readonly client: TestClient;
  readonly admin: TestClient;
}

/** Starts Redis and both connections before the file's tests and closes them after; read the fields inside tests. */
export function redisForFile(): RedisForFile {
  let server: RedisServer | undefined;
  let client: TestClient | undefined;
  let admin: TestClient | undefined;

  beforeAll(async () => {
    server = await startRedis();
    client = await nodeRedisClient(server.url);
    admin = await nodeRedisClient(server.url);
  });

  afterAll(async () => {
    await client?.close();
    await admin?.close();
    await server?.stop();
  });

  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('redisForFile(): Redis is read before its beforeAll hook has run');
    return value;
  };
  return {
    get client() {
      return started(client);
    },
    get admin() {
      return started(admin);
    },
  };
}
