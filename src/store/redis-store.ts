import { defaultLogger, type AadLogger } from '../logger.js';
import { MemoryStore } from './memory-store.js';
import { type SendCommand, RedisCommands } from './redis-commands.js';
import { EXTEND, RECORD_FAILURE, RELEASE } from './redis-scripts.js';
import { validateRedisOptions } from './redis-options.js';
import type { AadStore, CircuitPolicy, StoreEntry } from './types.js';

/** Options for `redisStore`. */
export interface RedisStoreOptions {
  /**
   * Sends one command to your Redis client. node-redis 4/5: `(...args) => client.sendCommand(args)`;
   * ioredis: `(command, ...args) => client.call(command, ...args)`.
   */
  readonly sendCommand: SendCommand;
  /** Prepended, with a colon, to every key. @default 'aad-error-handler' */
  readonly prefix?: string;
  /**
   * How long one command may take, in milliseconds. Past it the store answers from local memory, so a
   * slow Redis never holds up a token request for longer than this.
   * @default 50
   */
  readonly commandTimeoutMs?: number;
  /** After a failed or timed-out command, how long to stay on local memory before trying Redis again, in milliseconds. @default 1000 */
  readonly retryIntervalMs?: number;
  /** Receives one warning when Redis stops answering and one notice when it answers again. @default NODE_DEBUG=aad-error-handler */
  readonly logger?: AadLogger;
}

const ENTRY = /^(\d{1,16})\|/;

function text(reply: unknown): string | undefined {
  if (typeof reply === 'string') return reply;
  return reply instanceof Uint8Array ? Buffer.from(reply).toString('utf8') : undefined;
}

/** `<until>|<value>` → the entry, or undefined when it is not one or has ended. */
function decodeEntry(reply: unknown, now: number): StoreEntry | undefined {
  const raw = text(reply);
  if (raw === undefined) return undefined;
  const match = ENTRY.exec(raw);
  if (match === null) return undefined;
  const until = Number(match[1]);
  return until > now ? { until, value: raw.slice(match[0].length) } : undefined;
}

/** A whole, positive number of milliseconds for PX. */
/**
 * The least time a lease command (SET NX) is given. A lease taken on local memory because Redis was a
 * little slow sends a token request the fleet would have shared (and a SET that Redis carried out after
 * the store gave up on it holds the lease until it is released); a cache miss is about to wait for
 * Entra ID anyway, so it can afford a longer wait for the lease than other commands.
 */
export const LEASE_TIMEOUT_FLOOR_MS = 250;

function px(ms: number): string {
  return String(Math.max(1, Math.ceil(ms)));
}

/**
 * The Redis store: every operation is one command or one Lua script, with a timeout. While Redis is
 * slow or away, the same operations run on a local `MemoryStore`, so token requests go on (each
 * instance then coordinates only with itself) and shared state resumes when Redis answers again.
 */
class RedisStore implements AadStore {
  readonly kind = 'redis';
  readonly #redis: RedisCommands;
  readonly #prefix: string;
  readonly #local = new MemoryStore();
  readonly #leaseTimeoutMs: number;

  constructor(redis: RedisCommands, prefix: string, commandTimeoutMs: number) {
    this.#redis = redis;
    this.#prefix = prefix;
    this.#leaseTimeoutMs = Math.max(commandTimeoutMs, LEASE_TIMEOUT_FLOOR_MS);
  }

  /** True while Redis is not answering and the store answers from local memory. */
  isLocal(): boolean {
    return this.#redis.down;
  }

  async get(keys: readonly string[], now: number): Promise<ReadonlyArray<StoreEntry | undefined>> {
    if (keys.length === 0) return [];
    const answer = this.#redis.available ? await this.#redis.run(['MGET', ...keys.map((key) => this.#key(key))]) : undefined;
    if (answer === undefined || !Array.isArray(answer.reply)) return this.#local.get(keys, now);
    const replies = answer.reply as unknown[];
    return keys.map((_, index) => decodeEntry(replies[index], now));
  }

  async extend(key: string, value: string, until: number, now: number): Promise<void> {
    if (until <= now) return;
    const done = this.#redis.available ? await this.#redis.script(EXTEND, [this.#key(key)], [String(until), value, px(until - now)]) : undefined;
    if (done === undefined) await this.#local.extend(key, value, until, now);
  }

  async delete(keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    // Local copies go too: they were written while Redis was away and would otherwise outlive the delete.
    await this.#local.delete(keys);
    if (this.#redis.available) await this.#redis.run(['DEL', ...keys.map((key) => this.#key(key))]);
  }

  async acquireLease(key: string, owner: string, ttlMs: number, now: number): Promise<boolean> {
    // Asked of Redis even while the store is on local memory for everything else: a lease taken locally
    // is a token request the fleet would have shared, and a cache miss can afford one more round trip.
    // A Redis that is down refuses at once (no offline queue); one that does not answer costs the timeout.
    const answer = await this.#redis.run(['SET', this.#key(key), `${now + ttlMs}|${owner}`, 'NX', 'PX', px(ttlMs)], this.#leaseTimeoutMs);
    if (answer === undefined) return this.#local.acquireLease(key, owner, ttlMs, now);
    return text(answer.reply) === 'OK';
  }

  async releaseLease(key: string, owner: string): Promise<void> {
    await this.#local.releaseLease(key, owner);
    // Tried even while Redis is considered down: a SET that timed out may still have taken the lease in
    // Redis, and the release (only ever of our own lease) is what lets the followers go on.
    await this.#redis.script(RELEASE, [this.#key(key)], [owner]);
  }

  async recordFailure(key: string, probeKey: string, detail: string, policy: CircuitPolicy, now: number): Promise<number | null> {
    const args = [String(now), String(policy.threshold), String(policy.coolDownMs), String(policy.ttlMs), detail];
    const answer = this.#redis.available ? await this.#redis.script(RECORD_FAILURE, [this.#key(key), this.#key(probeKey)], args) : undefined;
    if (answer === undefined) return this.#local.recordFailure(key, probeKey, detail, policy, now);
    const opened = Number(text(answer.reply) ?? answer.reply);
    return Number.isFinite(opened) && opened > 0 ? opened : null;
  }

  #key(key: string): string {
    return `${this.#prefix}:${key}`;
  }
}

/**
 * A store on Redis for `withAadErrors({ store })`: every instance of a service sees the same throttle
 * waits, token-request leases, circuit state and interaction-required memory. Bring your own client
 * through `sendCommand`; no Redis client is a dependency of this package.
 *
 * @example
 * // node-redis 4/5
 * const store = redisStore({ sendCommand: (...args) => client.sendCommand(args) });
 * // ioredis 5
 * const store = redisStore({ sendCommand: (command, ...args) => client.call(command, ...args) });
 */
export function redisStore(options: RedisStoreOptions): AadStore {
  const valid = validateRedisOptions('redisStore', options, { retryIntervalMs: true });
  const commands = new RedisCommands(valid.sendCommand, valid.commandTimeoutMs, valid.retryIntervalMs, valid.logger ?? defaultLogger(), 'store');
  return new RedisStore(commands, valid.prefix, valid.commandTimeoutMs);
}
