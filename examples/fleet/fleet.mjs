// `npm run example:fleet`: four instances of one daemon share their Entra ID state on Redis. It starts
// a simulated Entra ID (`aadsts simulate`, its own process), a throwaway redis-server and four worker
// processes (worker.mjs: msal-node + withAadErrors + redisStore + DistributedCachePlugin on
// redisCacheClient), then prints what each instance did
//   1. on a cold start (one token request for the whole fleet),
//   2. when Entra ID throttles (429 Retry-After: 2: one instance asks, every instance waits it out),
//   3. in an outage (connections reset for 6 s: the shared circuit breaker stops the fleet asking).
//
// Run `npm run build` first (the npm script does). REDIS_URL=redis://… uses your Redis instead.
import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { REDIS_MISSING, findRedisServer, startRedis, startSimulator, startWorkers } from './harness.mjs';

const INSTANCES = 4;
const GRAPH = 'https://graph.microsoft.com/.default';

/**
 * Runs the walkthrough and returns what it measured.
 * @param {{ log?: { log(line: string): void }, outageSeconds?: number, redisCommandTimeoutMs?: number }} [options]
 *   `redisCommandTimeoutMs`: the stores' command timeout (default theirs, 50 ms for redisStore)
 */
export async function runFleetExample({ log = console, outageSeconds = 6, redisCommandTimeoutMs } = {}) {
  if (findRedisServer() === null && !process.env.REDIS_URL) throw new Error(REDIS_MISSING);
  const simulator = await startSimulator({ latencyMs: 50 });
  const redis = await startRedis();
  const fleet = await startWorkers(INSTANCES, { simulator, redisUrl: redis.url, redisCommandTimeoutMs });
  const { admin } = simulator;
  const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;
  const measured = {};

  const describeSent = (sent, t0) => (sent.length === 0 ? 'sent no token request' : `sent ${sent.length} token request${sent.length === 1 ? '' : 's'} (${sent.map((request) => `${request.answer} at +${seconds(request.at - t0)}`).join(', ')})`);
  const describeRetries = (events) => {
    const retries = events.filter((event) => event.kind === 'retry');
    return retries.length === 0 ? '' : `; waited ${retries.map((event) => `${event.delayMs} ms after a ${event.status ?? 'failed'} answer`).join(', ')}`;
  };
  // The store's own warnings (Redis slow or away: it carries on from local memory) are worth seeing.
  const logWarnings = (reply) => {
    for (const event of reply.events) if (event.kind === 'log' && event.level !== 'info' && !event.message.includes('circuit')) log.log(`      (instance ${reply.instance}'s logger, ${event.level}: ${event.message})`);
  };
  const check = (replies) => {
    const broken = replies.find((reply) => reply.error);
    if (broken) throw new Error(broken.error);
    return replies;
  };

  try {
    log.log(`A fleet of ${INSTANCES} instances: msal-node + withAadErrors with redisStore and msal-node's DistributedCachePlugin on redisCacheClient`);
    log.log(`  Redis:        ${redis.url}${redis.external ? ' (REDIS_URL)' : ' (a temporary redis-server)'}`);
    log.log(`  Entra ID:     simulated at ${simulator.url}; the instances keep the authority ${simulator.authority}`);
    log.log('');

    // 1. Cold start
    await admin.reset();
    check(await fleet.run({ cmd: 'setup', store: 'redis', prefix: `example:${randomUUID()}` }));
    log.log(`1. Cold start: each instance gets 10 concurrent calls for ${GRAPH}`);
    let t0 = Date.now();
    let replies = check(await fleet.run({ cmd: 'burst', callers: 10, scope: GRAPH }));
    for (const reply of replies) {
      log.log(`   instance ${reply.instance}: ${reply.ok}/${reply.calls} callers got a token; ${describeSent(reply.sent, t0)}${reply.sent.length === 0 ? ': read the token another instance got, from Redis' : ''}`);
      logWarnings(reply);
    }
    measured.coldStart = (await admin.stats()).tokenRequests;
    log.log(`   Entra ID saw ${measured.coldStart} token request${measured.coldStart === 1 ? '' : 's'} for the whole fleet.`);
    log.log('');

    // 2. Throttle
    await admin.reset();
    check(await fleet.run({ cmd: 'setup', store: 'redis', prefix: `example:${randomUUID()}` }));
    await admin.fail({ status: 429, retryAfter: 2 });
    log.log('2. Throttle: Entra ID answers the next token request with 429 and Retry-After: 2 (cold caches again)');
    t0 = Date.now();
    replies = check(await fleet.run({ cmd: 'burst', callers: 10, scope: GRAPH }));
    for (const reply of replies) {
      log.log(`   instance ${reply.instance}: ${reply.ok}/${reply.calls} callers got a token; ${describeSent(reply.sent, t0)}${describeRetries(reply.events)}`);
      logWarnings(reply);
    }
    const tokens = (await admin.requests()).filter((request) => request.endpoint === 'token');
    const throttledAt = tokens.find((request) => request.status === 429)?.at ?? 0;
    measured.throttle = { tokenRequests: tokens.length, insideWindow: tokens.filter((request) => request.at > throttledAt && request.at < throttledAt + 2000).length };
    log.log(`   Entra ID saw ${tokens.length} token requests: ${tokens.map((request) => `${request.status} at +${seconds(request.at - t0)}`).join(', ')}; ${measured.throttle.insideWindow} inside the 2 s window.`);
    log.log('');

    // 3. Outage
    await admin.reset();
    const breaker = { failureThreshold: 3, coolDownMs: 2000 };
    check(await fleet.run({ cmd: 'setup', store: 'redis', prefix: `example:${randomUUID()}`, breaker }));
    log.log(`3. Outage: Entra ID resets every connection for ${outageSeconds} s while each instance asks for a new token (a cache miss) every 200 ms`);
    log.log(`   breaker: { failureThreshold: ${breaker.failureThreshold}, coolDownMs: ${breaker.coolDownMs} }, shared through Redis`);
    const running = fleet.run({ cmd: 'loop', durationMs: 1000 + outageSeconds * 1000 + 2000, intervalMs: 200, freshScopes: true });
    await delay(1000);
    t0 = Date.now();
    await admin.down({ seconds: outageSeconds, mode: 'reset' });
    await delay(outageSeconds * 1000);
    const outageStats = await admin.stats();
    replies = check(await running);
    for (const reply of replies) {
      const inOutage = reply.sent.filter((request) => request.at >= t0 && request.at < t0 + outageSeconds * 1000);
      const states = reply.events.filter((event) => event.kind === 'breaker').map((event) => `${event.change.state} at +${seconds(event.at - t0)}`);
      const failures = Object.entries(reply.failures).map(([reason, count]) => `${count} × ${reason}`).join(', ');
      log.log(`   instance ${reply.instance}: ${reply.calls} calls, ${reply.ok} ok${failures ? `, failed: ${failures}` : ''}`);
      log.log(`      during the outage ${describeSent(inOutage, t0)}`);
      if (states.length > 0) log.log(`      circuit (as this instance moved it): ${states.join(', ')}`);
      logWarnings(reply);
    }
    measured.outage = outageStats.outageTokenRequests;
    log.log(`   Entra ID saw ${measured.outage} token requests in ${outageSeconds} s of outage, from ${INSTANCES} instances; after it, the fleet got tokens again.`);
    return measured;
  } finally {
    await fleet.stop();
    await simulator.stop();
    await redis.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runFleetExample().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
