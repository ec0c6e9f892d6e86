import crypto from 'node:crypto';
import type { Decision } from '../classify/types.js';

/** What a running flight shares with the code that runs it. */
export interface FlightControl {
  /** Aborts when every caller waiting on the flight has aborted, so its retry waits stop too. */
  readonly signal: AbortSignal;
  /** True once every caller has aborted; reading it costs nothing. */
  readonly aborted: boolean;
  /** The last `retry` decision the flight is waiting on, for the error an aborting caller gets. */
  lastDecision: Decision | null;
}

/**
 * One shared request. Its AbortController is made on first use: creating one with its signal costs
 * as much as the rest of the wrapper's work on a cache hit (bench/msal.mjs), and only flights that wait or
 * get abandoned need one.
 */
class Flight implements FlightControl {
  #controller: AbortController | undefined;
  lastDecision: Decision | null = null;
  /** Callers still waiting for the outcome. */
  callers = 0;
  // Set right after construction: the start function receives the flight before its promise exists.
  promise!: Promise<unknown>;

  get signal(): AbortSignal {
    return (this.#controller ??= new AbortController()).signal;
  }

  get aborted(): boolean {
    return this.#controller?.signal.aborted ?? false;
  }

  abort(reason: unknown): void {
    (this.#controller ??= new AbortController()).abort(reason);
  }
}

/** Turns a caller's abort into the error that caller sees. */
export type AbortErrorFactory = (control: FlightControl, reason: unknown) => unknown;

const ignore = (): void => {};

/**
 * Concurrent identical requests share one in-flight promise, retries included: a hundred callers asking
 * for the same token at once cause one token request, and all of them wait for the same retry.
 *
 * Each caller keeps its own abort: an aborting caller is released at once, and the shared work is
 * stopped only when no caller is left waiting for it.
 */
export class SingleFlight {
  readonly #flights = new Map<string, Flight>();
  readonly #abortError: AbortErrorFactory;

  constructor(abortError: AbortErrorFactory) {
    this.#abortError = abortError;
  }

  /** Joins the flight for `key`, or starts it with `start`. A null key never shares. */
  run<T>(key: string | null, start: (control: FlightControl) => Promise<T>, signal: AbortSignal | undefined): Promise<T> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    let flight = key === null ? undefined : this.#flights.get(key);
    if (flight === undefined) {
      const started = new Flight();
      const promise = start(started);
      started.promise = promise;
      flight = started;
      if (key === null) {
        // Every outcome reaches the callers; a flight all of them abandoned must not become an unhandled rejection.
        promise.then(undefined, ignore);
      } else {
        this.#flights.set(key, started);
        // Registered before any caller's handlers, so the key is free again when callers hear the outcome
        // (and, as above, a rejection nobody waits for any more is handled here).
        const forget = (): void => this.#forget(key, started);
        promise.then(forget, forget);
      }
    }
    return this.#join(key, flight, signal) as Promise<T>;
  }

  /** How many flights are running; for tests and diagnostics. */
  get size(): number {
    return this.#flights.size;
  }

  #forget(key: string, flight: Flight): void {
    if (this.#flights.get(key) === flight) this.#flights.delete(key);
  }

  #join(key: string | null, flight: Flight, signal: AbortSignal | undefined): Promise<unknown> {
    flight.callers++;
    if (signal === undefined) return flight.promise;
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        flight.callers--;
        if (flight.callers === 0) {
          if (key !== null) this.#forget(key, flight);
          flight.abort(signal.reason);
        }
        reject(this.#abortError(flight, signal.reason));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      flight.promise.then(
        (value) => {
          signal.removeEventListener('abort', onAbort);
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
    });
  }
}

// Keys for "is this the same request?". Two different questions get two keys:
// - flightKey: may two concurrent callers share one in-flight promise? Every field that can change the
//   answer takes part, so requests that differ in anything but their correlation ID never share.
// - throttleKey: will msal-node replay a throttled failure for this request? It mirrors msal-common's
//   RequestThumbprint, which leaves the user assertion and the grant out.

/** Fields that never change what Entra ID answers, only how the call is logged. */
const IGNORED = new Set(['correlationId']);
const MAX_DEPTH = 6;

let nextFunctionId = 0;
const functionIds = new WeakMap<object, number>();

/** Callbacks (device-code prompts, assertion callbacks) count as the same only when they are the same object. */
function functionId(fn: object): string {
  let id = functionIds.get(fn);
  if (id === undefined) {
    id = ++nextFunctionId;
    functionIds.set(fn, id);
  }
  return `fn#${id}`;
}

function canonicalScopes(scopes: unknown): unknown {
  if (!Array.isArray(scopes)) return scopes;
  // The usual case, one `.default` scope, without the array work below.
  if (scopes.length === 1 && typeof scopes[0] === 'string') {
    const only = scopes[0].trim();
    return only === '' ? [] : [only];
  }
  const cleaned = scopes.map((scope) => (typeof scope === 'string' ? scope.trim() : String(scope))).filter((scope) => scope !== '');
  return [...new Set(cleaned)].sort();
}

function canonicalAccount(account: unknown): unknown {
  if (typeof account !== 'object' || account === null) return account;
  const { homeAccountId, environment, tenantId } = account as Record<string, unknown>;
  return { homeAccountId, environment, tenantId };
}

/** JSON with sorted keys, undefined dropped and functions by identity; stops at a fixed depth. */
function canonical(value: unknown, depth: number): string {
  if (value === undefined) return 'null';
  if (typeof value === 'function') return JSON.stringify(functionId(value));
  // JSON.stringify answers undefined for a symbol, whatever its declared type says.
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
  if (typeof value !== 'object' || value === null) return JSON.stringify(value) ?? 'null';
  if (depth >= MAX_DEPTH) return '"…"';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map((item) => canonical(item, depth + 1)).join(',')}]`;
  const record = value as Record<string, unknown>;
  const parts: string[] = [];
  for (const key of Object.keys(record).sort()) {
    if (depth === 0 && IGNORED.has(key)) continue;
    let field = record[key];
    if (field === undefined) continue;
    if (depth === 0 && key === 'scopes') field = canonicalScopes(field);
    if (depth === 0 && key === 'account') field = canonicalAccount(field);
    parts.push(`${JSON.stringify(key)}:${canonical(field, depth + 1)}`);
  }
  return `{${parts.join(',')}}`;
}

let uncomparable = 0;

// crypto.hash (Node 20.12+) is the one-shot form, at less than half the cost of createHash; this runs
// on every call, cache hits included.
const sha256: (text: string) => string =
  typeof crypto.hash === 'function' ? (text) => crypto.hash('sha256', text, 'base64url') : (text) => crypto.createHash('sha256').update(text).digest('base64url');

// The fields of the common requests ({ scopes }, { scopes, skipCache }, …): none is a secret, so their
// key needs no digest. This path runs on every call, cache hits included, and costs a fifth of the other.
const PLAIN_FIELDS = new Set(['scopes', 'authority', 'claims', 'skipCache', 'forceRefresh', 'correlationId', 'azureRegion']);

/** A self-delimiting encoding (length-prefixed strings), so no two field lists give the same text. */
function encode(value: unknown): string {
  // plainKey lets only strings, booleans and undefined through.
  // eslint-disable-next-line @typescript-eslint/no-base-to-string
  return value === undefined ? '-' : typeof value === 'string' ? `${value.length}.${value}` : String(value);
}

function plainKey(method: string, request: Record<string, unknown>): string | undefined {
  for (const key in request) {
    if (!PLAIN_FIELDS.has(key)) return undefined;
    const value = request[key];
    if (key === 'scopes') {
      if (!Array.isArray(value)) return undefined;
      for (const scope of value) if (typeof scope !== 'string') return undefined;
    } else if (value !== undefined && typeof value !== 'string' && typeof value !== 'boolean') return undefined;
  }
  const scopes = (canonicalScopes(request['scopes']) ?? []) as string[];
  let key = `${method}:p:${scopes.length}`;
  for (const scope of scopes) key += `|${encode(scope)}`;
  return `${key}|${encode(request['authority'])}|${encode(request['claims'])}|${encode(request['skipCache'])}|${encode(request['forceRefresh'])}|${encode(request['azureRegion'])}`;
}

/**
 * The single-flight key of a request. A request made only of non-secret fields is keyed by them in
 * canonical form; any other is keyed by the method name and a SHA-256 of the whole request in canonical
 * form, so assertions, codes and refresh tokens only ever exist inside the digest, never as a readable
 * key. A request that cannot be read (a throwing getter) gets a key of its own.
 */
export function flightKey(method: string, request: unknown): string {
  try {
    if (typeof request === 'object' && request !== null && !Array.isArray(request)) {
      const plain = plainKey(method, request as Record<string, unknown>);
      if (plain !== undefined) return plain;
    }
    return `${method}:h:${sha256(canonical(request, 0))}`;
  } catch {
    return `${method}:uncomparable#${++uncomparable}`;
  }
}

