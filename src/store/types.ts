// The store contract. What instances of a service share about Entra ID — throttle waits, leases,
// circuit state and interaction-required memory — goes through these few operations, so a backend
// (memory, Redis, or one of your own) only has to implement them. Values are short strings of
// identifiers and numbers: never a token, a secret or upstream text.

/** One stored value and the instant it ends, in epoch milliseconds. */
export interface StoreEntry {
  readonly until: number;
  readonly value: string;
}

/** How a circuit opens: after `threshold` consecutive failures it stays open for `coolDownMs`. */
export interface CircuitPolicy {
  readonly threshold: number;
  readonly coolDownMs: number;
  /** How long the circuit's record lives after its last write, in milliseconds. */
  readonly ttlMs: number;
}

/** A circuit's record as `get` returns its value: see `encodeCircuit` / `decodeCircuit`. */
export interface CircuitRecord {
  /** Consecutive failures counted since the circuit last closed or opened. */
  readonly failures: number;
  /** When the open period ends, in epoch milliseconds; 0 when the circuit has not opened. */
  readonly openUntil: number;
  /** What the failure that opened it (or the last one counted) was, in the wrapper's own encoding. */
  readonly detail: string;
}

/**
 * Where `withAadErrors` keeps state shared across instances. `memoryStore()` is the in-process
 * default; `redisStore()` (from `aad-error-handler/redis`) shares it across a fleet.
 *
 * Every method takes the caller's clock (`now`, epoch milliseconds) so expiry follows one clock, and
 * every method resolves: a store whose backend is slow or down answers from local memory instead of
 * failing a token request. Every key written has an expiry.
 */
export interface AadStore {
  /** `'memory'`, `'redis'`, or your backend's name; for logs. */
  readonly kind: string;
  /** The entries under `keys`, in order, in one round trip; `undefined` where there is none or it has ended. */
  get(keys: readonly string[], now: number): Promise<ReadonlyArray<StoreEntry | undefined>>;
  /** Stores `value` until `until`, unless the key already holds an entry that ends at or after `until`. Atomic. */
  extend(key: string, value: string, until: number, now: number): Promise<void>;
  /** Removes the keys. */
  delete(keys: readonly string[]): Promise<void>;
  /** Takes the lease `key` for `ttlMs` if no one holds it (SET NX PX); true when taken. Its entry's value is `owner`. */
  acquireLease(key: string, owner: string, ttlMs: number, now: number): Promise<boolean>;
  /** Gives the lease back, only if `owner` still holds it. Atomic. */
  releaseLease(key: string, owner: string): Promise<void>;
  /**
   * Counts one failure against the circuit `key`, atomically. The circuit opens — until
   * `now + coolDownMs`, its count reset and `probeKey` removed — when the count reaches the threshold,
   * or at once when its open period has already ended (half-open: the probe failed). A failure while
   * it is open is not counted. Stores `detail`. Returns the new open-until when this call opened it, else null.
   */
  recordFailure(key: string, probeKey: string, detail: string, policy: CircuitPolicy, now: number): Promise<number | null>;
  /**
   * Optional: true while the store answers from local memory because its shared backend is slow or
   * away (`redisStore()` does). The wrapper is then more careful: an open circuit it saw on the shared
   * store keeps it failing fast, as the local memory knows nothing of it.
   */
  isLocal?(): boolean;
}

/** The value a circuit's entry holds. */
export function encodeCircuit(record: CircuitRecord): string {
  return `${record.failures}|${record.openUntil}|${record.detail}`;
}

/** Reads a circuit's value; a value that is not one reads as a closed circuit with no failures. */
export function decodeCircuit(value: string | undefined): CircuitRecord {
  const match = value === undefined ? null : /^(\d{1,15})\|(\d{1,16})\|/.exec(value);
  if (match === null || value === undefined) return { failures: 0, openUntil: 0, detail: '' };
  return { failures: Number(match[1]), openUntil: Number(match[2]), detail: value.slice(match[0].length) };
}

/**
 * The circuit arithmetic of `recordFailure`, shared by the memory store and (as Lua) the Redis store:
 * the record after one more failure, and whether it opened.
 */
export function nextCircuit(current: CircuitRecord, detail: string, policy: CircuitPolicy, now: number): { record: CircuitRecord; opened: number | null } {
  if (current.openUntil > now) return { record: current, opened: null };
  const failures = current.openUntil > 0 ? policy.threshold : current.failures + 1;
  if (failures >= policy.threshold) {
    const openUntil = now + policy.coolDownMs;
    return { record: { failures: 0, openUntil, detail }, opened: openUntil };
  }
  return { record: { failures, openUntil: 0, detail }, opened: null };
}
