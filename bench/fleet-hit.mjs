import { ConfidentialClientApplication, DistributedCachePlugin } from '@azure/msal-node';
import nock from 'nock';
import { createClient } from 'redis';
import { memoryStore, withAadErrors } from '../dist/index.js';
import { redisCacheClient, redisStore } from '../dist/redis.js';
import { startRedis } from '../scripts/redis-server.mjs';
import { compareAbba } from './measure.mjs';
import { CLIENT_ID, fakeAuthority, HOST, SCOPES, TENANT, tokenBody } from './fake-authority.mjs';

// What the Redis store costs on a cache hit, against the memory store, in one process on one real
// redis-server: the same msal-node client wrapped three ways (no store, memoryStore(), redisStore()),
// called in alternating order (ABBA) within each round so drift hits all alike. A hit should not touch
// Redis at all: the Redis commands sent during the hits are counted. For scale, it also times msal-node's
// own DistributedCachePlugin, which reads Redis on every call, hit or not.
// Prints one JSON line. Run after `npm run build`: `node bench/fleet-hit.mjs`.

function newClient(cachePlugin) {
  return new ConfidentialClientApplication({
    auth: { clientId: CLIENT_ID, authority: `${HOST}/${TENANT}`, clientSecret: 'bench-secret' },
    ...(cachePlugin ? { cache: { cachePlugin } } : {}),
  });
}

export async function run({ rounds = 15, calls = 2000 } = {}) {
  if (!nock.isActive()) nock.activate();
  nock.disableNetConnect();
  nock.enableNetConnect((host) => host.startsWith('127.0.0.1'));
  fakeAuthority();
  nock(HOST).persist().post(`/${TENANT}/oauth2/v2.0/token`).query(true).reply(() => [200, tokenBody()]);
  const server = await startRedis();
  const redis = createClient({ url: server.url, disableOfflineQueue: true });
  redis.on('error', () => {});
  await redis.connect();
  let commands = 0;
  const sendCommand = (...args) => {
    commands++;
    return redis.sendCommand(args);
  };
  try {
    const client = newClient();
    const plain = withAadErrors(client);
    const inMemory = withAadErrors(client, { store: memoryStore() });
    const onRedis = withAadErrors(client, { store: redisStore({ sendCommand }) });
    // The first call of each wrapper is a miss for its fleet layer (it learns the token's lifetime).
    for (const aad of [plain, inMemory, onRedis]) await aad.acquireTokenByClientCredential({ scopes: SCOPES });
    const before = commands;
    const memoryVsRedis = await compareAbba(() => inMemory.acquireTokenByClientCredential({ scopes: SCOPES }), () => onRedis.acquireTokenByClientCredential({ scopes: SCOPES }), { rounds, calls });
    const redisCommandsOnHits = commands - before;
    const plainVsMemory = await compareAbba(() => plain.acquireTokenByClientCredential({ scopes: SCOPES }), () => inMemory.acquireTokenByClientCredential({ scopes: SCOPES }), { rounds, calls });

    // msal-node's distributed cache: a Redis GET and a deserialize on every call, hit or not.
    const distributed = newClient(new DistributedCachePlugin(redisCacheClient({ sendCommand: (...args) => redis.sendCommand(args) }), { getKey: async () => 'bench', extractKey: async () => 'bench' }));
    const distributedAad = withAadErrors(distributed, { store: redisStore({ sendCommand }) });
    await distributedAad.acquireTokenByClientCredential({ scopes: SCOPES });
    const pluginCost = await compareAbba(() => onRedis.acquireTokenByClientCredential({ scopes: SCOPES }), () => distributedAad.acquireTokenByClientCredential({ scopes: SCOPES }), { rounds: Math.max(3, Math.floor(rounds / 3)), calls: Math.max(200, calls / 10) });

    const result = {
      scenario: 'cache-hit-overhead',
      memoryStoreUs: +(memoryVsRedis.aNs / 1000).toFixed(2),
      redisStoreUs: +(memoryVsRedis.bNs / 1000).toFixed(2),
      redisVsMemoryRatio: +memoryVsRedis.ratio.toFixed(3),
      redisOverheadMs: +((memoryVsRedis.bNs - memoryVsRedis.aNs) / 1e6).toFixed(4),
      goalMs: 0.2,
      redisCommandsOnHits,
      memoryStoreVsNoStoreRatio: +plainVsMemory.ratio.toFixed(3),
      withDistributedCachePluginUs: +(pluginCost.bNs / 1000).toFixed(2),
    };
    console.log(JSON.stringify(result));
    return result;
  } finally {
    redis.destroy();
    await server.stop();
    nock.cleanAll();
    nock.enableNetConnect();
    nock.restore();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
