import { decodeCircuit, encodeCircuit, nextCircuit, type AadStore, type CircuitPolicy, type StoreEntry } from './types.js';

/** Entries kept at most; past it, ended entries and then the oldest-written go first. Every entry is small (≤ 1 KB). */
const MAX_ENTRIES = 10_000;

/**
 * The in-process store: the same operations as the Redis store, on a Map. Shared by every wrapper in
 * the process that is given the same instance, and the Redis store's fallback while Redis is away.
 */
export class MemoryStore implements AadStore {
  readonly kind = 'memory';
  readonly #entries = new Map<string, StoreEntry>();

  get(keys: readonly string[], now: number): Promise<ReadonlyArray<StoreEntry | undefined>> {
    return Promise.resolve(keys.map((key) => this.read(key, now)));
  }

  extend(key: string, value: string, until: number, now: number): Promise<void> {
    const current = this.read(key, now);
    if (current === undefined || current.until < until) this.#write(key, { until, value }, now);
    return Promise.resolve();
  }

  delete(keys: readonly string[]): Promise<void> {
    for (const key of keys) this.#entries.delete(key);
    return Promise.resolve();
  }

  acquireLease(key: string, owner: string, ttlMs: number, now: number): Promise<boolean> {
    if (this.read(key, now) !== undefined) return Promise.resolve(false);
    this.#write(key, { until: now + ttlMs, value: owner }, now);
    return Promise.resolve(true);
  }

  releaseLease(key: string, owner: string): Promise<void> {
    if (this.#entries.get(key)?.value === owner) this.#entries.delete(key);
    return Promise.resolve();
  }

  recordFailure(key: string, probeKey: string, detail: string, policy: CircuitPolicy, now: number): Promise<number | null> {
    const { record, opened } = nextCircuit(decodeCircuit(this.read(key, now)?.value), detail, policy, now);
    this.#write(key, { until: now + policy.ttlMs, value: encodeCircuit(record) }, now);
    if (opened !== null) this.#entries.delete(probeKey);
    return Promise.resolve(opened);
  }

  /** The live entry under `key`, synchronously; an ended one is removed. */
  read(key: string, now: number): StoreEntry | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.until <= now) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry;
  }

  get size(): number {
    return this.#entries.size;
  }

  #write(key: string, entry: StoreEntry, now: number): void {
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    if (this.#entries.size > MAX_ENTRIES) this.#sweep(now);
  }

  /** Drops ended entries, then, if still over the bound, the oldest-written ones. */
  #sweep(now: number): void {
    for (const [key, entry] of this.#entries) if (entry.until <= now) this.#entries.delete(key);
    for (const key of this.#entries.keys()) {
      if (this.#entries.size <= MAX_ENTRIES * 0.9) break;
      this.#entries.delete(key);
    }
  }
}

/**
 * An in-process store for `withAadErrors({ store })`: throttle waits, the circuit breaker and
 * interaction-required memory shared by every wrapper given the same store, within one process.
 * For a fleet, use `redisStore()` from `aad-error-handler/redis`.
 *
 * @example
 * const store = memoryStore();
 * const aad = withAadErrors(cca, { store });
 */
export function memoryStore(): AadStore {
  return new MemoryStore();
}
