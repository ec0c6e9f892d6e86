// One instance of a service in the fleet: real msal-node with `withAadErrors`, the Redis store and
// msal-node's DistributedCachePlugin on `redisCacheClient` (or, for comparison, an in-memory store and
// msal-node's own in-memory cache), against the simulated Entra ID over loopback HTTP. It is driven by
// harness.mjs over IPC: each command builds or uses a client and replies with what happened.
import { ConfidentialClientApplication, DistributedCachePlugin } from '@azure/msal-node';
import { createClient } from 'redis';
import { aadNetworkClient, isAadError, memoryStore, withAadErrors } from 'aad-error-handler';
import { redisCacheClient, redisStore } from 'aad-error-handler/redis';
import { simulatorNetworkClient } from 'aad-error-handler/testing';

const INSTANCE = Number(process.env.FLEET_INSTANCE);
const CLIENT_ID = '0b7c4e2a-91d3-4f6a-8e15-3c9d2a7f6b40';
const CLIENT_SECRET = 'fleet-example~only-the-simulator-knows-it';
// The stores' command timeout when the harness sets one (the smoke test on a loaded machine); else theirs.
const COMMAND_TIMEOUT = process.env.FLEET_REDIS_TIMEOUT_MS ? { commandTimeoutMs: Number(process.env.FLEET_REDIS_TIMEOUT_MS) } : {};

// The app's own Redis connection, as a service has it. `disableOfflineQueue`: while Redis is away a
// command fails at once instead of waiting in node-redis's queue (the store would time it out anyway).
let redis = null;
async function redisClient() {
  if (redis !== null || !process.env.REDIS_URL) return redis;
  redis = createClient({ url: process.env.REDIS_URL, disableOfflineQueue: true, socket: { reconnectStrategy: (retries) => Math.min(50 * 2 ** retries, 500) } });
  // node-redis reports connection loss as 'error' events; the store logs what matters once.
  redis.on('error', () => {});
  await redis.connect();
  return redis;
}

/** The network module, counting what this instance sent to the token endpoint and what came back. */
function countingNetwork(sent) {
  const remote = simulatorNetworkClient(process.env.SIM_URL);
  const isToken = (url) => url.includes('/oauth2/v2.0/token');
  return {
    sendGetRequestAsync: (url, options, timeout) => remote.sendGetRequestAsync(url, options, timeout),
    async sendPostRequestAsync(url, options) {
      if (!isToken(url)) return remote.sendPostRequestAsync(url, options);
      const at = Date.now();
      try {
        const response = await remote.sendPostRequestAsync(url, options);
        sent.push({ at, answer: String(response.status) });
        return response;
      } catch (error) {
        sent.push({ at, answer: error?.code ?? 'no answer' });
        throw error;
      }
    },
  };
}

let state = null;

/** A fresh client: a cold msal-node cache, a new wrapper, and (for Redis) its own key prefix. */
async function setup({ store: kind, prefix, breaker, retry, lease, distributedCache = kind === 'redis' }) {
  const events = [];
  const sent = [];
  const client = kind === 'redis' ? await redisClient() : null;
  const sendCommand = client === null ? null : (...args) => client.sendCommand(args);
  const logger = {
    info: (record, message) => events.push({ at: Date.now(), kind: 'log', level: 'info', message, record }),
    warn: (record, message) => events.push({ at: Date.now(), kind: 'log', level: 'warn', message, record }),
    error: (record, message) => events.push({ at: Date.now(), kind: 'log', level: 'error', message, record }),
  };
  const store = kind === 'redis' ? redisStore({ sendCommand, prefix: `${prefix}:state`, logger, ...COMMAND_TIMEOUT }) : memoryStore();
  const partitionManager = { getKey: async () => 'app-only', extractKey: async () => 'app-only' };
  const cachePlugin = distributedCache && sendCommand !== null ? new DistributedCachePlugin(redisCacheClient({ sendCommand, prefix: `${prefix}:msal`, logger, ...COMMAND_TIMEOUT }), partitionManager) : undefined;
  const cca = new ConfidentialClientApplication({
    auth: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, authority: process.env.AUTHORITY },
    system: { networkClient: aadNetworkClient({ networkModule: countingNetwork(sent) }) },
    ...(cachePlugin ? { cache: { cachePlugin } } : {}),
  });
  const aad = withAadErrors(cca, {
    store,
    ...(breaker === undefined ? {} : { breaker: breaker === false ? false : { ...breaker, onStateChange: (change) => events.push({ at: Date.now(), kind: 'breaker', change }) } }),
    ...(retry === undefined ? {} : { retry }),
    ...(lease === undefined ? {} : { lease }),
    logger,
    onRetry: (decision, attempt, delayMs) => events.push({ at: Date.now(), kind: 'retry', attempt, delayMs, status: decision.upstreamStatus, code: decision.code, retryAfterMs: decision.retryAfterMs }),
  });
  state = { cca, aad, events, sent };
  return { ok: true };
}

/** One call; never throws: the outcome says what happened. */
async function call(scope) {
  const started = Date.now();
  try {
    const result = await state.aad.acquireTokenByClientCredential({ scopes: [scope] });
    return { ok: typeof result?.accessToken === 'string' && result.accessToken.length > 0, started, ms: Date.now() - started };
  } catch (error) {
    const ms = Date.now() - started;
    // An AadError says what to do next; how long the call took tells a fail-fast (open circuit) from a give-up after retries.
    const reason = isAadError(error)
      ? `AadError ${error.decision.action}${error.decision.upstreamStatus ? ` ${error.decision.upstreamStatus}` : ''}${ms < 100 ? ' at once' : ' after waiting'}`
      : `${error?.name ?? 'Error'}: ${String(error?.message ?? error).slice(0, 120)}`;
    return { ok: false, started, ms, reason, retryAfterMs: isAadError(error) ? error.decision.retryAfterMs : null };
  }
}

function summary(outcomes, since) {
  const failures = {};
  for (const outcome of outcomes) if (!outcome.ok) failures[outcome.reason] = (failures[outcome.reason] ?? 0) + 1;
  return {
    instance: INSTANCE,
    calls: outcomes.length,
    ok: outcomes.filter((outcome) => outcome.ok).length,
    failures,
    sent: state.sent.filter((request) => request.at >= since),
    events: state.events.filter((event) => event.at >= since),
  };
}

/** `callers` concurrent calls for the same scope. */
async function burst({ callers, scope }) {
  const since = Date.now();
  const outcomes = await Promise.all(Array.from({ length: callers }, () => call(scope)));
  return summary(outcomes, since);
}

/** Calls one after the other for `durationMs`, each `intervalMs` apart; `freshScopes` makes every call a cache miss. */
async function loop({ durationMs, intervalMs, scope, freshScopes = false, callers = 1 }) {
  const since = Date.now();
  const outcomes = [];
  let n = 0;
  await Promise.all(
    Array.from({ length: callers }, async (_, caller) => {
      while (Date.now() - since < durationMs) {
        const next = Date.now() + intervalMs;
        outcomes.push(await call(freshScopes ? `api://fleet-${INSTANCE}-${caller}-${n++}/.default` : scope));
        const wait = next - Date.now();
        if (wait > 0) await new Promise((done) => setTimeout(done, wait));
      }
    }),
  );
  return summary(outcomes, since);
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/**
 * The cost of a cache hit through the wrapper with no store, the memory store and the Redis store, on
 * one warm msal-node client: rounds alternate between them so load on the machine hits all alike.
 */
async function overhead({ calls, rounds, prefix }) {
  const client = await redisClient();
  const cca = new ConfidentialClientApplication({
    auth: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, authority: process.env.AUTHORITY },
    system: { networkClient: aadNetworkClient({ networkModule: simulatorNetworkClient(process.env.SIM_URL) }) },
  });
  const request = { scopes: ['https://graph.microsoft.com/.default'] };
  const arms = {
    msal: cca,
    none: withAadErrors(cca),
    memory: withAadErrors(cca, { store: memoryStore() }),
    redis: withAadErrors(cca, { store: redisStore({ sendCommand: (...args) => client.sendCommand(args), prefix: `${prefix}:state` }) }),
  };
  for (const arm of Object.values(arms)) for (let i = 0; i < 200; i++) await arm.acquireTokenByClientCredential(request);
  const perCall = Object.fromEntries(Object.keys(arms).map((name) => [name, []]));
  let redisCommands = 0;
  for (let round = 0; round < rounds; round++) {
    for (const [name, arm] of Object.entries(arms)) {
      const before = name === 'redis' ? await commandCount(client) : 0;
      const start = process.hrtime.bigint();
      for (let i = 0; i < calls; i++) await arm.acquireTokenByClientCredential(request);
      perCall[name].push(Number(process.hrtime.bigint() - start) / 1e6 / calls);
      // INFO counts itself once: what is left is what the cache hits sent to Redis.
      if (name === 'redis') redisCommands += (await commandCount(client)) - before - 1;
    }
  }
  return { medians: Object.fromEntries(Object.entries(perCall).map(([name, values]) => [name, median(values)])), redisCommandsPerHit: redisCommands / (calls * rounds) };
}

async function commandCount(client) {
  const info = await client.sendCommand(['INFO', 'stats']);
  return Number(/total_commands_processed:(\d+)/.exec(String(info))?.[1] ?? Number.NaN);
}

const COMMANDS = { ready: async () => ({ ok: true }), setup, burst, loop, overhead };

process.on('message', async (message) => {
  if (message.cmd === 'exit') {
    await redis?.quit().catch(() => {});
    process.exit(0);
  }
  try {
    process.send({ id: message.id, ...(await COMMANDS[message.cmd](message)) });
  } catch (error) {
    process.send({ id: message.id, error: String(error?.stack ?? error) });
  }
});
process.on('disconnect', () => process.exit(0));
