import { describe, expect, it } from 'vitest';
import { SingleFlight, type FlightControl } from '../../src/msal/single-flight.js';

function deferred<T>(): { promise: Promise<T>; resolve(value: T): void; reject(error: unknown): void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const passReason = (_control: FlightControl, reason: unknown): unknown => reason;

describe('SingleFlight', () => {
  it('runs one start for concurrent callers with the same key and gives all of them its result', async () => {
    const flights = new SingleFlight(passReason);
    const gate = deferred<string>();
    let starts = 0;
    const start = (): Promise<string> => {
      starts++;
      return gate.promise;
    };
    const callers = Array.from({ length: 100 }, () => flights.run('k', start, undefined));
    gate.resolve('token');
    expect(await Promise.all(callers)).toEqual(Array(100).fill('token'));
    expect(starts).toBe(1);
  });

  it('shares a failure with every caller', async () => {
    const flights = new SingleFlight(passReason);
    const failure = new Error('boom');
    const gate = deferred<string>();
    const a = flights.run('k', () => gate.promise, undefined);
    const b = flights.run('k', () => gate.promise, undefined);
    gate.reject(failure);
    await expect(a).rejects.toBe(failure);
    await expect(b).rejects.toBe(failure);
  });

  it('keeps different keys apart and never shares a null key', async () => {
    const flights = new SingleFlight(passReason);
    let starts = 0;
    const start = async (): Promise<number> => ++starts;
    await Promise.all([flights.run('a', start, undefined), flights.run('b', start, undefined), flights.run(null, start, undefined), flights.run(null, start, undefined)]);
    expect(starts).toBe(4);
  });

  it('starts a new flight once the previous one has settled', async () => {
    const flights = new SingleFlight(passReason);
    let starts = 0;
    const start = async (): Promise<number> => ++starts;
    expect(await flights.run('k', start, undefined)).toBe(1);
    expect(flights.size).toBe(0);
    expect(await flights.run('k', start, undefined)).toBe(2);
  });

  it('releases an aborting caller at once while the others keep waiting for the shared result', async () => {
    const flights = new SingleFlight(passReason);
    const gate = deferred<string>();
    let control: FlightControl | undefined;
    const leaving = new AbortController();
    const a = flights.run('k', (c) => {
      control = c;
      return gate.promise;
    }, leaving.signal);
    const b = flights.run('k', () => gate.promise, new AbortController().signal);
    leaving.abort(new Error('gone'));
    await expect(a).rejects.toThrow('gone');
    expect(control?.signal.aborted).toBe(false);
    gate.resolve('token');
    await expect(b).resolves.toBe('token');
  });

  it('aborts the shared work and frees the key when every caller has aborted', async () => {
    const flights = new SingleFlight(passReason);
    let control: FlightControl | undefined;
    const first = new AbortController();
    const second = new AbortController();
    const start = (c: FlightControl): Promise<string> => {
      control = c;
      return new Promise((_resolve, reject) => c.signal.addEventListener('abort', () => reject(c.signal.reason)));
    };
    const a = flights.run('k', start, first.signal);
    const b = flights.run('k', start, second.signal);
    first.abort();
    expect(control?.signal.aborted).toBe(false);
    second.abort();
    expect(control?.signal.aborted).toBe(true);
    expect(flights.size).toBe(0);
    await expect(a).rejects.toMatchObject({ name: 'AbortError' });
    await expect(b).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('gives an aborting caller the error the factory makes from the flight state', async () => {
    const flights = new SingleFlight((control, reason) => ({ wrapped: reason, last: control.lastDecision }));
    const controller = new AbortController();
    const running = flights.run('k', () => new Promise<string>(() => {}), controller.signal);
    controller.abort('why');
    await expect(running).rejects.toEqual({ wrapped: 'why', last: null });
  });

  it('rejects with the reason and starts nothing when the signal is already aborted', async () => {
    const flights = new SingleFlight(passReason);
    let starts = 0;
    await expect(flights.run('k', async () => ++starts, AbortSignal.abort('early'))).rejects.toBe('early');
    expect(starts).toBe(0);
  });
});
