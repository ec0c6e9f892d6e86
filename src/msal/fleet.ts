import crypto from 'node:crypto';
import type { ClassifyOptions, Decision } from '../classify/types.js';
import type { AadLogger } from '../logger.js';
import { decodeCircuit, type CircuitRecord, type StoreEntry } from '../store/types.js';
import { announce, isOutage } from './circuit-breaker.js';
import { decisionFromSeed, seedOf } from './decision-seed.js';
import { bypassesCache, KeyLayout, type FleetKeys } from './fleet-keys.js';
import type { ResolvedFleet } from './options.js';
import { PAST_END } from './msal-internals.js';
import type { FlightControl } from './single-flight.js';
import { KnownFailure } from './known-failure.js';
import type { ClassifiedFailure } from './throttling.js';
import { abortableSleep, type Runtime } from './retry.js';

// What makes many instances behave as one client of Entra ID, on a shared store:
// - before a request that may reach Entra ID: a remembered interaction-required failure for the user,
//   an open circuit for the authority, or a wait another instance learned, answers without a request;
// - one instance at a time sends a given cache-missing token request (a lease); the others wait for it
//   and then read the token through msal-node's distributed cache;
// - after a failure, what it taught (a wait, an outage, an interaction) is written before the lease goes.
// A request known to be a cache hit skips all of it: the store is not touched on the hot path.

/** The wrapper-wide fleet settings: the resolved `fleet` options, and who this client is. */
export interface FleetSettings extends ResolvedFleet {
  readonly authority: string;
  readonly clientId: string;
  readonly logger: AadLogger;
  readonly runtime: Runtime;
}

/** What the fleet layer knows of one wrapped method. */
export interface FleetMethod {
  readonly name: string;
  readonly classifyOptions: ClassifyOptions;
}

type Request = Readonly<Record<string, unknown>>;

/** Interactive sign-ins: success clears what was remembered for the account. */
const SIGN_INS: ReadonlySet<string> = new Set(['acquireTokenByCode', 'acquireTokenByDeviceCode']);
const INTERACTION: ReadonlySet<Decision['action']> = new Set(['reauthenticate', 'consent', 'claims_challenge']);

/**
 * msal-node's DEFAULT_TOKEN_RENEWAL_OFFSET_SEC (its client applications never pass another), plus a
 * minute: until this long before a token expires, msal-node serves it from its cache.
 */
const RENEWAL_MARGIN_MS = (300 + 60) * 1000;
const MAX_FRESH = 1024;
const FIRST_POLL_MS = 10;
const MAX_POLL_MS = 100;

/** What the preflight found: whether this attempt is the circuit's probe, and whether a circuit record exists. */
interface Preflight {
  readonly probe: string | null;
  readonly circuitSeen: boolean;
}

/** An open period of a circuit as this instance last saw it on the shared store. */
interface SeenOpen {
  readonly openUntil: number;
  readonly detail: string;
}

/**
 * An interaction-required failure Entra ID itself answered (an OAuth `error` it sent), as opposed to
 * msal-node finding nothing in this instance's cache: only the first is true of the user everywhere.
 */
function isEntraInteraction(decision: Decision): boolean {
  return INTERACTION.has(decision.action) && decision.error !== null && decision.rule !== 'hint';
}

export class Fleet {
  readonly #settings: FleetSettings;
  readonly #fresh = new Map<string, number>();
  readonly #layout: KeyLayout;
  readonly #id = crypto.randomUUID();
  /**
   * Per circuit key, the last open period this instance saw on the shared store (read, or opened by its
   * own failure). While the store answers from local memory (Redis slow or away) that memory knows
   * nothing of the fleet's circuit; this does, so the instance keeps failing fast instead of sending
   * everything it has until its own local circuit opens.
   */
  readonly #seenOpen = new Map<string, SeenOpen>();
  #owners = 0;

  constructor(settings: FleetSettings) {
    this.#settings = settings;
    this.#layout = new KeyLayout(settings.authority, settings.clientId);
  }

  /**
   * One attempt under the fleet's rules. `classify` classifies a failure of this very attempt (it
   * consumes the network client's record of it), and is called at most once.
   */
  attempt<T>(method: FleetMethod, sent: Request, flightKey: string | null, send: (request: Request) => Promise<T>, classify: (error: unknown) => ClassifiedFailure | null, control: FlightControl): Promise<T> {
    if (flightKey !== null && !bypassesCache(sent) && this.#isFresh(flightKey)) return send(sent);
    return this.#coordinated(method, sent, flightKey, send, classify, control);
  }

  /** After an interactive sign-in: forget the interaction-required failures remembered for its account. */
  async signedIn(method: string, result: unknown): Promise<void> {
    if (!SIGN_INS.has(method) || this.#settings.interactionMemoryMs === 0) return;
    const account = typeof result === 'object' && result !== null ? (result as Record<string, unknown>)['account'] : undefined;
    const id = typeof account === 'object' && account !== null ? (account as Record<string, unknown>)['homeAccountId'] : undefined;
    if (typeof id !== 'string') return;
    const now = this.#settings.runtime.now();
    // A marker rather than a delete: the remembered entries are per scope set, and this clears them all.
    await this.#settings.store.extend(this.#layout.clearedKey(id), String(now), now + this.#settings.interactionMemoryMs, now);
  }

  async #coordinated<T>(method: FleetMethod, sent: Request, flightKey: string | null, send: (request: Request) => Promise<T>, classify: (error: unknown) => ClassifiedFailure | null, control: FlightControl): Promise<T> {
    const { store, runtime, leaseTtlMs, leaseWaitMs } = this.#settings;
    const keys = this.#layout.keys(method.name, sent, flightKey, this.#settings.interactionMemoryMs > 0);
    // Waiting for another instance's request is measured on the real clock, as Redis timeouts are: it
    // is about how long a request really takes, not about when Entra ID lets us back in.
    const deadline = performance.now() + leaseWaitMs;
    // Kept across rounds: a follower whose store answers from local memory comes back here at once.
    const poll = { pause: FIRST_POLL_MS };
    for (;;) {
      const preflight = await this.#preflight(method, keys);
      if (keys.lease === null || preflight.probe !== null || performance.now() >= deadline) return this.#send(method, keys, preflight, sent, flightKey, send, classify);
      const owner = `${this.#id}:${++this.#owners}`;
      if (await store.acquireLease(keys.lease, owner, leaseTtlMs, runtime.now())) {
        try {
          return await this.#send(method, keys, preflight, sent, flightKey, send, classify);
        } finally {
          void store.releaseLease(keys.lease, owner);
        }
      }
      await this.#waitForLease(keys.lease, deadline, control, poll);
    }
  }

  /** Polls the lease until it is given back or the wait's bound is reached, with growing pauses. */
  async #waitForLease(lease: string, deadline: number, control: FlightControl, poll: { pause: number }): Promise<void> {
    const { store, runtime } = this.#settings;
    for (;;) {
      const now = performance.now();
      if (now >= deadline) return;
      await abortableSleep(Math.min(poll.pause, deadline - now), control.signal);
      poll.pause = Math.min(poll.pause * 2, MAX_POLL_MS);
      const [held] = await store.get([lease], runtime.now());
      if (held === undefined) {
        // Given back: the next wait, if any, starts short again. Not seen only because the store answers
        // from local memory: the lease is asked of Redis next (it always is), at the pace reached so far.
        if (store.isLocal?.() !== true) poll.pause = FIRST_POLL_MS;
        return;
      }
    }
  }

  async #send<T>(method: FleetMethod, keys: FleetKeys, preflight: Preflight, sent: Request, flightKey: string | null, send: (request: Request) => Promise<T>, classify: (error: unknown) => ClassifiedFailure | null): Promise<T> {
    let result: T;
    try {
      result = await send(sent);
    } catch (error) {
      const failure = classify(error);
      await this.#learn(keys, preflight, failure);
      throw new KnownFailure(error, failure, false);
    }
    // Awaited so a probe's caller returns with the circuit already closed for everyone.
    await this.#succeeded(keys, preflight, flightKey, result);
    return result;
  }

  /** Reads what the fleet knows before a request that may reach Entra ID; throws a refusal when it must not be sent. */
  async #preflight(method: FleetMethod, keys: FleetKeys): Promise<Preflight> {
    const { store, runtime, breaker } = this.#settings;
    const now = runtime.now();
    const names = [keys.wait, keys.circuit, keys.probe];
    if (keys.interaction !== null && keys.cleared !== null) names.push(keys.interaction, keys.cleared);
    const [wait, circuit, probe, remembered, cleared] = await store.get(names, now);
    this.#refuseRemembered(method, remembered, cleared, now);
    const record = breaker === null ? decodeCircuit(undefined) : this.#circuitRecord(keys.circuit, circuit, store.isLocal?.() === true);
    if (breaker !== null && record.openUntil > 0) {
      if (record.openUntil > now) throw this.#circuitRefusal(method, record.detail, record.openUntil - now, now);
      if (probe !== undefined) throw this.#circuitRefusal(method, record.detail, probe.until - now, now);
      const owner = `${this.#id}:${++this.#owners}`;
      if (!(await store.acquireLease(keys.probe, owner, breaker.probeTimeoutMs, now))) throw this.#circuitRefusal(method, record.detail, breaker.probeTimeoutMs, now);
      announce({ state: 'half_open', authority: keys.authority, retryAfterMs: null, decision: null }, this.#settings.breaker, this.#settings.logger);
      return { probe: owner, circuitSeen: true };
    }
    if (wait !== undefined) {
      const decision = decisionFromSeed(wait.value, method.classifyOptions, now);
      if (decision?.action === 'retry') {
        const shared = { ...decision, retryAfterMs: wait.until - now };
        throw new KnownFailure(undefined, { decision: shared, window: { endsAt: wait.until, decision: shared } }, false);
      }
    }
    return { probe: null, circuitSeen: circuit !== undefined };
  }

  /**
   * The circuit as the preflight should see it. On the shared store, what it says (and remembered if
   * open). On local memory, the open period last seen on the shared store when it is later than what
   * the local memory knows: still open, the caller fails fast; ended, the caller must claim the probe
   * (locally: one per instance per cool-down) like everyone else.
   */
  #circuitRecord(key: string, entry: StoreEntry | undefined, local: boolean): CircuitRecord {
    const record = decodeCircuit(entry?.value);
    if (!local) {
      if (record.openUntil > 0) this.#seenOpen.set(key, { openUntil: record.openUntil, detail: record.detail });
      else this.#seenOpen.delete(key);
      return record;
    }
    const seen = this.#seenOpen.get(key);
    return seen !== undefined && seen.openUntil > record.openUntil ? { failures: 0, openUntil: seen.openUntil, detail: seen.detail } : record;
  }

  #refuseRemembered(method: FleetMethod, remembered: StoreEntry | undefined, cleared: StoreEntry | undefined, now: number): void {
    if (remembered === undefined) return;
    const bar = remembered.value.indexOf('|');
    const at = Number(remembered.value.slice(0, bar));
    // A sign-in in the same millisecond as the failure wins: better one more request than a user kept out.
    if (bar < 0 || (cleared !== undefined && Number(cleared.value) >= at)) return;
    const decision = decisionFromSeed(remembered.value.slice(bar + 1), method.classifyOptions, now);
    if (decision !== null && INTERACTION.has(decision.action)) throw new KnownFailure(undefined, { decision, window: undefined }, true);
  }

  #circuitRefusal(method: FleetMethod, detail: string, remainingMs: number, now: number): KnownFailure {
    const opened = decisionFromSeed(detail === '' ? '{}' : detail, method.classifyOptions, now) ?? decisionFromSeed('{}', method.classifyOptions, now);
    // decisionFromSeed('{}') is msal-node's network_error, which always classifies.
    const decision = { ...(opened as Decision), action: 'retry' as const, retryable: true, retryAfterMs: Math.max(0, Math.ceil(remainingMs)) };
    return new KnownFailure(undefined, { decision, window: undefined }, true);
  }

  /** Writes what a failure taught, before the lease is given back, so followers see it. */
  async #learn(keys: FleetKeys, preflight: Preflight, failure: ClassifiedFailure | null): Promise<void> {
    if (failure === null) {
      // Not an Entra ID failure (a credential callback threw, say): the probe proved nothing; hand it back.
      if (preflight.probe !== null) await this.#settings.store.releaseLease(keys.probe, preflight.probe);
      return;
    }
    const { store, runtime, breaker, interactionMemoryMs } = this.#settings;
    const { decision, window } = failure;
    const now = runtime.now();
    const writes: Promise<unknown>[] = [];
    const seed = seedOf(decision);
    if (keys.interaction !== null && interactionMemoryMs > 0 && isEntraInteraction(decision)) {
      writes.push(store.extend(keys.interaction, `${now}|${seed}`, now + interactionMemoryMs, now));
    }
    if (decision.action === 'retry' && !decision.throttledReplay) {
      const asked = decision.retryAfterMs === null ? 0 : now + decision.retryAfterMs;
      const until = Math.max(asked, window === undefined ? 0 : window.endsAt - PAST_END);
      if (until > now) writes.push(store.extend(keys.wait, seed, until, now));
    }
    if (breaker !== null) {
      if (isOutage(decision)) {
        writes.push(store.recordFailure(keys.circuit, keys.probe, seed, breaker.policy, now).then(async (opened) => {
          if (opened !== null) {
            this.#seenOpen.set(keys.circuit, { openUntil: opened, detail: seed });
            announce({ state: 'open', authority: keys.authority, retryAfterMs: opened - now, decision }, breaker, this.#settings.logger);
          } else if (preflight.probe !== null && this.#seenOpen.has(keys.circuit)) {
            // A probe failed and the store did not reopen the circuit: another instance's failure did it
            // first (the store already shows it), or the store is on local memory, which never knew the
            // circuit was open. Either way it is open for another cool-down, here at least.
            this.#seenOpen.set(keys.circuit, { openUntil: now + breaker.policy.coolDownMs, detail: seed });
            await store.releaseLease(keys.probe, preflight.probe);
          }
        }));
      } else if (!decision.throttledReplay && (preflight.circuitSeen || preflight.probe !== null)) {
        // Entra ID answered: the run of consecutive failures is over.
        writes.push(this.#close(keys, preflight));
      }
    }
    await Promise.all(writes);
  }

  async #succeeded(keys: FleetKeys, preflight: Preflight, flightKey: string | null, result: unknown): Promise<void> {
    const record = typeof result === 'object' && result !== null ? (result as Record<string, unknown>) : {};
    if (flightKey !== null) this.#remember(flightKey, record);
    if (this.#settings.breaker === null || (!preflight.circuitSeen && preflight.probe === null)) return;
    // A token from the cache says nothing about Entra ID: the probe is handed back for a real request to make.
    if (record['fromCache'] === true) {
      if (preflight.probe !== null) await this.#settings.store.releaseLease(keys.probe, preflight.probe);
      return;
    }
    await this.#close(keys, preflight);
  }

  async #close(keys: FleetKeys, preflight: Preflight): Promise<void> {
    this.#seenOpen.delete(keys.circuit);
    await this.#settings.store.delete([keys.circuit, keys.probe]);
    if (preflight.probe !== null) announce({ state: 'closed', authority: keys.authority, retryAfterMs: null, decision: null }, this.#settings.breaker, this.#settings.logger);
  }

  /** Remembers until when this request is a cache hit: msal-node serves a token until 5 minutes before it expires or its refresh time. */
  #remember(flightKey: string, result: Record<string, unknown>): void {
    const expiresOn = result['expiresOn'];
    if (!(expiresOn instanceof Date)) return;
    const refreshOn = result['refreshOn'];
    const until = Math.min(expiresOn.getTime() - RENEWAL_MARGIN_MS, refreshOn instanceof Date ? refreshOn.getTime() : Infinity);
    if (!(until > this.#settings.runtime.now())) return;
    this.#fresh.delete(flightKey);
    this.#fresh.set(flightKey, until);
    if (this.#fresh.size > MAX_FRESH) {
      const oldest = this.#fresh.keys().next().value;
      if (oldest !== undefined) this.#fresh.delete(oldest);
    }
  }

  #isFresh(flightKey: string): boolean {
    const until = this.#fresh.get(flightKey);
    if (until === undefined) return false;
    if (until > this.#settings.runtime.now()) return true;
    this.#fresh.delete(flightKey);
    return false;
  }
}
