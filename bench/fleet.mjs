// `npm run bench:fleet`: a fleet of worker processes (real msal-node, withAadErrors) against the
// simulated Entra ID (`aadsts simulate`, its own process) and a real redis-server, each scenario run
// with the in-memory store and with the Redis store (+ msal-node's DistributedCachePlugin on
// redisCacheClient). One JSON line per scenario, the two stores side by side.
//
//   a  8 processes × 50 concurrent callers, cold cache → token requests to Entra (goal: Redis exactly 1)
//   b  the first token request is answered 429 Retry-After: 2 → every caller succeeds, ≤ 2 token
//      requests, none inside the window
//   c  Entra down 10 s (connections reset) while 8 processes keep asking (each call a cache miss) →
//      token requests during the outage (goal with the shared breaker: ≤ 8 + 1 probe per cool-down)
//   d  Redis stopped for 5 s mid-run → callers that fail because of Redis (goal: 0)
//   e  the Redis store's overhead on a cache hit, median ms per call (goal ≤ 0.2 ms)
//
// FLEET_PROCESSES (8), FLEET_CALLERS (50), FLEET_LATENCY_MS (the simulator's delay per answer, 50)
// and FLEET_SCENARIOS (e.g. "a,b") change the run. Run `npm run build` first (the script does).
import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { REDIS_MISSING, findRedisServer, startRedis, startSimulator, startWorkers } from '../examples/fleet/harness.mjs';

const PROCESSES = Number(process.env.FLEET_PROCESSES ?? 8);
const CALLERS = Number(process.env.FLEET_CALLERS ?? 50);
const LATENCY_MS = Number(process.env.FLEET_LATENCY_MS ?? 50);
const SCENARIOS = new Set((process.env.FLEET_SCENARIOS ?? 'a,b,c,d,e').split(','));
const GRAPH = 'https://graph.microsoft.com/.default';
const BREAKER = { failureThreshold: 5, coolDownMs: 2000 };

if (findRedisServer() === null && !process.env.REDIS_URL) {
  console.error(REDIS_MISSING);
  process.exit(1);
}

const simulator = await startSimulator({ latencyMs: LATENCY_MS });
const redis = await startRedis();
const fleet = await startWorkers(PROCESSES, { simulator, redisUrl: redis.url });
const { admin } = simulator;

function print(line) {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

const sum = (replies, pick) => replies.reduce((total, reply) => total + pick(reply), 0);
function failuresOf(replies) {
  const all = {};
  for (const reply of replies) for (const [reason, count] of Object.entries(reply.failures ?? {})) all[reason] = (all[reason] ?? 0) + count;
  return all;
}
/** How many processes' stores gave up on Redis for a while (a command past its 50 ms timeout, or Redis away). */
function degraded(replies) {
  return replies.filter((reply) => (reply.events ?? []).some((event) => event.kind === 'log' && event.level === 'warn' && /not answering/.test(event.message))).length;
}
function checked(replies) {
  const broken = replies.find((reply) => reply.error);
  if (broken) throw new Error(broken.error);
  return replies;
}

/** A fresh start for a scenario: the simulator's scripts and counts, cold msal-node caches, new Redis keys. */
async function fresh(store, options = {}) {
  await admin.reset();
  checked(await fleet.run({ cmd: 'setup', store, prefix: `bench:${randomUUID()}`, ...options }));
}

async function coldCache(store) {
  await fresh(store);
  const replies = checked(await fleet.run({ cmd: 'burst', callers: CALLERS, scope: GRAPH }));
  const stats = await admin.stats();
  return { tokenRequests: stats.tokenRequests, callers: PROCESSES * CALLERS, callersWithToken: sum(replies, (reply) => reply.ok), processesOnLocalMemory: degraded(replies) };
}

async function throttled(store) {
  await fresh(store);
  await admin.fail({ status: 429, retryAfter: 2 });
  const replies = checked(await fleet.run({ cmd: 'burst', callers: CALLERS, scope: GRAPH }));
  const tokens = (await admin.requests()).filter((request) => request.endpoint === 'token');
  const first = tokens.find((request) => request.status === 429);
  const insideWindow = first === undefined ? 0 : tokens.filter((request) => request !== first && request.at >= first.at && request.at < first.at + 2000).length;
  return {
    tokenRequests: tokens.length,
    answers: (await admin.stats()).tokenAnswers,
    sentInsideWindow: insideWindow,
    processesThatSent: replies.filter((reply) => reply.sent.length > 0).length,
    callers: PROCESSES * CALLERS,
    callersWithToken: sum(replies, (reply) => reply.ok),
    processesOnLocalMemory: degraded(replies),
  };
}

async function outage(store) {
  await fresh(store, { breaker: BREAKER });
  const outageMs = 10_000;
  // One caller per process, each call a cache miss (a new scope), ten a second.
  const running = fleet.run({ cmd: 'loop', durationMs: 2000 + outageMs + 3000, intervalMs: 100, freshScopes: true });
  await delay(2000);
  const before = await admin.stats();
  const downAt = Date.now();
  await admin.down({ seconds: outageMs / 1000, mode: 'reset' });
  await delay(outageMs);
  const during = await admin.stats();
  const replies = checked(await running);
  // Where the requests in the outage fell: before the circuit first opened anywhere, or after it.
  const inOutage = replies.flatMap((reply) => reply.sent).filter((request) => request.at >= downAt && request.at < downAt + outageMs);
  const breakerEvents = replies.flatMap((reply) => reply.events).filter((event) => event.kind === 'breaker' && event.at >= downAt && event.at < downAt + outageMs);
  const firstOpen = Math.min(...breakerEvents.filter((event) => event.change.state === 'open').map((event) => event.at));
  return {
    tokenRequestsDuringOutage: during.outageTokenRequests,
    bound: PROCESSES + Math.ceil(outageMs / BREAKER.coolDownMs),
    sentBeforeCircuitOpened: inOutage.filter((request) => request.at < firstOpen).length,
    sentAfterCircuitOpened: inOutage.filter((request) => request.at >= firstOpen).length,
    probes: breakerEvents.filter((event) => event.change.state === 'half_open').length,
    tokenRequestsBefore: before.tokenRequests,
    calls: sum(replies, (reply) => reply.calls),
    callsOk: sum(replies, (reply) => reply.ok),
    failures: failuresOf(replies),
    processesOnLocalMemory: degraded(replies),
  };
}

async function redisDown(store) {
  await fresh(store);
  // Four callers per process: three on one scope (cache hits after the first), one on a new scope each call (misses).
  const hits = fleet.run({ cmd: 'loop', durationMs: 13_000, intervalMs: 20, scope: GRAPH, callers: 3 });
  const misses = fleet.run({ cmd: 'loop', durationMs: 13_000, intervalMs: 250, freshScopes: true });
  let stoppedMs = null;
  if (store === 'redis') {
    await delay(4000);
    const stoppedAt = Date.now();
    await redis.pause();
    await delay(5000);
    await redis.resume();
    stoppedMs = Date.now() - stoppedAt;
  }
  const replies = [...checked(await hits), ...checked(await misses)];
  const failures = failuresOf(replies);
  return {
    redisStoppedMs: stoppedMs,
    calls: sum(replies, (reply) => reply.calls),
    callsOk: sum(replies, (reply) => reply.ok),
    failed: sum(replies, (reply) => reply.calls - reply.ok),
    failures,
    tokenRequests: (await admin.stats()).tokenRequests,
  };
}

async function cacheHitOverhead() {
  await admin.reset();
  const [reply] = checked([await fleet.workers[0].send({ cmd: 'overhead', calls: 2000, rounds: 7, prefix: `bench:${randomUUID()}` })]);
  const { msal, none, memory, redis: onRedis } = reply.medians;
  const round = (ms) => Math.round(ms * 10_000) / 10_000;
  return {
    medianMsPerCall: { msal: round(msal), wrapperWithoutStore: round(none), memoryStore: round(memory), redisStore: round(onRedis) },
    redisStoreOverheadMs: round(onRedis - memory),
    redisStoreVsNoStoreMs: round(onRedis - none),
    redisCommandsPerHit: reply.redisCommandsPerHit,
  };
}

const started = Date.now();
try {
  print({ bench: 'fleet', processes: PROCESSES, callers: CALLERS, simulatorLatencyMs: LATENCY_MS, redis: redis.external ? 'REDIS_URL' : 'redis-server (temporary)', node: process.version });
  if (SCENARIOS.has('a')) {
    const memory = await coldCache('memory');
    const onRedis = await coldCache('redis');
    print({ scenario: 'a: cold cache, concurrent callers', memory, redis: onRedis, goal: 'redis.tokenRequests = 1, every caller gets a token', met: onRedis.tokenRequests === 1 && onRedis.callersWithToken === onRedis.callers });
  }
  if (SCENARIOS.has('b')) {
    const memory = await throttled('memory');
    const onRedis = await throttled('redis');
    print({ scenario: 'b: first token request 429 Retry-After 2', memory, redis: onRedis, goal: 'redis: every caller succeeds, ≤ 2 token requests, none inside the window', met: onRedis.callersWithToken === onRedis.callers && onRedis.tokenRequests <= 2 && onRedis.sentInsideWindow === 0 });
  }
  if (SCENARIOS.has('c')) {
    const memory = await outage('memory');
    const onRedis = await outage('redis');
    print({ scenario: 'c: Entra down 10 s, breaker { failureThreshold: 5, coolDownMs: 2000 }', memory, redis: onRedis, goal: `redis: token requests during the outage ≤ ${onRedis.bound} (8 + 1 probe per cool-down)`, met: onRedis.tokenRequestsDuringOutage <= onRedis.bound });
  }
  if (SCENARIOS.has('d')) {
    const memory = await redisDown('memory');
    const onRedis = await redisDown('redis');
    print({ scenario: 'd: Redis stopped 5 s mid-run (memory: no Redis to stop)', memory, redis: onRedis, goal: 'redis: 0 callers fail because of Redis', met: onRedis.failed === 0 });
  }
  if (SCENARIOS.has('e')) {
    const figures = await cacheHitOverhead();
    print({ scenario: 'e: Redis store overhead on a cache hit', ...figures, goal: 'redisStoreOverheadMs ≤ 0.2', met: figures.redisStoreOverheadMs <= 0.2 });
  }
  print({ done: true, seconds: Math.round((Date.now() - started) / 1000) });
} finally {
  await fleet.stop();
  await simulator.stop();
  await redis.stop();
}
