import { log, type AadLogger } from '../logger.js';
import type { AadStore, CircuitPolicy, StoreEntry } from './types.js';

// The stores of this package never reject; a store of your own might, or might answer in a shape it
// should not. Either way a token request must not fail because of it: the wrapper reads every store
// through this guard, which turns a failure into "nothing known" (and a lease into "go ahead alone",
// which is what every instance does without a store), and logs the first one.

function isEntry(value: unknown): value is StoreEntry {
  return typeof value === 'object' && value !== null && typeof (value as StoreEntry).until === 'number' && typeof (value as StoreEntry).value === 'string';
}

/** `store`, with every method made to resolve with a value of the right shape. */
export function guardStore(store: AadStore, logger: AadLogger): AadStore {
  let warned = false;
  const fallback = <T>(operation: string, value: T) => (error: unknown): T => {
    if (!warned) {
      warned = true;
      log(logger, 'warn', { store: store.kind, operation, error: error instanceof Error ? error.name : typeof error }, 'the store failed; carrying on without it');
    }
    return value;
  };
  const attempt = <T>(operation: string, value: T, run: () => Promise<T>): Promise<T> => {
    try {
      return Promise.resolve(run()).catch(fallback(operation, value));
    } catch (error) {
      return Promise.resolve(fallback(operation, value)(error));
    }
  };
  return {
    kind: store.kind,
    get: (keys: readonly string[], now: number) => attempt<ReadonlyArray<StoreEntry | undefined>>('get', keys.map(() => undefined), async () => {
      const entries: unknown = await store.get(keys, now);
      if (!Array.isArray(entries)) throw new TypeError('get() did not answer an array');
      return keys.map((_, index) => (isEntry(entries[index]) ? entries[index] : undefined));
    }),
    extend: (key: string, value: string, until: number, now: number) => attempt('extend', undefined, () => store.extend(key, value, until, now)),
    delete: (keys: readonly string[]) => attempt('delete', undefined, () => store.delete(keys)),
    acquireLease: (key: string, owner: string, ttlMs: number, now: number) => attempt('acquireLease', true, async () => {
      // A custom store may answer anything; only `true` is a lease.
      const taken: unknown = await store.acquireLease(key, owner, ttlMs, now);
      return taken === true;
    }),
    releaseLease: (key: string, owner: string) => attempt('releaseLease', undefined, () => store.releaseLease(key, owner)),
    isLocal: () => {
      try {
        return store.isLocal?.() === true;
      } catch {
        return false;
      }
    },
    recordFailure: (key: string, probeKey: string, detail: string, policy: CircuitPolicy, now: number) => attempt<number | null>('recordFailure', null, async () => {
      const opened: unknown = await store.recordFailure(key, probeKey, detail, policy, now);
      return typeof opened === 'number' && Number.isFinite(opened) ? opened : null;
    }),
  };
}
