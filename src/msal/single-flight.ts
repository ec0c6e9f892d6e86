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
 * about 2.5 µs, which would be most of the wrapper's cost on a cache hit, and only flights that wait or
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
