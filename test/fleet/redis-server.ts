// The launcher lives in scripts/ so the benchmarks and the fleet example start Redis the same way.
export { startRedis } from '../../scripts/redis-server.mjs';
export type { RedisServer } from '../../scripts/redis-server.mjs';
